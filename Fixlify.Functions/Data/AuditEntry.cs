namespace Fixlify.Data;

/// <summary>
/// One change as the audit trail keeps it: who (<see cref="Actor"/>), when, what, the workflow and the record it concerns
/// (<see cref="SubjectName"/>: the workflow's name or the masked number, as it was then), and before/after when short.
/// </summary>
internal sealed record AuditEntry(
    Guid Id,
    DateTimeOffset CreatedAt,
    Actor Actor,
    AuditAction Action,
    Guid? WorkflowId,
    Guid? RecordId,
    string? SubjectName,
    string? Before,
    string? After);
