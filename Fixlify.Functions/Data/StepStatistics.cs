namespace Fixlify.Data;

/// <summary>
/// How executions went through one step of a workflow: in a period (by the step's start), how many completed, failed, or
/// were skipped or suppressed; and, whatever the period, how many are at the step now (running or waiting).
/// </summary>
internal sealed record StepCounts(string StepKey, long Completed, long Failed, long Skipped, long Suppressed, long WaitingNow);

/// <summary>
/// Per-step counts for the builder's canvas, from <c>automation_execution_steps</c>. Both halves of the query are answered
/// from indexes alone (migration 0015): the period from <c>idx_steps_workflow_started</c>, the steps running or waiting
/// now from the partial <c>idx_steps_workflow_open</c>.
/// </summary>
internal static class StepStatistics
{
    /// <summary>Counts per step key of <paramref name="workflowId"/>, for steps started in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static async Task<IReadOnlyList<StepCounts>> ForWorkflowAsync(
        DatabaseTransaction transaction, Guid workflowId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        [.. await transaction.QueryAsync<StepCounts>(Query, new { workflowId, from, to }, cancellationToken)];

    /// <summary>The query (parameters @workflowId, @from, @to), visible to the tests, which EXPLAIN it.</summary>
    internal const string Query =
            """
            SELECT step_key, sum(completed)::bigint AS completed, sum(failed)::bigint AS failed, sum(skipped)::bigint AS skipped,
                   sum(suppressed)::bigint AS suppressed, sum(waiting_now)::bigint AS waiting_now
              FROM (
                SELECT step_key, count(*) FILTER (WHERE status = 'completed') AS completed, count(*) FILTER (WHERE status = 'failed') AS failed,
                       count(*) FILTER (WHERE status = 'skipped') AS skipped, count(*) FILTER (WHERE status = 'suppressed') AS suppressed,
                       0 AS waiting_now
                  FROM automation_execution_steps
                 WHERE workflow_id = @workflowId AND started_at >= @from AND started_at < @to
                 GROUP BY step_key
                UNION ALL
                SELECT step_key, 0, 0, 0, 0, count(*)
                  FROM automation_execution_steps
                 WHERE workflow_id = @workflowId AND status IN ('processing', 'waiting')
                 GROUP BY step_key) counts
             GROUP BY step_key
             ORDER BY step_key
            """;
}
