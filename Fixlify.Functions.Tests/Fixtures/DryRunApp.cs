using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WireMock.Server;

namespace Fixlify.Tests.Fixtures;

/// <summary>
/// The channels app for dry runs: "now" is a <see cref="FakeTimeProvider"/> (set by each test with <see cref="SetNow"/>), webhooks and API calls
/// may reach <see cref="Receiver"/> (WireMock.Net on 127.0.0.1), the organization keeps the default quiet hours
/// (21:00–08:00, New York time), and no scheduler tick runs (it would write events of its own).
/// </summary>
public class DryRunApp : ChannelsApp
{
    /// <summary>2026-01-15 02:00 UTC: 21:00 in New York, 18:00 in Los Angeles.</summary>
    public static readonly DateTimeOffset Start = new(2026, 1, 15, 2, 0, 0, TimeSpan.Zero);

    /// <summary>The app's clock; <see cref="SetNow"/> replaces it (a <see cref="FakeTimeProvider"/> cannot go back in time).</summary>
    public FakeTimeProvider Clock { get; private set; } = new(Start);

    public void SetNow(DateTimeOffset now) => Clock = new FakeTimeProvider(now);

    public WireMockServer Receiver { get; private set; } = null!;

    protected override IEnumerable<string> Arguments() =>
        base.Arguments().Append("--Http:AllowLoopback=true").Append("--Scheduler:Enabled=false");

    protected override void ConfigureServices(IServiceCollection services)
    {
        base.ConfigureServices(services);
        services.AddSingleton<TimeProvider>(new CurrentClock(this));
    }

    public override async Task InitializeAsync()
    {
        Receiver = HttpPeer.Start();
        await base.InitializeAsync();
        await using var connection = await OpenAsync();
        await connection.ExecuteAsync("UPDATE organizations SET quiet_hours_start = '21:00', quiet_hours_end = '08:00' WHERE id = @OrganizationId", new { OrganizationId });
    }

    /// <summary>The app's TimeProvider: whatever <see cref="Clock"/> says now.</summary>
    sealed class CurrentClock(DryRunApp app) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => app.Clock.GetUtcNow();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Receiver?.Stop();
    }
}
