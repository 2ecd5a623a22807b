using System.Globalization;
using System.Text.Json.Nodes;
using Fixlify.Application;
using Fixlify.Data;
using Fixlify.Workflows;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary>
/// A workflow's versions (issue 26): the history (who saved each, what changed, executions on it), one version as it was
/// saved with what differs from another, and restoring one (a new version equal to it).
/// </summary>
internal sealed class WorkflowVersionsApi(TenantDatabase database, ListWorkflowVersions list, RestoreWorkflowVersion restore)
{
    /// <summary>The list's query: <c>limit</c> (1–100, default 25) and <c>before</c> (the previous page's <c>nextBefore</c>).</summary>
    public static readonly IReadOnlyList<ApiParameter> ListQuery =
    [
        Paging.Limit,
        new("before", "integer", "Only the versions before this one: the nextBefore of the previous page.", Minimum: 1, Maximum: int.MaxValue),
    ];

    /// <summary><c>GET /api/workflows/{id}/versions?limit&amp;before</c>: a page of the versions, newest first.</summary>
    public async Task<IResult> ListAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        var (request, problem) = ApiRequest.Read(context, id, NotFound);
        if (problem is not null)
        {
            return problem;
        }

        var limit = ApiQuery.Number(context.Request, Paging.Limit.Name) ?? 25;
        var before = ApiQuery.Number(context.Request, "before");
        if (await list.ExecuteAsync(new ListWorkflowVersions.Request(request!.Identity.OrganizationId, request.Id, before, limit), cancellationToken) is not { } page)
        {
            return NotFound(id);
        }

        return Results.Ok(new JsonObject
        {
            ["workflowId"] = page.Workflow.Id.ToString(),
            ["liveVersion"] = page.Workflow.Version,
            ["items"] = new JsonArray([.. page.Items.Select(e => (JsonNode)EntryJson(e, page.Workflow.Version))]),
            ["nextBefore"] = page.NextBefore,
        });
    }

    /// <summary>
    /// <c>GET /api/workflows/{id}/versions/{n}?against=m</c>: version n as it was saved, and what differs from version m
    /// (default: the version before it), step by step in words.
    /// </summary>
    public async Task<IResult> GetAsync(HttpContext context, string id, string version, CancellationToken cancellationToken)
    {
        var (request, problem) = ApiRequest.Read(context, id, NotFound);
        if (problem is not null)
        {
            return problem;
        }

        if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            return NoVersion(id, version);
        }

        await using var transaction = await database.BeginAsync(request!.Identity.OrganizationId, cancellationToken);
        if (await WorkflowRepository.GetAsync(transaction, request.Id, cancellationToken) is not { } workflow)
        {
            return NotFound(id);
        }

        var saved = await WorkflowVersionRepository.GetAsync(transaction, workflow.Id, number, cancellationToken);
        var entry = await WorkflowVersionRepository.EntryAsync(transaction, workflow.Id, number, cancellationToken);
        if (saved is null || entry is null)
        {
            return NoVersion(id, version);
        }

        var againstNumber = ApiQuery.Number(context.Request, "against") ?? number - 1;
        var against = againstNumber >= 1 ? await WorkflowVersionRepository.GetAsync(transaction, workflow.Id, againstNumber, cancellationToken) : null;
        if (ApiQuery.Number(context.Request, "against") is not null && against is null)
        {
            return Problems.BadRequest($"This automation has no version {againstNumber} to compare with.", "against");
        }

        var schedule = await WorkflowVersionRepository.ScheduleAsync(transaction, workflow.Id, number, cancellationToken);
        var json = EntryJson(entry, workflow.Version);
        json["workflowId"] = workflow.Id.ToString();
        json["triggerType"] = saved.TriggerType;
        json["triggerConfig"] = saved.TriggerConfig.DeepClone();
        json["nodes"] = saved.Nodes.DeepClone();
        json["edges"] = saved.Edges.DeepClone();
        json["steps"] = saved.Steps.DeepClone();
        json["schedule"] = schedule?.DeepClone();
        json["against"] = against is null ? null : againstNumber;
        var (steps, trigger) = against is null
            ? ([], [])
            : VersionDifference.Compare(
                Definition(against, await WorkflowVersionRepository.ScheduleAsync(transaction, workflow.Id, againstNumber, cancellationToken)),
                Definition(saved, schedule));
        json["changes"] = new JsonArray([.. steps.Select(s => (JsonNode)new JsonObject
        {
            ["stepId"] = s.StepId,
            ["change"] = s.Change,
            ["label"] = s.Label,
            ["fields"] = new JsonArray([.. s.Fields.Select(f => (JsonNode)JsonValue.Create(f))]),
        })]);
        json["triggerChanges"] = new JsonArray([.. trigger.Select(t => (JsonNode)JsonValue.Create(t))]);
        return Results.Ok(json);
    }

    /// <summary><c>POST /api/workflows/{id}/versions/{n}/restore</c>: a new version equal to version n (If-Match as for a save).</summary>
    public async Task<IResult> RestoreAsync(HttpContext context, string id, string version, CancellationToken cancellationToken)
    {
        var (request, problem) = ApiRequest.Read(context, id, NotFound);
        if (problem is not null)
        {
            return problem;
        }

        if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            return NoVersion(id, version);
        }

        var (condition, ifMatchProblem) = IfMatch.Read(context.Request);
        if (ifMatchProblem is not null)
        {
            return ifMatchProblem;
        }

        var result = await restore.ExecuteAsync(
            new RestoreWorkflowVersion.Request(
                request!.Identity.OrganizationId, request.Id, number, condition is null ? null : condition.Holds, request.Identity.Actor),
            cancellationToken);
        return result is RestoreWorkflowVersion.NoSuchVersion ? NoVersion(id, version) : WorkflowAnswers.Changed(context, result, () => NotFound(id));
    }

    static VersionDifference.Definition Definition(WorkflowVersionRepository.SavedVersion version, JsonObject? schedule) =>
        new(version.TriggerType, version.TriggerConfig, version.Nodes, version.Steps, schedule);

    static JsonObject EntryJson(WorkflowVersionRepository.HistoryEntry entry, int live) => new()
    {
        ["version"] = entry.Version,
        ["savedAt"] = new DateTimeOffset(DateTime.SpecifyKind(entry.SavedAt, DateTimeKind.Utc)),
        ["savedBy"] = entry.SavedByName ?? entry.SavedBy,
        ["summary"] = entry.Summary ?? (entry.Version == 1 ? "Created" : "Saved before the history was kept"),
        ["restoredFrom"] = entry.RestoredFrom,
        ["live"] = entry.Version == live,
        ["executionsStarted"] = entry.Started,
        ["runningNow"] = entry.Running,
    };

    static IResult NotFound(string id) => Problems.NotFound($"No workflow '{id}' in your organization.");

    static IResult NoVersion(string id, string version) => Problems.NotFound($"Workflow '{id}' has no version {version}.");
}
