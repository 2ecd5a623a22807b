namespace Fixlify.Triggers;

/// <summary>The scheduler tick.</summary>
internal sealed class SchedulerOptions
{
    public const string Section = "Scheduler";

    /// <summary>NCRONTAB with seconds, as the Functions timer reads it: every minute by default.</summary>
    public string Schedule { get; set; } = "0 */1 * * * *";

    /// <summary>How long a tick long-polls Service Bus.</summary>
    public TimeSpan DrainBudget { get; set; } = TimeSpan.FromSeconds(40);

    /// <summary>With Service Bus, events still unprocessed after this long are taken from the outbox directly.</summary>
    public TimeSpan LeftoverAge { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// An execution still pending after this long has its orchestration scheduled again (its scheduling failed, or the
    /// process died before it): the dispatcher's own grace (<c>ExecutionStarter.PendingGrace</c>), so that with
    /// <see cref="RecoverySchedule"/> it runs again within a minute (issue 25).
    /// </summary>
    public TimeSpan StuckPendingAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>NCRONTAB with seconds: how often executions left pending are looked for, apart from the tick (every 15 s).</summary>
    public string RecoverySchedule { get; set; } = "*/15 * * * * *";

    /// <summary>How far back time triggers look for a moment they have not fired for (downtime cover).</summary>
    public TimeSpan Lookback { get; set; } = TimeSpan.FromDays(7);

    /// <summary>A recurring run later than this is "missed" (catch-up policy applies), not just late.</summary>
    public TimeSpan MissedAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// An execution processing or waiting with no change for this long has its orchestration checked by the watchdog
    /// (failed, terminated or gone: the execution is failed, saying why).
    /// </summary>
    public TimeSpan WatchdogAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// An execution whose orchestration the task hub does not know is failed as lost only once it has not changed for this
    /// long: under a burst, Azure Storage can answer "no such instance" for a while for one that is queued and will run.
    /// </summary>
    public TimeSpan WatchdogLostAfter { get; set; } = TimeSpan.FromMinutes(15);

    public int BatchSize { get; set; } = 100;
}
