using System.Text.Json.Nodes;
using Fixlify.Data;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary>
/// <c>GET /api/workflows/{id}/step-stats?from&amp;to</c>: for each step key of the workflow, how many executions completed,
/// failed, were skipped or suppressed at it in the period (by the step's start, UTC; default the last 7 days), and how
/// many are there now (running or waiting) — the counts on the builder's canvas.
/// </summary>
internal sealed class StepStatsApi(TenantDatabase database, TimeProvider clock)
{
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromDays(7);

    public async Task<IResult> GetAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        var (request, problem) = ApiRequest.Read(context, id, NotFound);
        if (problem is not null)
        {
            return problem;
        }

        var (identity, workflowId, _) = request!;
        var (from, to, empty) = ApiQuery.Period(context.Request, clock, DefaultPeriod);
        if (empty is not null)
        {
            return empty;
        }

        await using var transaction = await database.BeginReadOnlyAsync(identity.OrganizationId, cancellationToken);
        if (await WorkflowRepository.GetAsync(transaction, workflowId, cancellationToken) is null)
        {
            return NotFound(id);
        }

        var counts = await StepStatistics.ForWorkflowAsync(transaction, workflowId, from, to, cancellationToken);
        return Results.Ok(new JsonObject
        {
            ["workflowId"] = workflowId.ToString(),
            ["from"] = from.ToUniversalTime(),
            ["to"] = to.ToUniversalTime(),
            ["steps"] = new JsonArray([.. counts.Select(c => (JsonNode?)new JsonObject
            {
                ["stepKey"] = c.StepKey, ["completed"] = c.Completed, ["failed"] = c.Failed, ["skipped"] = c.Skipped, ["suppressed"] = c.Suppressed,
                ["waitingNow"] = c.WaitingNow,
            })]),
        });
    }

    static IResult NotFound(string id) => Problems.NotFound($"No workflow '{id}' in your organization.");
}
