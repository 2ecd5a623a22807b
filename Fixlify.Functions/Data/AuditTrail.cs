using System.Text.Json;
using static Fixlify.Data.DapperConventions;

namespace Fixlify.Data;

/// <summary>
/// <c>automation_audit_entries</c> (0049_audit_trail.sql): a use case records its change here in the transaction that
/// makes it, so the row and the change commit or roll back together. Rows are only added and read, always inside an
/// organization's transaction (forced row-level security).
/// </summary>
internal static class AuditTrail
{
    const int MaxValue = 500;

    /// <summary>What a change concerns: its workflow, its record (execution, suppression entry, client), a name, before and after.</summary>
    internal sealed record Change(AuditAction Action, Guid? WorkflowId = null, Guid? RecordId = null, string? SubjectName = null, string? Before = null, string? After = null);

    public static Task RecordAsync(DatabaseTransaction transaction, Guid organizationId, Actor actor, Change change, CancellationToken cancellationToken) =>
        transaction.ExecuteAsync(
            """
            INSERT INTO automation_audit_entries
                (organization_id, actor_subject, actor_name, action, workflow_id, record_id, subject_name, before_value, after_value)
            VALUES (@organizationId, @subject, @name, @action, @WorkflowId, @RecordId, @SubjectName, @before, @after)
            """,
            new
            {
                organizationId,
                subject = actor.Subject,
                name = actor.Name,
                action = Text(change.Action),
                change.WorkflowId,
                change.RecordId,
                change.SubjectName,
                before = Short(change.Before),
                after = Short(change.After),
            },
            cancellationToken);

    /// <summary>Newest first, after <paramref name="after"/> (the last of the previous page), in a period, of one workflow when given.</summary>
    public static async Task<List<AuditEntry>> ListAsync(
        DatabaseTransaction transaction,
        Guid? workflowId,
        DateTimeOffset? from,
        DateTimeOffset? to,
        (DateTimeOffset At, Guid Id)? after,
        int limit,
        CancellationToken cancellationToken) =>
        [.. (await transaction.QueryAsync<Row>(
            """
            SELECT id, created_at, actor_subject, actor_name, action, workflow_id, record_id, subject_name, before_value, after_value
              FROM automation_audit_entries
             WHERE (@workflowId::uuid IS NULL OR workflow_id = @workflowId)
               AND (@from::timestamptz IS NULL OR created_at >= @from)
               AND (@to::timestamptz IS NULL OR created_at < @to)
               AND (@at::timestamptz IS NULL OR (created_at, id) < (@at, @id))
             ORDER BY created_at DESC, id DESC
             LIMIT @limit
            """,
            new { workflowId, from, to, at = after?.At, id = after?.Id ?? Guid.Empty, limit },
            cancellationToken)).Select(r => r.ToEntry())];

    /// <summary><see cref="AuditAction.WorkflowCreated"/> → <c>workflow_created</c>.</summary>
    public static string Text(AuditAction action) => JsonNamingPolicy.SnakeCaseLower.ConvertName(action.ToString());

    static AuditAction Parse(string text) => Enum.GetValues<AuditAction>().Single(a => Text(a) == text);

    static string? Short(string? value) => value is { Length: > MaxValue } ? value[..(MaxValue - 1)] + "…" : value;

    sealed record Row(
        Guid Id, DateTime CreatedAt, string ActorSubject, string? ActorName, string Action, Guid? WorkflowId, Guid? RecordId,
        string? SubjectName, string? BeforeValue, string? AfterValue)
    {
        public AuditEntry ToEntry() =>
            new(Id, Utc(CreatedAt), new Actor(ActorSubject, ActorName), Parse(Action), WorkflowId, RecordId, SubjectName, BeforeValue, AfterValue);
    }
}
