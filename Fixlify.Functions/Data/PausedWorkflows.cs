namespace Fixlify.Data;

/// <summary>Paused automations (migration 0047): when each was paused, and the executions logged <c>paused</c> meanwhile.</summary>
internal static class PausedWorkflows
{
    /// <summary>A paused execution to run or cancel on resume.</summary>
    internal sealed record PausedExecution(Guid Id, DateTime CreatedAt);

    /// <summary>When the execution's automation was paused (UTC); null when it is not paused.</summary>
    public static Task<DateTime?> PausedSinceAsync(DatabaseTransaction transaction, Guid executionId, CancellationToken cancellationToken) =>
        transaction.QuerySingleOrDefaultAsync<DateTime?>(
            """
            SELECT w.paused_at FROM automation_execution_logs l JOIN automation_workflows w ON w.id = l.workflow_id
             WHERE l.id = @executionId
            """,
            new { executionId },
            cancellationToken);

    /// <summary>Pauses the workflow (kept as first paused when it is already); returns when it was paused.</summary>
    public static Task<DateTime?> PauseAsync(DatabaseTransaction transaction, Guid workflowId, string by, CancellationToken cancellationToken) =>
        transaction.QuerySingleOrDefaultAsync<DateTime?>(
            """
            UPDATE automation_workflows SET paused_at = COALESCE(paused_at, now()), paused_by = COALESCE(paused_by, @by)
             WHERE id = @workflowId AND deleted_at IS NULL
            RETURNING paused_at
            """,
            new { workflowId, by },
            cancellationToken);

    /// <summary>Resumes the workflow; false when it was not paused.</summary>
    public static async Task<bool> ResumeAsync(DatabaseTransaction transaction, Guid workflowId, CancellationToken cancellationToken) =>
        await transaction.ExecuteAsync(
            "UPDATE automation_workflows SET paused_at = NULL, paused_by = NULL WHERE id = @workflowId AND paused_at IS NOT NULL",
            new { workflowId },
            cancellationToken) == 1;

    /// <summary>The workflow's paused executions, oldest first, locked (a resume takes them once).</summary>
    public static async Task<IReadOnlyList<PausedExecution>> ExecutionsAsync(DatabaseTransaction transaction, Guid workflowId, CancellationToken cancellationToken) =>
        [.. await transaction.QueryAsync<PausedExecution>(
            "SELECT id, created_at FROM automation_execution_logs WHERE workflow_id = @workflowId AND status = 'paused' ORDER BY created_at, id FOR UPDATE",
            new { workflowId },
            cancellationToken)];

    /// <summary>Counts of the workflows' paused executions (for the cards: "4 waiting to run").</summary>
    public static async Task<IReadOnlyDictionary<Guid, int>> CountsAsync(DatabaseTransaction transaction, CancellationToken cancellationToken) =>
        (await transaction.QueryAsync<(Guid WorkflowId, int Count)>(
            "SELECT workflow_id, count(*)::int FROM automation_execution_logs WHERE status = 'paused' GROUP BY workflow_id",
            null,
            cancellationToken)).ToDictionary(r => r.WorkflowId, r => r.Count);

    /// <summary>Paused executions go: pending (their orchestrations are scheduled next).</summary>
    public static Task<int> ReleaseAsync(DatabaseTransaction transaction, IReadOnlyList<Guid> ids, CancellationToken cancellationToken) =>
        transaction.ExecuteAsync(
            "UPDATE automation_execution_logs SET status = 'pending', updated_at = now() WHERE id = ANY(@ids) AND status = 'paused'",
            new { ids = ids.ToArray() },
            cancellationToken);

    /// <summary>
    /// Of executions just logged, those whose automation is paused are marked <c>paused</c> (they are not scheduled); returns
    /// their ids. The automation's row is share-locked, so a resume committing meanwhile either comes first (they are not
    /// paused) or waits for this transaction (and then finds them).
    /// </summary>
    public static async Task<IReadOnlySet<Guid>> HoldNewAsync(DatabaseTransaction transaction, IReadOnlyCollection<Guid> executionIds, CancellationToken cancellationToken) =>
        executionIds.Count == 0
            ? new HashSet<Guid>()
            : (await transaction.QueryAsync<Guid>(
                """
                UPDATE automation_execution_logs SET status = 'paused'
                 WHERE id = ANY(@ids) AND status = 'pending'
                   AND workflow_id IN (SELECT w.id FROM automation_workflows w
                                        WHERE w.paused_at IS NOT NULL
                                          AND w.id IN (SELECT workflow_id FROM automation_execution_logs WHERE id = ANY(@ids))
                                          FOR SHARE)
                RETURNING id
                """,
                new { ids = executionIds.ToArray() },
                cancellationToken)).ToHashSet();
}
