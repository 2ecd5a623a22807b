namespace Fixlify.Data;

/// <summary>
/// Executions chosen by the executions list's filters (automation, period, status) and a cause (words of their error), for
/// bulk retry and bulk cancel (issue 25): oldest first, at most <see cref="MaxSelected"/>.
/// </summary>
internal static class ExecutionSelections
{
    /// <summary>The most executions one bulk action takes; more is refused, to be narrowed.</summary>
    public const int MaxSelected = 5000;

    /// <summary>What to select: the list's filters and a cause (a part of the error, any case).</summary>
    internal sealed record Selection(Guid? WorkflowId, DateTimeOffset? From, DateTimeOffset? To, string? Cause);

    /// <summary>One selected execution: its automation's name and its error.</summary>
    internal sealed record Selected(Guid Id, Guid? WorkflowId, string? WorkflowName, string? ErrorMessage);

    /// <summary>The executions in <paramref name="statuses"/> matching <paramref name="selection"/>, oldest first (at most <see cref="MaxSelected"/> + 1).</summary>
    public static async Task<IReadOnlyList<Selected>> SelectAsync(
        DatabaseTransaction transaction, IReadOnlyList<string> statuses, Selection selection, CancellationToken cancellationToken) =>
        [.. await transaction.QueryAsync<Selected>(
            """
            SELECT l.id, l.workflow_id, w.name AS workflow_name, l.error_message
              FROM automation_execution_logs l LEFT JOIN automation_workflows w ON w.id = l.workflow_id
             WHERE l.status = ANY(@statuses)
               AND (@workflowId::uuid IS NULL OR l.workflow_id = @workflowId)
               AND (@from::timestamptz IS NULL OR l.created_at >= @from)
               AND (@to::timestamptz IS NULL OR l.created_at < @to)
               AND (@cause::text IS NULL OR strpos(lower(coalesce(l.error_message, '')), lower(@cause)) > 0)
             ORDER BY l.created_at, l.id
             LIMIT @limit
            """,
            new { statuses = statuses.ToArray(), selection.WorkflowId, selection.From, selection.To, selection.Cause, limit = MaxSelected + 1 },
            cancellationToken)];
}
