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

    /// <summary>
    /// A draft published: the version before and the one published, with how many executions in flight were told to move to
    /// it and how many were cancelled ("3 (2 executions move to it at their next step, 1 cancelled)").
    /// </summary>
    public static AuditTrail.Change Published(WorkflowRecord before, WorkflowRecord after, int moving, int cancelled)
    {
        var parts = new List<string>();
        if (moving > 0)
        {
            parts.Add(moving == 1 ? "1 execution moves to it at its next step" : $"{moving} executions move to it at their next step");
        }

        if (cancelled > 0)
        {
            parts.Add($"{cancelled} cancelled");
        }

        var version = Version(after);
        return new(AuditAction.WorkflowPublished, after.Id, SubjectName: after.Name, Before: Version(before),
            After: parts.Count == 0 ? version : $"{version} ({string.Join(", ", parts)})");
    }

    static string Version(WorkflowRecord workflow) => workflow.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
