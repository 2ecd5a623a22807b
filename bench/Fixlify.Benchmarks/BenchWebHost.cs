using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using Fixlify.Api;
using Fixlify.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace Fixlify.Benchmarks;

/// <summary>
/// The standalone host serving the built web app (<c>Fixlify.Web/dist</c>) on a free port, against a benchmark database,
/// with development tokens for its organizations; and Debian's headless Chromium to drive it (never a downloaded browser).
/// </summary>
public sealed class BenchWebHost : IAsyncDisposable
{
    const string Issuer = "https://bench.fixlify.local";
    const string Audience = "fixlify-bench";
    const string SigningKey = "bench-signing-key-0123456789-abcdefghijklmnop";

    readonly WebApplication _app;

    BenchWebHost(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public static string Dist => Path.Combine(Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..")), "Fixlify.Web", "dist");

    public string BaseUrl { get; }

    public static async Task<BenchWebHost> StartAsync(BenchEnvironment environment, string database)
    {
        var port = FreePort();
        var app = StandaloneHost.Build(
        [
            $"--Postgres:ConnectionString={environment.ConnectionString(database, "fixlify_app")}",
            $"--Postgres:ServiceConnectionString={environment.ConnectionString(database, "fixlify_service")}",
            $"--Postgres:MigrationConnectionString={environment.ConnectionString(database)}",
            "--Standalone:MigrateOnStart=false",
            $"--Standalone:Urls=http://127.0.0.1:{port}",
            $"--Standalone:WebRoot={Dist}",
            $"--Auth:Issuer={Issuer}", $"--Auth:Audience={Audience}", $"--Auth:SigningKey={SigningKey}", "--Auth:JwksUrl=",
            "--Durable:Backend=InMemory", "--Scheduler:Enabled=false", "--Relay:Enabled=false",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await app.StartAsync();
        return new BenchWebHost(app, $"http://127.0.0.1:{port}");
    }

    /// <summary>A development token for <paramref name="organization"/>, valid an hour.</summary>
    public static string Token(Guid organization) =>
        DevTokenCommand.Create(new AuthOptions { Issuer = Issuer, Audience = Audience, SigningKey = SigningKey }, organization, "bench", TimeSpan.FromHours(1), TimeProvider.System);

    public static Task<IBrowser> ChromiumAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });

    /// <summary>The size of <paramref name="bytes"/> gzipped (as a server would send them).</summary>
    public static long Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return output.Length;
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
