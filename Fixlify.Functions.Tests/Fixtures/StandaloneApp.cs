using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Fixlify.Api;
using Fixlify.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Fixlify.Tests.Fixtures;

/// <summary>The standalone host, started for real on a free loopback port against the class's own database.</summary>
public class StandaloneApp : PostgresDatabase
{
    public const string SigningKey = "test-signing-key-0123456789-abcdefghijklmnop";
    public const string Issuer = "https://auth.test.local";
    public const string Audience = "fixlify-tests";

    WebApplication? _app;

    internal AuthOptions Auth { get; } = new() { Issuer = Issuer, Audience = Audience, SigningKey = SigningKey };

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    /// <summary>Settings for this host; subclasses add their own.</summary>
    protected virtual IEnumerable<string> Arguments()
    {
        yield return $"--Postgres:ConnectionString={AppConnectionString}";
        yield return $"--Postgres:ServiceConnectionString={ServiceConnectionString}";
        yield return $"--Postgres:MigrationConnectionString={OwnerConnectionString}";
        yield return $"--Auth:Issuer={Issuer}";
        yield return $"--Auth:Audience={Audience}";
        yield return $"--Auth:SigningKey={SigningKey}";
        yield return $"--Auth:JwksUrl=";
        yield return $"--Standalone:Urls={BaseAddress}";
        yield return "--Durable:Backend=InMemory";
        yield return "--Logging:LogLevel:Default=Warning";

        // Every response a test causes is checked against the OpenAPI document (ADR 0016).
        yield return "--Api:ValidateResponses=true";
    }

    /// <summary>Services a test adds to the host (fakes of the project's own interfaces).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        for (var attempt = 1; ; attempt++)
        {
            // A port found free can be taken before Kestrel (or the sidecar, which finds its own) binds it: try another.
            BaseAddress = new Uri($"http://127.0.0.1:{FreePort()}/");
            _app = StandaloneHost.Build([.. Arguments()], ConfigureServices);
            StandaloneHost.Prepare(_app);
            try
            {
                await _app.StartAsync();
                break;
            }
            catch (IOException e) when (attempt < 3 && e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                await _app.DisposeAsync();
            }
        }

        Http = new HttpClient { BaseAddress = BaseAddress };
    }

    /// <summary>
    /// A valid token for <paramref name="subject"/> of the organization; <paramref name="name"/> is the person's name (its
    /// <c>name</c> claim), <paramref name="role"/> their role (<c>owner</c>, <c>admin</c>, <c>editor</c>, <c>viewer</c>; none: no role claim).
    /// </summary>
    public string Token(Guid organizationId, string subject = "tester", TimeSpan? lifetime = null, string? name = null, string? role = null) =>
        DevTokenCommand.Create(Auth, organizationId, subject, lifetime ?? TimeSpan.FromHours(1), TimeProvider.System, name, role is null ? null : ApiRoles.Parse(role));

    /// <summary>A client that sends a valid token for <paramref name="organizationId"/>.</summary>
    public HttpClient ClientFor(Guid organizationId)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(organizationId));
        return client;
    }

    /// <summary>A new organization called <paramref name="name"/>, and a client signed in to it.</summary>
    public async Task<(Guid Organization, HttpClient Api)> NewOrganizationAsync(string name)
    {
        await using var connection = await OpenAsync();
        var organization = await TestData.OrganizationAsync(connection, name);
        return (organization, ClientFor(organization));
    }

    /// <summary>
    /// What the scheduler's next tick does for a workflow's counters (executions, successes, failures, last triggered):
    /// roll the executions that changed up into the hourly metrics, and sum those.
    /// </summary>
    public Task RollUpAsync() =>
        Services.GetRequiredService<Fixlify.Triggers.MetricsRollup>().RollUpAsync(DateTimeOffset.UtcNow, TimeSpan.FromHours(2), CancellationToken.None);

    /// <summary>Stops the host as Ctrl-C would (disposing the fixture stops it too).</summary>
    public Task StopHostAsync() => _app!.StopAsync();

    /// <summary>Stops the host, does <paramref name="whileDown"/>, then starts a new one on the same address and database.</summary>
    public async Task RestartHostAsync(Func<Task> whileDown)
    {
        await _app!.StopAsync();
        await _app.DisposeAsync();
        _app = null;
        await whileDown();
        _app = StandaloneHost.Build([.. Arguments()], ConfigureServices);
        StandaloneHost.Prepare(_app);
        await _app.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
