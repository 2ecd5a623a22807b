using System.Text.Json.Nodes;
using Fixlify.Data;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary>
/// <c>GET /api/audit</c>: the organization's audit trail (<see cref="AuditTrail"/>), newest first, a page at a time, of one
/// workflow or all, in a period; each entry also said in a sentence ("Dana Smith switched “Invoice reminders” off").
/// </summary>
internal sealed class AuditApi(TenantDatabase database)
{
    public static readonly IReadOnlyList<ApiParameter> Query =
    [
        new("workflowId", "uuid", "Only the changes of this workflow."),
        new("from", "date-time", "Made at or after."),
        new("to", "date-time", "Made before."),
        Paging.Limit,
        Paging.Cursor,
    ];

    public Task<IResult> ListAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var (workflowId, from, to) = (ApiQuery.Id(request, "workflowId"), ApiQuery.Instant(request, "from"), ApiQuery.Instant(request, "to"));
        return from > to
            ? Task.FromResult(Problems.BadRequest("'from' is after 'to'.", "from"))
            : Paging.ListAsync(
                context,
                database,
                (transaction, _, after, take) => AuditTrail.ListAsync(transaction, workflowId, from, to, after, take, cancellationToken),
                Json,
                e => (e.CreatedAt, e.Id),
                cancellationToken);
    }

    static JsonObject Json(AuditEntry entry) => new()
    {
        ["id"] = entry.Id,
        ["at"] = entry.CreatedAt,
        ["action"] = AuditTrail.Text(entry.Action),
        ["who"] = entry.Actor.Display,
        ["subject"] = entry.Actor.Subject,
        ["workflowId"] = entry.WorkflowId,
        ["recordId"] = entry.RecordId,
        ["about"] = entry.SubjectName,
        ["before"] = entry.Before,
        ["after"] = entry.After,
        ["sentence"] = Sentence(entry),
    };

    /// <summary>The entry as a person reads it: "Dana Smith saved version 4 of “Invoice reminders”".</summary>
    internal static string Sentence(AuditEntry entry)
    {
        var who = entry.Actor.Display;
        var workflow = entry.SubjectName is { Length: > 0 } name ? $"“{name}”" : "a workflow";
        return entry.Action switch
        {
            AuditAction.WorkflowCreated => $"{who} created {workflow}",
            AuditAction.WorkflowSaved => $"{who} saved version {entry.After} of {workflow}",
            AuditAction.WorkflowPublished => $"{who} published {workflow} as version {entry.After}",
            AuditAction.WorkflowDeleted => $"{who} deleted {workflow}",
            AuditAction.WorkflowActivated when entry.After == "include" => $"{who} switched {workflow} on, also for the records that already qualified",
            AuditAction.WorkflowActivated => $"{who} switched {workflow} on",
            AuditAction.WorkflowDeactivated => $"{who} switched {workflow} off",
            AuditAction.WorkflowRun => $"{who} ran {workflow} now",
            AuditAction.DraftDiscarded => $"{who} discarded the draft of {workflow}",
            AuditAction.ExecutionCancelled => $"{who} cancelled a run of {workflow}",
            AuditAction.ExecutionRetried => $"{who} retried a run of {workflow}",
            AuditAction.SuppressionAdded => $"{who} stopped texts to {entry.SubjectName ?? "a number"}",
            AuditAction.SuppressionRemoved => $"{who} allowed texts to {entry.SubjectName ?? "a number"} again",
            AuditAction.ClientErased => $"{who} erased a client's personal data from the automations",
            AuditAction.SettingChanged => $"{who} changed {entry.SubjectName ?? "a setting"}" + (entry.Before is null ? "" : $" from {entry.Before}") + (entry.After is null ? "" : $" to {entry.After}"),
            _ => $"{who} made a change",
        };
    }
}
