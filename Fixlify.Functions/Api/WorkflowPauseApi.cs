using System.Text.Json.Nodes;
using Fixlify.Application;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Fixlify.Api;

/// <summary>
/// <c>POST /api/workflows/{id}/pause</c> and <c>…/resume</c> (issue 25): a paused automation keeps its triggers (their runs
/// wait, <c>paused</c>) and its running executions hold at their next action; resuming runs them all, or only those that
/// came after a moment (the older ones cancelled, saying why).
/// </summary>
internal sealed class WorkflowPauseApi(PauseWorkflow pause, ResumeWorkflow resume)
{
    public async Task<IResult> PauseAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        var (request, problem) = ApiRequest.Read(context, id, NotFound);
        if (problem is not null)
        {
            return problem;
        }

        return await pause.ExecuteAsync(request!.Identity.OrganizationId, request.Id, request.Identity.Subject, cancellationToken) switch
        {
            PauseWorkflow.Result.Paused paused => Results.Ok(new JsonObject
            {
                ["workflowId"] = request.Id, ["pausedAt"] = new DateTimeOffset(paused.Since), ["waitingToRun"] = paused.WaitingToRun,
            }),
            _ => NotFound(id),
        };
    }

    public async Task<IResult> ResumeAsync(HttpContext context, string id, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var (request, problem) = await ApiRequest.ReadAsync(context, id, NotFound, RequestBody.Optional, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        DateTimeOffset? onlyAfter = null;
        switch (request!.Body["onlyAfter"])
        {
            case null:
                break;
            case JsonValue value when value.TryGetValue<string>(out var text) && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var after):
                onlyAfter = after;
                break;
            default:
                return Problems.BadRequest("Choose the moment after which the runs that waited should run, or leave it empty to run them all.", "onlyAfter");
        }

        return await resume.ExecuteAsync(request.Identity.OrganizationId, request.Id, onlyAfter, client, cancellationToken) switch
        {
            ResumeWorkflow.Result.Resumed resumed => Results.Ok(new JsonObject
            {
                ["workflowId"] = request.Id, ["started"] = resumed.Started, ["cancelled"] = resumed.Cancelled,
            }),
            ResumeWorkflow.Result.NotPaused => Problems.Conflict("This automation is not paused."),
            _ => NotFound(id),
        };
    }

    static IResult NotFound(string id) => Problems.NotFound($"No workflow '{id}' in your organization.");
}
