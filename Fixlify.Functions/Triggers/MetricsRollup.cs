using Fixlify.Data;

namespace Fixlify.Triggers;

/// <summary>
/// Rolls executions up into automation_metrics: one row per workflow and hour of the organization's zone
/// (<see cref="MetricHours"/>: totals, successes, failures, average time, emails/SMS/webhooks sent, the hour's latest
/// start), recomputed from the logs for every hour that has an execution changed since the window's start (or since
/// the last rollup, if that is earlier: a scheduler that was down catches up), so a repeat changes nothing and an
/// execution that ends days after it started is counted in its hour. It then notes when it started, up to which the
/// rows are current. A workflow's counters (executions, successes, failures, last triggered) are then summed from its
/// rows: executions never write their workflow's row, so none waits on its lock.
/// </summary>
internal sealed class MetricsRollup(ServiceDatabase database)
{
    /// <returns>How many (workflow, hour) rows were written.</returns>
    public async Task<int> RollUpAsync(DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(cancellationToken);
        var changedSince = new { since = now - window, margin = MetricHours.Margin };
        var rows = await transaction.ExecuteScalarAsync<int>(
            $"""
            WITH hours AS (
                SELECT DISTINCT l.workflow_id, l.organization_id, date_trunc('hour', l.created_at, o.time_zone) AS hour
                  FROM automation_execution_logs l JOIN organizations o ON o.id = l.organization_id
                 WHERE l.updated_at >= {Since} AND l.workflow_id IS NOT NULL),
            rolled AS (
                INSERT INTO automation_metrics (workflow_id, organization_id, period_start, period_end, total_executions, successful_executions,
                                                failed_executions, average_execution_time_ms, emails_sent, sms_sent, webhooks_sent, last_execution_at)
                SELECT h.workflow_id, h.organization_id, h.hour, h.hour + interval '1 hour', {MetricHours.Measures}, max(l.created_at)
                  FROM hours h
                  JOIN automation_execution_logs l
                    ON l.workflow_id = h.workflow_id AND l.created_at >= h.hour AND l.created_at < h.hour + interval '1 hour'
                  {MetricHours.Deliveries}
                 GROUP BY h.workflow_id, h.organization_id, h.hour
                ON CONFLICT (workflow_id, period_start) DO UPDATE
                   SET total_executions = EXCLUDED.total_executions, successful_executions = EXCLUDED.successful_executions,
                       failed_executions = EXCLUDED.failed_executions, average_execution_time_ms = EXCLUDED.average_execution_time_ms,
                       emails_sent = EXCLUDED.emails_sent, sms_sent = EXCLUDED.sms_sent, webhooks_sent = EXCLUDED.webhooks_sent,
                       last_execution_at = EXCLUDED.last_execution_at
                RETURNING workflow_id)
            SELECT count(*)::integer FROM rolled
            """,
            changedSince,
            cancellationToken);
        await transaction.ExecuteAsync(
            $"""
            UPDATE automation_workflows w
               SET execution_count = m.total, success_count = m.successes, failure_count = m.failures, last_triggered_at = m.last
              FROM (SELECT workflow_id, sum(total_executions)::integer AS total, sum(successful_executions)::integer AS successes,
                           sum(failed_executions)::integer AS failures, max(last_execution_at) AS last
                      FROM automation_metrics
                     WHERE workflow_id IN (SELECT DISTINCT workflow_id FROM automation_execution_logs WHERE updated_at >= {Since} AND workflow_id IS NOT NULL)
                     GROUP BY workflow_id) m
             WHERE w.id = m.workflow_id
               AND (w.execution_count, w.success_count, w.failure_count, w.last_triggered_at)
                   IS DISTINCT FROM (m.total, m.successes, m.failures, m.last)
            """,
            changedSince,
            cancellationToken);
        await transaction.ExecuteAsync(
            """
            INSERT INTO automation_metrics_state (only_row, rolled_through) VALUES (true, now())
            ON CONFLICT (only_row) DO UPDATE SET rolled_through = greatest(automation_metrics_state.rolled_through, EXCLUDED.rolled_through)
            """,
            null,
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return rows;
    }

    /// <summary>The window's start, or the last rollup's (less the margin) when that is earlier.</summary>
    const string Since = "least(@since, coalesce((SELECT rolled_through FROM automation_metrics_state), '-infinity'::timestamptz) - @margin)";
}
