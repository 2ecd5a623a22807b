namespace Fixlify.Tests.Fixtures;

/// <summary>
/// <see cref="OutageApp"/> with the app's real office alerts: the circuits tell <see cref="Fixlify.Application.ProviderOutageAlerts"/>,
/// whose messages go out through the same SMTP server and Telnyx stub as the held messages (as they would in production).
/// </summary>
public sealed class AlertedOutageApp : OutageApp
{
    protected override bool RecordsOutages => false;

    protected override IEnumerable<string> Arguments() => base.Arguments().Append("--Alerts:PollInterval=00:00:01");
}
