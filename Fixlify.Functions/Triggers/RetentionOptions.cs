using Microsoft.Extensions.Configuration;

namespace Fixlify.Triggers;

/// <summary>How long automation data is kept (<c>Retention__*</c>); the reasons for the defaults are in docs/operations.md.</summary>
internal sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Processed outbox events: kept longer than the time triggers look back, whose event ids repeat.</summary>
    public int ProcessedEventsDays { get; set; } = 14;

    /// <summary>Ended executions with their steps, deliveries and waits, and their orchestration histories in the task hub.</summary>
    public int ExecutionsDays { get; set; } = 90;

    /// <summary>The live stream's history (what a reconnecting screen resumes from).</summary>
    public int StreamHistoryDays { get; set; } = 1;

    /// <summary>Days an inbound reply nobody awaited is kept after it expired (0: deleted on the next tick).</summary>
    public int KeptRepliesDays { get; set; }

    /// <summary>
    /// Inbound provider message ids (<c>sms_inbound_messages</c>: ids only, no number or text), which make a retried or late
    /// webhook delivery count once; kept well past the providers' retry windows (at least a day).
    /// </summary>
    public int InboundMessageIdsDays { get; set; } = 30;

    /// <summary>Rows one statement deletes; a tick runs at most <see cref="MaxBatches"/> of them per table.</summary>
    public int BatchSize { get; set; } = 1000;

    public int MaxBatches { get; set; } = 20;

    public static RetentionOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<RetentionOptions>() ?? new RetentionOptions();

    /// <summary>
    /// The horizons as they apply: an event outlives the time triggers' look-back (a deleted event's deterministic id could
    /// fire again), and an execution with its deliveries outlives its event (a redispatched event must find the execution
    /// and its ledger, or it would run and send again).
    /// </summary>
    public (TimeSpan Events, TimeSpan Executions) Horizons(TimeSpan lookback)
    {
        var events = TimeSpan.FromDays(Math.Max(ProcessedEventsDays, 1));
        if (events <= lookback)
        {
            events = lookback + TimeSpan.FromDays(1);
        }

        var executions = TimeSpan.FromDays(Math.Max(ExecutionsDays, 1));
        return (events, executions < events ? events : executions);
    }
}
