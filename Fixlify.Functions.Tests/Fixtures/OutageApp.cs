using System.Net;
using Fixlify.Application;
using Microsoft.Extensions.DependencyInjection;
using netDumbster.smtp;

namespace Fixlify.Tests.Fixtures;

/// <summary>
/// The channels app with short hold settings (a circuit opens after 3 failures, probes every second, held steps check every
/// second), a recording <see cref="IProviderOutages"/> (unless <see cref="RecordsOutages"/> says not), and an SMTP peer that can be stopped and started again on its port.
/// </summary>
public class OutageApp : ChannelsApp
{
    internal RecordingProviderOutages Outages { get; } = new();

    protected override IEnumerable<string> Arguments() =>
        base.Arguments()
            .Append("--Holds:OpenAfter=3")
            .Append("--Holds:ProbeInterval=00:00:01")
            .Append("--Holds:CheckInterval=00:00:01")
            .Append("--Holds:ReleaseBatch=5")
            .Append("--Holds:ReleaseInterval=00:00:00.250");

    /// <summary>False: the office is told by the app's own alerts (<see cref="ProviderOutageAlerts"/>), not recorded.</summary>
    protected virtual bool RecordsOutages => true;

    protected override void ConfigureServices(IServiceCollection services)
    {
        base.ConfigureServices(services);
        if (RecordsOutages)
        {
            services.AddSingleton<IProviderOutages>(Outages);
        }
    }

    /// <summary>The SMTP server goes away: its port refuses connections.</summary>
    public void StopSmtp() => Smtp.Stop();

    /// <summary>The SMTP server comes back on the same port, with nothing received.</summary>
    public void StartSmtp() => Smtp = Configuration.Configure().WithAddress(IPAddress.Loopback).WithPort(Smtp.Configuration.Port).Build();
}
