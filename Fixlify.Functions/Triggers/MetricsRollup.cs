using Fixlify.Data;

namespace Fixlify.Triggers;

/// <summary>
/// Rolls executions up into automation_metrics: one row per workflow and hour (totals, successes, failures, average
/// time, emails/SMS/webhooks sent), recomputed from the logs for the recent hours, so a repeat changes nothing.
/// </summary>
public sealed class MetricsRollup(ServiceDatabase database)
{
    /// <returns>How many (workflow, hour) rows were written.</returns>
    public async Task<int> RollUpAsync(DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(cancellationToken);
        var rows = await transaction.ExecuteAsync(
            """
            INSERT INTO automation_metrics (workflow_id, organization_id, period_start, period_end, total_executions, successful_executions,
                                            failed_executions, average_execution_time_ms, emails_sent, sms_sent, webhooks_sent)
            SELECT l.workflow_id, l.organization_id, date_trunc('hour', l.created_at), date_trunc('hour', l.created_at) + interval '1 hour',
                   count(*), count(*) FILTER (WHERE l.status = 'completed'), count(*) FILTER (WHERE l.status = 'failed'),
                   round(avg(l.execution_time_ms) FILTER (WHERE l.status IN ('completed', 'failed')))::integer,
                   coalesce(sum(d.emails), 0), coalesce(sum(d.sms), 0), coalesce(sum(d.webhooks), 0)
              FROM automation_execution_logs l
              LEFT JOIN LATERAL (
                  SELECT count(*) FILTER (WHERE d.channel = 'email') AS emails,
                         count(*) FILTER (WHERE d.channel = 'sms') AS sms,
                         count(*) FILTER (WHERE d.channel = 'webhook') AS webhooks
                    FROM automation_deliveries d
                   WHERE d.execution_id = l.id AND d.status IN ('sent', 'sending')) d ON true
             WHERE l.workflow_id IS NOT NULL AND l.created_at >= date_trunc('hour', @since)
             GROUP BY l.workflow_id, l.organization_id, date_trunc('hour', l.created_at)
            ON CONFLICT (workflow_id, period_start) DO UPDATE
               SET total_executions = EXCLUDED.total_executions, successful_executions = EXCLUDED.successful_executions,
                   failed_executions = EXCLUDED.failed_executions, average_execution_time_ms = EXCLUDED.average_execution_time_ms,
                   emails_sent = EXCLUDED.emails_sent, sms_sent = EXCLUDED.sms_sent, webhooks_sent = EXCLUDED.webhooks_sent
            """,
            new { since = now - window },
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return rows;
    }
}
