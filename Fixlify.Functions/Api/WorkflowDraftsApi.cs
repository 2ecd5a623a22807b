using System.Text.Json.Nodes;
using Fixlify.Application;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Workflows;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Fixlify.Api;

/// <summary>
/// A workflow's draft (issue 26): saved without going live, compared with the live version over the last 30 days of real
/// events, and published with a choice for the executions already in flight.
/// </summary>
internal sealed class WorkflowDraftsApi(
    WorkflowCompiler compiler, GetWorkflowDraft getDraft, SaveWorkflowDraft saveDraft, DiscardWorkflowDraft discardDraft, ListInFlightExecutions listInFlight,
    PublishWorkflowDraft publish, LiveComparison comparison, ExecutionUpdateNotifier updates, TimeProvider clock)
{
    /// <summary>The period a comparison replays unless the request names one: the last 30 days.</summary>
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromDays(30);

    /// <summary><c>GET /api/workflows/{id}/draft</c>: the draft, or 204 when the workflow has none.</summary>
    public async Task<IResult> GetAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        var (request, problem) = ApiRequest.Read(context, id, NotFound);
        if (problem is not null)
        {
            return problem;
        }

        return await getDraft.ExecuteAsync(request!.Identity.OrganizationId, request.Id, cancellationToken) switch
        {
            null => NotFound(id),
            { Draft: { } draft, Live: var live } => Results.Ok(DraftJson(draft, live.Version)),
            _ => Results.NoContent(),
        };
    }

    /// <summary><c>PUT /api/workflows/{id}/draft</c>: saves the draft (checked as a save is); the live version keeps running.</summary>
    public async Task<IResult> SaveAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        var (request, problem) = await ApiRequest.ReadAsync(context, id, NotFound, RequestBody.Required, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (fields, errors) = WorkflowInput.ReadAndValidate(request!.Body, compiler);
        if (fields is null)
        {
            return Problems.Validation(errors);
        }

        var draft = await saveDraft.ExecuteAsync(
            new SaveWorkflowDraft.Request(request.Identity.OrganizationId, request.Id, fields, request.Identity.Actor),
            cancellationToken);
        return draft is null ? NotFound(id) : Results.Ok(DraftJson(draft, draft.BasedOn));
    }

    /// <summary><c>DELETE /api/workflows/{id}/draft</c>: discards the draft.</summary>
    public async Task<IResult> DiscardAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        var (request, problem) = ApiRequest.Read(context, id, NotFound);
        if (problem is not null)
        {
            return problem;
        }

        return await discardDraft.ExecuteAsync(
                new DiscardWorkflowDraft.Request(request!.Identity.OrganizationId, request.Id, request.Identity.Actor), cancellationToken) switch
        {
            DiscardWorkflowDraft.NoDraft none => NoDraft(none.Workflow),
            DiscardWorkflowDraft.Discarded => Results.NoContent(),
            _ => NotFound(id),
        };
    }

    /// <summary>
    /// <c>POST /api/workflows/{id}/draft/compare</c> {from?, to?}: the period's real events (default: the last 30 days)
    /// replayed through the live version and the draft; the difference per outcome, channel and client. Progress goes to
    /// the execution stream as the backtest's does.
    /// </summary>
    public async Task<IResult> CompareAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        var (request, errors, problem) = await WorkflowTrial.OpenAsync(
            context, id, RequestBody.Optional,
            "Unknown field: the body is {\"from\": \"2026-01-01T00:00:00Z\", \"to\": \"2026-02-01T00:00:00Z\"} (both optional: the last 30 days).", ["from", "to"], cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (identity, _, body) = request!;
        var now = clock.GetUtcNow();
        var to = body["to"] is null ? now : BacktestApi.Instant(body, "to", errors);
        var from = body["from"] is null ? to?.Subtract(DefaultPeriod) : BacktestApi.Instant(body, "from", errors);
        BacktestApi.CheckPeriod(from, to, now, errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        // The live version and the draft, read in one snapshot by the use case; the replay runs outside any transaction.
        if (await getDraft.ExecuteAsync(identity.OrganizationId, request.Id, cancellationToken) is not { } found)
        {
            return NotFound(request.Id.ToString());
        }

        if (found.Draft is not { } draft)
        {
            return NoDraft(found.Live);
        }

        try
        {
            var progress = new BacktestApi.StreamProgress(updates, clock, identity.OrganizationId, found.Live.Id);
            var result = await comparison.RunAsync(identity.OrganizationId, found.Live, draft.AppliedTo(found.Live), from!.Value, to!.Value, progress, cancellationToken);
            return result.Report is { } report ? Results.Ok(report) : Problems.Validation(result.Errors);
        }
        catch (InvalidWorkflowException e)
        {
            return Problems.Conflict($"Workflow '{found.Live.Name}' cannot run as saved: {e.Message} Save it again to see every problem.");
        }
    }

    /// <summary>
    /// <c>GET /api/workflows/{id}/in-flight</c>: the executions running or waiting, by version and the step they are at,
    /// and whether that step is in the draft (matched by its id).
    /// </summary>
    public async Task<IResult> InFlightAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        var (request, problem) = ApiRequest.Read(context, id, NotFound);
        if (problem is not null)
        {
            return problem;
        }

        if (await listInFlight.ExecuteAsync(request!.Identity.OrganizationId, request.Id, cancellationToken) is not { } inFlight)
        {
            return NotFound(id);
        }

        var (live, draftSteps, groups) = inFlight;
        return Results.Ok(new JsonObject
        {
            ["workflowId"] = live.Id.ToString(),
            ["liveVersion"] = live.Version,
            ["total"] = groups.Sum(g => g.Count),
            ["groups"] = new JsonArray([.. groups.Select(g => (JsonNode)new JsonObject
            {
                ["version"] = g.Version,
                ["stepId"] = g.StepId,
                ["step"] = g.StepId is null ? "Not started yet"
                    : g.StepLabel is { } label && label != PlainText.Words(g.StepType ?? "") ? label : StepWords(g.StepType),
                ["count"] = g.Count,
                ["waiting"] = g.Waiting,
                ["inDraft"] = draftSteps is not null && g.StepId is not null && draftSteps.Contains(g.StepId),
            })]),
        });
    }

    /// <summary>
    /// <c>POST /api/workflows/{id}/draft/publish</c> {inFlight?: [{version, stepId, choice: "finish" | "move" | "cancel", reason?}]}:
    /// the draft becomes the next version (If-Match on the live workflow); each group not named finishes on its version. A
    /// group may move only when the draft has the step it is at (400 otherwise: nothing is published).
    /// </summary>
    public async Task<IResult> PublishAsync(HttpContext context, string id, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var (request, problem) = await ApiRequest.ReadAsync(context, id, NotFound, RequestBody.Optional, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = request!.UnknownFields(_ => "Unknown field: the body is {\"inFlight\": [{\"version\": 2, \"stepId\": \"wait\", \"choice\": \"finish\"}]}.", "inFlight");
        var choices = ReadChoices(request.Body["inFlight"], errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var (condition, ifMatchProblem) = IfMatch.Read(context.Request);
        if (ifMatchProblem is not null)
        {
            return ifMatchProblem;
        }

        var result = await publish.ExecuteAsync(
            new PublishWorkflowDraft.Request(
                request.Identity.OrganizationId, request.Id, condition is null ? null : condition.Holds, request.Identity.Actor, choices),
            client,
            cancellationToken);
        switch (result)
        {
            case PublishWorkflowDraft.Published published:
                context.Response.Headers.ETag = published.Workflow.ETag;
                var json = WorkflowJson.From(published.Workflow);
                json["inFlight"] = new JsonObject { ["cancelled"] = published.Cancelled, ["finishing"] = published.Finishing, ["moving"] = published.Moving };
                return Results.Ok(json);
            case PublishWorkflowDraft.Refused refused:
                return Problems.Validation(refused.Errors);
            case PublishWorkflowDraft.NoDraft none:
                return NoDraft(none.Workflow);
            default:
                return WorkflowAnswers.Changed(context, result, () => NotFound(id));
        }
    }

    /// <summary>A step without a label, by its kind as the builder names it ("Wait", "Check").</summary>
    static string StepWords(string? type) => type switch
    {
        "delay" => "Wait",
        "condition" => "Check",
        "loop" => "Repeat",
        "wait_for_reply" => "Wait for a reply",
        "wait_for_event" => "Wait for an event",
        _ => PlainText.Words(type ?? "step"),
    };

    static List<InFlightChoice> ReadChoices(JsonNode? node, List<FieldError> errors)
    {
        var choices = new List<InFlightChoice>();
        if (node is null)
        {
            return choices;
        }

        if (node is not JsonArray list)
        {
            errors.Add(new FieldError("inFlight", "Must be a list of choices, one per group of executions (version and step)."));
            return choices;
        }

        for (var i = 0; i < list.Count; i++)
        {
            var path = $"inFlight[{i}]";
            if (list[i] is not JsonObject item || item["version"] is not JsonValue v || !v.TryGetValue<int>(out var version))
            {
                errors.Add(new FieldError($"{path}.version", "Say which version the executions run (a number)."));
                continue;
            }

            var stepId = JsonText.Of(item["stepId"]);
            var reason = JsonText.Of(item["reason"]);
            switch (JsonText.Of(item["choice"]))
            {
                case "finish":
                    choices.Add(new InFlightChoice(version, stepId, InFlightChoice.Kind.Finish, null));
                    break;
                case "cancel" when string.IsNullOrWhiteSpace(reason):
                    errors.Add(new FieldError($"{path}.reason", "Say why these executions are cancelled: the reason is kept with each."));
                    break;
                case "cancel":
                    choices.Add(new InFlightChoice(version, stepId, InFlightChoice.Kind.Cancel, reason));
                    break;
                case "move":
                    choices.Add(new InFlightChoice(version, stepId, InFlightChoice.Kind.Move, null));
                    break;
                default:
                    errors.Add(new FieldError(
                        $"{path}.choice", "Choose \"finish\" (on their version), \"move\" (to the new version at their next step) or \"cancel\" (with a reason)."));
                    break;
            }
        }

        return choices;
    }

    static JsonObject DraftJson(WorkflowDraftRecord draft, int liveVersion) => new()
    {
        ["workflowId"] = draft.WorkflowId.ToString(),
        ["basedOn"] = draft.BasedOn,
        ["liveVersion"] = liveVersion,
        ["savedAt"] = draft.SavedAt,
        ["savedBy"] = draft.SavedByName ?? draft.SavedBy,
        ["name"] = draft.Name,
        ["description"] = draft.Description,
        ["triggerType"] = draft.TriggerType,
        ["triggerConfig"] = draft.TriggerConfig.DeepClone(),
        ["nodes"] = draft.Nodes.DeepClone(),
        ["edges"] = draft.Edges.DeepClone(),
        ["steps"] = draft.Steps.DeepClone(),
        ["schedule"] = draft.Schedule?.DeepClone(),
    };

    static IResult NotFound(string id) => Problems.NotFound($"No workflow '{id}' in your organization.");

    static IResult NoDraft(WorkflowRecord workflow) => Problems.NotFound($"Workflow '{workflow.Name}' has no draft: save one first (the live version is {workflow.Version}).");
}
