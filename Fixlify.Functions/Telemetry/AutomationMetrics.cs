using System.Diagnostics.Metrics;
using static Fixlify.Telemetry.TelemetryTags;

namespace Fixlify.Telemetry;

/// <summary>
/// The instruments of the app's meter (<see cref="AutomationTelemetry.Meter"/>); their names, units and the alerts an
/// operator should set on them are in docs/operations.md. The gauges report what the scheduler tick last measured
/// (<see cref="Observe"/>), so reading them never touches the database.
/// </summary>
internal static class AutomationMetrics
{
    public static readonly Counter<long> ExecutionsStarted =
        AutomationTelemetry.Meter.CreateCounter<long>("fixlify.executions.started", "{execution}", "Executions started (one per event and matching workflow, manual runs and retries).");

    public static readonly Counter<long> ExecutionsEnded =
        AutomationTelemetry.Meter.CreateCounter<long>("fixlify.executions.ended", "{execution}", "Executions ended, by status (completed, failed, cancelled).");

    public static readonly Histogram<double> StepDuration =
        AutomationTelemetry.Meter.CreateHistogram<double>("fixlify.step.duration", "s", "How long one attempt at an action step took, by step type.");

    public static readonly Counter<long> Sends =
        AutomationTelemetry.Meter.CreateCounter<long>("fixlify.sends", "{message}", "Messages by channel (email, sms, push, webhook, api_call) and result (sent, suppressed, deferred, failed).");

    public static readonly Counter<long> Retries =
        AutomationTelemetry.Meter.CreateCounter<long>("fixlify.retries", "{attempt}", "Action attempts that failed and will be tried again, by step type.");

    public static readonly Histogram<double> RelayLag =
        AutomationTelemetry.Meter.CreateHistogram<double>("fixlify.relay.lag", "s", "From an event's write to the relay passing it on.");

    public static readonly Histogram<double> DispatchLag =
        AutomationTelemetry.Meter.CreateHistogram<double>("fixlify.dispatch.lag", "s", "From an event's write to the dispatcher matching it to workflows.");

    static double _oldestUnrelayedAge;
    static long _waitsOpen;

    static AutomationMetrics()
    {
        AutomationTelemetry.Meter.CreateObservableGauge(
            "fixlify.outbox.oldest_unrelayed_age", () => Volatile.Read(ref _oldestUnrelayedAge), "s", "Age of the oldest event not yet passed on (0: none waits), as of the last scheduler tick.");
        AutomationTelemetry.Meter.CreateObservableGauge(
            "fixlify.waits.open", () => Interlocked.Read(ref _waitsOpen), "{wait}", "Executions waiting for a reply or an event, as of the last scheduler tick.");
    }

    /// <summary>What the scheduler tick measured: the gauges report it until the next tick.</summary>
    public static void Observe(TimeSpan oldestUnrelayedAge, long waitsOpen)
    {
        Volatile.Write(ref _oldestUnrelayedAge, Math.Max(0, oldestUnrelayedAge.TotalSeconds));
        Interlocked.Exchange(ref _waitsOpen, waitsOpen);
    }

    public static void ExecutionEnded(string status) => ExecutionsEnded.Add(1, Tag(Status, status));

    public static void Sent(string channel, string result) => Sends.Add(1, Tag(Channel, channel), Tag(Result, result));
}
