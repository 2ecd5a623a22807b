using Fixlify.Data;

namespace Fixlify.Application;

/// <summary>The audit trail's rows for a workflow's own changes, the same whichever use case makes them.</summary>
internal static class WorkflowAudit
{
    public static AuditTrail.Change Created(WorkflowRecord workflow) =>
        new(AuditAction.WorkflowCreated, workflow.Id, SubjectName: workflow.Name, After: Version(workflow));

    /// <summary>A save: the version before and the one saved.</summary>
    public static AuditTrail.Change Saved(WorkflowRecord before, WorkflowRecord after) =>
        new(AuditAction.WorkflowSaved, after.Id, SubjectName: after.Name, Before: Version(before), After: Version(after));

    static string Version(WorkflowRecord workflow) => workflow.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
