namespace Fixlify.Data;

/// <summary>What an audit entry records (stored snake_case in <c>automation_audit_entries.action</c>).</summary>
internal enum AuditAction
{
    WorkflowCreated,
    WorkflowSaved,
    WorkflowDeleted,
    WorkflowActivated,
    WorkflowDeactivated,
    WorkflowRun,
    ExecutionCancelled,
    ExecutionRetried,
    SuppressionAdded,
    SuppressionRemoved,
    ClientErased,
    SettingChanged,
    WorkflowPublished,
    DraftDiscarded,
}
