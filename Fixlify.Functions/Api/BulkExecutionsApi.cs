using System.Text.Json.Nodes;
using Fixlify.Application;
using Fixlify.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Fixlify.Api;

/// <summary>
/// <c>POST /api/executions/bulk/preview</c> and <c>…/bulk/run</c> (issue 25): failed executions retried, or waiting ones
/// cancelled, by the list's filters (<c>workflowId</c>, <c>from</c>, <c>to</c>) and a <c>cause</c> — first a look (how many,
/// by cause and automation, what would happen in words), then, with <c>confirm: true</c>, done; progress on the stream.
/// </summary>
internal sealed class BulkExecutionsApi(BulkExecutions bulk)
{
    public async Task<IResult> PreviewAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var (input, problem) = await ReadAsync(context, confirmed: false, cancellationToken);
        return problem ?? Answer(await bulk.PreviewAsync(input!.Value.Organization, input.Value.Action, input.Value.Selection, cancellationToken));
    }

    public async Task<IResult> RunAsync(HttpContext context, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var (input, problem) = await ReadAsync(context, confirmed: true, cancellationToken);
        return problem ?? Answer(await bulk.RunAsync(input!.Value.Organization, input.Value.Action, input.Value.Selection, input.Value.By, client, cancellationToken));
    }

    static async Task<((Guid Organization, Data.Actor By, BulkExecutions.BulkAction Action, ExecutionSelections.Selection Selection)? Input, IResult? Problem)> ReadAsync(
        HttpContext context, bool confirmed, CancellationToken cancellationToken)
    {
        var (request, problem) = await ApiRequest.ReadAsync(context, RequestBody.Required, cancellationToken);
        if (problem is not null)
        {
            return (null, problem);
        }

        var body = request!.Body;
        BulkExecutions.BulkAction action;
        switch (Text(body["action"]))
        {
            case "retry":
                action = BulkExecutions.BulkAction.Retry;
                break;
            case "cancel":
                action = BulkExecutions.BulkAction.Cancel;
                break;
            default:
                return (null, Problems.BadRequest("Choose what to do: retry the failed runs, or cancel the waiting ones.", "action"));
        }

        Guid? workflowId = null;
        if (body["workflowId"] is { } workflow)
        {
            if (JsonBody.Id(Text(workflow) ?? "") is not { } id)
            {
                return (null, Problems.BadRequest("Choose the automation from the list.", "workflowId"));
            }

            workflowId = id;
        }

        var (from, fromProblem) = Instant(body, "from", "Choose when the period starts.");
        var (to, toProblem) = Instant(body, "to", "Choose when the period ends.");
        if ((fromProblem ?? toProblem) is { } wrong)
        {
            return (null, wrong);
        }

        if (from > to)
        {
            return (null, Problems.BadRequest("The period starts after it ends.", "from"));
        }

        if (confirmed && !(body["confirm"] is JsonValue confirm && confirm.TryGetValue<bool>(out var yes) && yes))
        {
            return (null, Problems.BadRequest("This sends real messages again (or stops runs): look first, then confirm.", "confirm"));
        }

        var cause = Text(body["cause"]) is { Length: > 0 } text ? text : null;
        return ((request.Identity.OrganizationId, request.Identity.Actor, action, new ExecutionSelections.Selection(workflowId, from, to, cause)), null);
    }

    static (DateTimeOffset? Value, IResult? Problem) Instant(JsonObject body, string field, string message) =>
        body[field] switch
        {
            null => (null, null),
            JsonValue value when value.TryGetValue<string>(out var text) && DateTimeOffset.TryParse(
                text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) => (at, null),
            _ => (null, Problems.BadRequest(message, field)),
        };

    static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    static IResult Answer(BulkExecutions.Result result) => result switch
    {
        BulkExecutions.Result.Preview preview => Results.Ok(new JsonObject
        {
            ["action"] = Name(preview.Action),
            ["count"] = preview.Count,
            ["byCause"] = new JsonArray([.. preview.ByCause.Select(c => (JsonNode)new JsonObject { ["cause"] = c.Cause, ["count"] = c.Count })]),
            ["byWorkflow"] = new JsonArray([.. preview.ByWorkflow.Select(w => (JsonNode)new JsonObject { ["workflow"] = w.Workflow, ["count"] = w.Count })]),
            ["summary"] = preview.Summary,
        }),
        BulkExecutions.Result.Outcome outcome => Results.Ok(new JsonObject
        {
            ["action"] = Name(outcome.Action),
            ["bulkId"] = outcome.BulkId.ToString(),
            ["count"] = outcome.Count,
            ["done"] = outcome.Done,
            ["skipped"] = new JsonArray([.. outcome.Skipped.Select(s => (JsonNode)new JsonObject { ["executionId"] = s.ExecutionId.ToString(), ["reason"] = s.Reason })]),
        }),
        _ => Problems.BadRequest($"More than {ExecutionSelections.MaxSelected:N0} runs match: narrow the period, the automation or the cause.", "from"),
    };

    static string Name(BulkExecutions.BulkAction action) => action == BulkExecutions.BulkAction.Retry ? "retry" : "cancel";
}
