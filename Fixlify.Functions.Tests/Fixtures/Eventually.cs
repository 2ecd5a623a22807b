namespace Fixlify.Tests.Fixtures;

/// <summary>Reading something that another process changes (the database under a browser test) until it is as expected.</summary>
public static class Eventually
{
    /// <summary>Reads until <paramref name="done"/> holds or 10 s have passed; returns the last value read (the test asserts on it).</summary>
    public static Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done) => WaitForAsync(read, done, TimeSpan.FromSeconds(10));

    /// <summary>Reads until <paramref name="done"/> holds or <paramref name="within"/> has passed; returns the last value read.</summary>
    public static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan within)
    {
        var deadline = DateTimeOffset.UtcNow.Add(within);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTimeOffset.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(100);
        }
    }
}
