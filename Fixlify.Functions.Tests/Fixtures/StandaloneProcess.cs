using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Fixlify.Tests.Fixtures;

/// <summary>The built app started as its own process (<c>dotnet Fixlify.Functions.dll standalone</c>), to be killed like a crash.</summary>
public sealed class StandaloneProcess : IAsyncDisposable
{
    readonly Process _process;
    readonly StringBuilder _output = new();

    StandaloneProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<StandaloneProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var configuration = typeof(StandaloneProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var assembly = Path.Combine(TestServices.RepositoryRoot, "Fixlify.Functions", "bin", configuration, "net10.0", "Fixlify.Functions.dll");
        var baseAddress = new Uri($"http://127.0.0.1:{StandaloneApp.FreePort()}/");
        var start = new ProcessStartInfo("dotnet", [assembly, "standalone"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        start.Environment["Standalone__Urls"] = baseAddress.ToString();
        start.Environment["Api__ValidateResponses"] = "true"; // ADR 0016
        var process = new StandaloneProcess(Process.Start(start)!, baseAddress);
        using var http = new HttpClient { BaseAddress = baseAddress };
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (process._process.HasExited)
            {
                throw new InvalidOperationException($"The standalone host exited at start: {process.Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("api/health", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return process;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(200);
        }

        await process.DisposeAsync();
        throw new TimeoutException($"The standalone host did not answer /api/health: {process.Output}");
    }

    /// <summary>Ends the process at once, as a crash would: no shutdown, no lease released.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
