namespace Fixlify.Tests.Fixtures;

/// <summary>
/// The HTTP actions app with short hold settings (a circuit opens after 3 failures, probes every second, held steps check every
/// second) and the app's real office alerts.
/// </summary>
public sealed class WebhookOutageApp : HttpActionsApp
{
    protected override IEnumerable<string> Arguments() =>
        base.Arguments()
            .Append("--Holds:OpenAfter=3")
            .Append("--Holds:ProbeInterval=00:00:01")
            .Append("--Holds:CheckInterval=00:00:01")
            .Append("--Holds:ReleaseBatch=5")
            .Append("--Holds:ReleaseInterval=00:00:00.250");
}
