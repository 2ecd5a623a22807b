namespace Fixlify.Data;

/// <summary>
/// Reads the live stream's updates by transaction visibility rather than by id (ADR 0011): the updates that became
/// visible between two snapshots, <c>seen</c> (everything visible in it was sent) and <c>reading</c> (a later one),
/// after update <c>after</c> of that span. An update whose transaction was still open in <c>seen</c> is in a later
/// span whatever its id, so a transaction that commits late is never skipped, and none is sent twice.
/// </summary>
internal static class ExecutionUpdateFeed
{
    /// <summary>A snapshot in PostgreSQL's text form (<c>xmin:xmax:xip,…</c>).</summary>
    public static Task<string> SnapshotAsync(DatabaseTransaction transaction, CancellationToken cancellationToken) =>
        transaction.QuerySingleAsync<string>("SELECT pg_current_snapshot()::text", null, cancellationToken);

    /// <summary>Up to <paramref name="limit"/> updates visible in <paramref name="reading"/> but not in <paramref name="seen"/>, id above <paramref name="after"/>, by id.</summary>
    public static async Task<List<Update>> BetweenAsync(
        DatabaseTransaction transaction, string seen, string reading, long after, int limit, CancellationToken cancellationToken) =>
        [.. await transaction.QueryAsync<Update>(
            """
            SELECT id, execution_id, workflow_id, status, step_key, step_status, created_at
              FROM automation_execution_updates
             WHERE xid >= pg_snapshot_xmin(@seen::pg_snapshot) AND xid < pg_snapshot_xmax(@reading::pg_snapshot)
               AND NOT pg_visible_in_snapshot(xid, @seen::pg_snapshot) AND pg_visible_in_snapshot(xid, @reading::pg_snapshot)
               AND id > @after
             ORDER BY id
             LIMIT @limit
            """,
            new { seen, reading, after, limit },
            cancellationToken)];

    internal sealed record Update(long Id, Guid ExecutionId, Guid? WorkflowId, string Status, string? StepKey, string? StepStatus, DateTime CreatedAt);
}
