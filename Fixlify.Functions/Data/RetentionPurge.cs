namespace Fixlify.Data;

/// <summary>
/// The retention deletes, one bounded batch per call: each finds its rows through an index in the order they aged
/// (0038_retention.sql), takes at most <c>@batch</c> of them and skips rows another transaction holds. As the service
/// login (across organizations).
/// </summary>
internal static class RetentionPurge
{
    /// <summary>Processed outbox events older than <c>@before</c>.</summary>
    public const string ProcessedEvents = """
        DELETE FROM automation_events WHERE id IN (
            SELECT id FROM automation_events
             WHERE processed_at IS NOT NULL AND processed_at < @before
             ORDER BY processed_at LIMIT @batch FOR UPDATE SKIP LOCKED)
        """;

    /// <summary>
    /// Executions ended before <c>@before</c> whose event is gone (nothing can dispatch it again), with their steps,
    /// deliveries and waits in the same statement: a delivery row never outlives less than its execution.
    /// </summary>
    public const string EndedExecutions = """
        WITH doomed AS (
            SELECT l.id FROM automation_execution_logs l
             WHERE l.status IN ('completed', 'failed', 'cancelled', 'held_out') AND l.completed_at < @before
               AND (l.event_id IS NULL OR NOT EXISTS (SELECT 1 FROM automation_events e WHERE e.id = l.event_id))
             ORDER BY l.completed_at LIMIT @batch FOR UPDATE OF l SKIP LOCKED),
        steps AS (DELETE FROM automation_execution_steps s USING doomed d WHERE s.execution_id = d.id),
        deliveries AS (DELETE FROM automation_deliveries x USING doomed d WHERE x.execution_id = d.id),
        waits AS (DELETE FROM automation_execution_waits w USING doomed d WHERE w.execution_id = d.id)
        DELETE FROM automation_execution_logs l USING doomed d WHERE l.id = d.id
        """;

    /// <summary>The live stream's history older than <c>@before</c>.</summary>
    public const string StreamHistory = """
        DELETE FROM automation_execution_updates WHERE id IN (
            SELECT id FROM automation_execution_updates WHERE created_at < @before ORDER BY created_at LIMIT @batch)
        """;

    /// <summary>Inbound replies nobody awaited that expired before <c>@before</c>.</summary>
    public const string KeptReplies = """
        DELETE FROM automation_unawaited_replies WHERE id IN (
            SELECT id FROM automation_unawaited_replies WHERE expires_at < @before ORDER BY expires_at LIMIT @batch FOR UPDATE SKIP LOCKED)
        """;

    /// <summary>Runs one of the deletes above once: how many rows it deleted.</summary>
    public static async Task<int> BatchAsync(ServiceDatabase database, string sql, DateTimeOffset before, int batch, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(cancellationToken);
        var deleted = await transaction.ExecuteAsync(sql, new { before, batch }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    /// <summary>
    /// The figures the gauges report: the age of the oldest event neither passed on nor dispatched, and the waits still open.
    /// </summary>
    public static async Task<(TimeSpan OldestUnrelayed, long WaitsOpen)> HealthFiguresAsync(ServiceDatabase database, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(cancellationToken);
        var (age, waits) = await transaction.QuerySingleAsync<(double, long)>(
            """
            SELECT coalesce(extract(epoch FROM now() - (SELECT min(occurred_at) FROM automation_events
                                                         WHERE relayed_at IS NULL AND processed_at IS NULL)), 0)::float8,
                   (SELECT count(*) FROM automation_execution_waits WHERE expires_at > now())
            """,
            null,
            cancellationToken);
        return (TimeSpan.FromSeconds(age), waits);
    }
}
