using System.Text.Json.Nodes;
using Fixlify.Data;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary>
/// <c>GET /api/metrics/outcomes</c>: what the caller's organization's automations (or one workflow) did in a period —
/// texts and emails sent, tasks created, replies received, confirmations, failed executions still needing someone —
/// with a series by hour or day of the organization's time zone, counted from what happened (<see cref="OutcomeMetrics"/>),
/// so it is current to the second. Takes the same query as <c>GET /api/metrics</c>.
/// </summary>
public sealed class OutcomeMetricsApi(TenantDatabase database, TimeProvider clock)
{
    public async Task<IResult> GetAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var identity = RequestIdentity.Of(context);
        var request = context.Request;
        var to = ApiQuery.Instant(request, "to") ?? clock.GetUtcNow();
        var from = ApiQuery.Instant(request, "from") ?? to.AddDays(-7);
        var granularity = ApiQuery.Text(request, "granularity") ?? "day";
        var workflowId = ApiQuery.Id(request, "workflowId");
        if (from >= to)
        {
            return Problems.BadRequest("'from' must be before 'to'.", "from");
        }

        var longest = granularity == "hour" ? TimeSpan.FromDays(31) : TimeSpan.FromDays(366);
        if (to - from > longest)
        {
            return Problems.BadRequest($"A {granularity} series covers at most {longest.TotalDays:0} days.", "from");
        }

        await using var transaction = await database.BeginReadOnlyAsync(identity.OrganizationId, cancellationToken);
        if (workflowId is { } id && await transaction.ExecuteScalarAsync<int>("SELECT count(*) FROM automation_workflows WHERE id = @id", new { id }, cancellationToken) == 0)
        {
            return Problems.NotFound($"No workflow '{id}' in your organization.");
        }

        var timeZone = await transaction.ExecuteScalarAsync<string>(
            "SELECT time_zone FROM organizations WHERE id = @id", new { id = identity.OrganizationId }, cancellationToken) ?? "UTC";
        var series = await OutcomeMetrics.ByPeriodAsync(transaction, from, to, granularity, timeZone, workflowId, cancellationToken);
        return Results.Ok(new JsonObject
        {
            ["workflowId"] = workflowId?.ToString(),
            ["from"] = from,
            ["to"] = to,
            ["granularity"] = granularity,
            ["timeZone"] = timeZone,
            ["totals"] = new JsonObject
            {
                ["textsSent"] = series.Sum(p => p.TextsSent),
                ["emailsSent"] = series.Sum(p => p.EmailsSent),
                ["tasksCreated"] = series.Sum(p => p.TasksCreated),
                ["repliesReceived"] = series.Sum(p => p.RepliesReceived),
                ["confirmations"] = series.Sum(p => p.Confirmations),
                ["needingAttention"] = series.Sum(p => p.NeedingAttention),
            },
            ["series"] = new JsonArray([.. series.Select(p => (JsonNode)new JsonObject
            {
                ["periodStart"] = DateTime.SpecifyKind(p.PeriodStart, DateTimeKind.Utc),
                ["textsSent"] = p.TextsSent,
                ["emailsSent"] = p.EmailsSent,
                ["tasksCreated"] = p.TasksCreated,
                ["repliesReceived"] = p.RepliesReceived,
                ["confirmations"] = p.Confirmations,
                ["needingAttention"] = p.NeedingAttention,
            })]),
        });
    }
}
