namespace Fixlify.Data;

/// <summary>
/// What the automations did for the business in a period, counted from the record of what happened (not from the hourly
/// rollups, so a text sent a second ago counts): texts and emails sent (the delivery ledger), tasks created, replies
/// received and confirmations among them (the step rows), and failed executions that still need someone (none of their
/// retries completed). Periods are hours or days of <c>timeZone</c>; every query runs in the caller's organization.
/// </summary>
internal static class OutcomeMetrics
{
    /// <summary>The intents a reply to a confirmation request means "yes" by (a template's own, the engine's default).</summary>
    public static readonly string[] ConfirmIntents = ["confirm", "confirmed", "yes"];

    /// <summary>One period's counts; <see cref="PeriodStart"/> is the period's first instant (UTC).</summary>
    internal sealed record Period(
        DateTime PeriodStart, int TextsSent, int EmailsSent, int TasksCreated, int RepliesReceived, int Confirmations, int NeedingAttention);

    /// <summary>The periods of [<paramref name="from"/>, <paramref name="to"/>) that had any of it, in order.</summary>
    public static async Task<IReadOnlyList<Period>> ByPeriodAsync(
        DatabaseTransaction transaction, DateTimeOffset from, DateTimeOffset to, string granularity, string timeZone, Guid? workflowId,
        CancellationToken cancellationToken) =>
        [.. await transaction.QueryAsync<Period>(
            """
            WITH sends AS (
                SELECT date_trunc(@granularity, d.created_at, @timeZone) AS period_start,
                       count(*) FILTER (WHERE d.channel = 'sms') AS texts, count(*) FILTER (WHERE d.channel = 'email') AS emails
                  FROM automation_deliveries d
                 WHERE d.created_at >= @from AND d.created_at < @to AND d.status = 'sent' AND d.channel IN ('sms', 'email')
                   AND (@workflowId::uuid IS NULL
                        OR EXISTS (SELECT 1 FROM automation_execution_logs l WHERE l.id = d.execution_id AND l.workflow_id = @workflowId))
                 GROUP BY 1),
            steps AS (
                SELECT date_trunc(@granularity, s.finished_at, @timeZone) AS period_start,
                       count(*) FILTER (WHERE s.type = 'create_task') AS tasks,
                       count(*) FILTER (WHERE s.type = 'wait_for_reply' AND s.output->>'reply' IS NOT NULL
                                          AND coalesce(s.output->>'intent', '') NOT IN ('none', 'opted_out')) AS replies,
                       count(*) FILTER (WHERE s.type = 'wait_for_reply' AND s.output->>'intent' = ANY(@confirm)) AS confirmations
                  FROM automation_execution_steps s
                 WHERE s.finished_at >= @from AND s.finished_at < @to AND s.status = 'completed' AND s.type IN ('create_task', 'wait_for_reply')
                   AND (@workflowId::uuid IS NULL OR s.workflow_id = @workflowId)
                 GROUP BY 1),
            failed AS (
                SELECT date_trunc(@granularity, l.created_at, @timeZone) AS period_start, count(*) AS failures
                  FROM automation_execution_logs l
                 WHERE l.created_at >= @from AND l.created_at < @to AND l.status = 'failed'
                   AND (@workflowId::uuid IS NULL OR l.workflow_id = @workflowId)
                   AND NOT EXISTS (SELECT 1 FROM automation_execution_logs r
                                    WHERE r.trigger_data->>'retryOf' = l.id::text AND r.status = 'completed')
                 GROUP BY 1)
            SELECT p.period_start, coalesce(se.texts, 0)::int AS texts_sent, coalesce(se.emails, 0)::int AS emails_sent,
                   coalesce(st.tasks, 0)::int AS tasks_created, coalesce(st.replies, 0)::int AS replies_received,
                   coalesce(st.confirmations, 0)::int AS confirmations, coalesce(f.failures, 0)::int AS needing_attention
              FROM (SELECT period_start FROM sends UNION SELECT period_start FROM steps UNION SELECT period_start FROM failed) p
              LEFT JOIN sends se USING (period_start) LEFT JOIN steps st USING (period_start) LEFT JOIN failed f USING (period_start)
             ORDER BY 1
            """,
            new { from, to, granularity, timeZone, workflowId, confirm = ConfirmIntents },
            cancellationToken)];
}
