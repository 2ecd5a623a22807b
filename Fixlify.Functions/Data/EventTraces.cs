namespace Fixlify.Data;

/// <summary>The trace contexts stored with events and executions (0037_trace_context.sql).</summary>
internal static class EventTraces
{
    /// <summary>Gives events that had no trace the one their relay started, so their executions show its id.</summary>
    public static Task RecordAsync(DatabaseTransaction transaction, IReadOnlyCollection<AutomationEvent> events, CancellationToken cancellationToken) =>
        events.Count == 0
            ? Task.CompletedTask
            : transaction.ExecuteAsync(
                """
                UPDATE automation_events e SET trace_parent = t.trace_parent
                  FROM unnest(@ids, @traceParents) AS t(id, trace_parent)
                 WHERE e.id = t.id AND e.trace_parent IS NULL
                """,
                new { ids = events.Select(e => e.Id).ToArray(), traceParents = events.Select(e => e.TraceParent).ToArray() },
                cancellationToken);

    /// <summary>
    /// The trace id an execution's spans carry: the trace its start continued (a manual run's request) or else its
    /// event's; null when neither was traced. Under the organization's row-level security.
    /// </summary>
    public static async Task<string?> ExecutionTraceParentAsync(DatabaseTransaction transaction, Guid executionId, CancellationToken cancellationToken) =>
        await transaction.QuerySingleOrDefaultAsync<string>(
            """
            SELECT COALESCE(l.trace_parent, e.trace_parent)
              FROM automation_execution_logs l LEFT JOIN automation_events e ON e.id = l.event_id
             WHERE l.id = @executionId
            """,
            new { executionId },
            cancellationToken);
}
