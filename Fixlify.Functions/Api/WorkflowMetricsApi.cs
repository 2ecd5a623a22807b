using System.Text.Json.Nodes;
using Fixlify.Data;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary>
/// <c>GET /api/metrics/workflows</c>: for the automation dashboard, each workflow's executions, successes, failures and
/// success rate over the last <c>days</c> days (default 7), with a count per day — days of the organization's time zone,
/// today included — from the hourly rollups, with the hours changed since the last rollup counted from the executions
/// (<see cref="MetricHours"/>).
/// </summary>
internal sealed class WorkflowMetricsApi(TenantDatabase database)
{
    public const int DefaultDays = 7;

    public async Task<IResult> GetAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var identity = RequestIdentity.Of(context);
        var days = ApiQuery.Number(context.Request, "days") ?? DefaultDays;
        await using var transaction = await database.BeginAsync(identity.OrganizationId, cancellationToken);
        var period = await ExecutionMetrics.LastDaysAsync(transaction, identity.OrganizationId, days, cancellationToken);
        var rows = await ExecutionMetrics.ByWorkflowAndDayAsync(transaction, period, cancellationToken);

        var dates = Enumerable.Range(0, days).Select(period.FirstDay.AddDays).ToList();
        var items = new JsonArray();
        foreach (var workflow in rows.GroupBy(r => r.WorkflowId).OrderBy(g => g.Key))
        {
            var byDay = workflow.ToDictionary(r => r.Day);
            var successes = workflow.Sum(r => r.Successes);
            var finished = successes + workflow.Sum(r => r.Failures);
            items.Add(new JsonObject
            {
                ["workflowId"] = workflow.Key.ToString(),
                ["executions"] = workflow.Sum(r => r.Executions),
                ["successes"] = successes,
                ["failures"] = finished - successes,
                ["successRate"] = finished == 0 ? null : Math.Round(successes / (double)finished, 4),
                ["daily"] = new JsonArray([.. dates.Select(date => (JsonNode)new JsonObject
                {
                    ["date"] = Day(date),
                    ["executions"] = byDay.GetValueOrDefault(date)?.Executions ?? 0,
                    ["successes"] = byDay.GetValueOrDefault(date)?.Successes ?? 0,
                    ["failures"] = byDay.GetValueOrDefault(date)?.Failures ?? 0,
                })]),
            });
        }

        return Results.Ok(new JsonObject
        {
            ["timeZone"] = period.TimeZone,
            ["from"] = new DateTimeOffset(DateTime.SpecifyKind(period.StartsAt, DateTimeKind.Utc)),
            ["to"] = new DateTimeOffset(DateTime.SpecifyKind(period.EndsAt, DateTimeKind.Utc)),
            ["days"] = new JsonArray([.. dates.Select(d => (JsonNode)Day(d))]),
            ["items"] = items,
        });
    }

    static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
