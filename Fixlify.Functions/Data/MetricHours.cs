namespace Fixlify.Data;

/// <summary>
/// The hourly metrics, in SQL shared by the rollup and the metrics APIs. An hour is one of the organization's own
/// (<c>date_trunc('hour', created_at, time_zone)</c>: in Asia/Kolkata it starts at :30 UTC, and a fall-back night has
/// two 01:00 hours). The rollup writes a row per workflow and hour to automation_metrics and notes up to when it is
/// current (automation_metrics_state); <see cref="Current"/> reads those rows but counts the hours changed since from
/// the executions themselves, so an execution is in the metrics the moment it ends.
/// </summary>
internal static class MetricHours
{
    /// <summary>How far before the rollup's start a change is still counted live (a transaction that began before it but committed after).</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The measures of the executions <c>l</c> of one workflow hour (grouped by the caller), with <see cref="Deliveries"/>
    /// joined as <c>d</c>.
    /// </summary>
    public const string Measures = """
        count(*) AS total_executions, count(*) FILTER (WHERE l.status = 'completed') AS successful_executions,
        count(*) FILTER (WHERE l.status = 'failed') AS failed_executions,
        round(avg(l.execution_time_ms) FILTER (WHERE l.status IN ('completed', 'failed')))::integer AS average_execution_time_ms,
        coalesce(sum(d.emails), 0) AS emails_sent, coalesce(sum(d.sms), 0) AS sms_sent, coalesce(sum(d.webhooks), 0) AS webhooks_sent
        """;

    /// <summary>What execution <c>l</c> sent, per channel.</summary>
    public const string Deliveries = """
        LEFT JOIN LATERAL (
            SELECT count(*) FILTER (WHERE d.channel = 'email') AS emails,
                   count(*) FILTER (WHERE d.channel = 'sms') AS sms,
                   count(*) FILTER (WHERE d.channel = 'webhook') AS webhooks
              FROM automation_deliveries d
             WHERE d.execution_id = l.id AND d.status IN ('sent', 'sending')) d ON true
        """;

    /// <summary>
    /// CTEs ending in <c>metric_hours</c> (workflow_id, period_start, the measures): the caller's organization's hours
    /// that start in [<c>@from</c>, <c>@to</c>), hours of zone <c>@timeZone</c>, current to the moment of the query.
    /// </summary>
    public const string Current = $"""
        rolled_state AS (
            SELECT coalesce((SELECT rolled_through FROM automation_metrics_state), '-infinity'::timestamptz) - @margin AS since),
        changed_hours AS (
            SELECT DISTINCT l.workflow_id, date_trunc('hour', l.created_at, @timeZone) AS hour
              FROM automation_execution_logs l, rolled_state s
             WHERE l.updated_at > s.since AND l.workflow_id IS NOT NULL
               AND l.created_at >= @from - interval '1 hour' AND l.created_at < @to),
        live_hours AS (
            SELECT h.workflow_id, h.hour AS period_start, {Measures}
              FROM changed_hours h
              JOIN automation_execution_logs l ON l.workflow_id = h.workflow_id AND l.created_at >= h.hour AND l.created_at < h.hour + interval '1 hour'
              {Deliveries}
             GROUP BY h.workflow_id, h.hour),
        metric_hours AS (
            SELECT m.workflow_id, m.period_start, m.total_executions, m.successful_executions, m.failed_executions,
                   m.average_execution_time_ms, m.emails_sent, m.sms_sent, m.webhooks_sent
              FROM automation_metrics m
             WHERE m.period_start >= @from AND m.period_start < @to AND m.workflow_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM changed_hours h WHERE h.workflow_id = m.workflow_id AND h.hour = m.period_start)
            UNION ALL
            SELECT * FROM live_hours WHERE period_start >= @from AND period_start < @to)
        """;
}
