using Fixlify.Tests.Fixtures;

namespace Fixlify.Tests.Api;

/// <summary>An open live-updates stream must not hold up the host's shutdown (Ctrl-C on <c>make run</c>, a deployment).</summary>
public sealed class ExecutionStreamShutdownTests : IAsyncLifetime
{
    readonly EngineApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Stream_EndsWhenTheHostStops_InsteadOfHoldingTheShutdown()
    {
        await using var stream = await EventStreamReader.OpenAsync(_app.Api, "api/executions/stream");
        await stream.NextAsync("ready");

        var stopping = _app.StopHostAsync();

        // The host waits up to 30 s for open requests before cutting them; the stream ends on its own long before.
        await stream.Ended.WaitAsync(TimeSpan.FromSeconds(10));
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
