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
public sealed class WorkflowMetricsApi(TenantDatabase database)
{
    public const int DefaultDays = 7;

    public async Task<IResult> GetAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var identity = RequestIdentity.Of(context);
        var days = ApiQuery.Number(context.Request, "days") ?? DefaultDays;
        await using var transaction = await database.BeginAsync(identity.OrganizationId, cancellationToken);
        var period = await transaction.QuerySingleAsync<Period>(
            """
            SELECT o.time_zone, d.first_day, (d.first_day AT TIME ZONE o.time_zone) AS starts_at, now() AS ends_at
              FROM organizations o, LATERAL (SELECT (now() AT TIME ZONE o.time_zone)::date - (@days - 1) AS first_day) d
             WHERE o.id = @organizationId
            """,
            new { organizationId = identity.OrganizationId, days },
            cancellationToken);
        var rows = await transaction.QueryAsync<Row>(
            $"""
            WITH {MetricHours.Current}
            SELECT workflow_id, (period_start AT TIME ZONE @timeZone)::date AS day,
                   sum(total_executions)::int AS executions, sum(successful_executions)::int AS successes, sum(failed_executions)::int AS failures
              FROM metric_hours
             GROUP BY 1, 2
            """,
            new { timeZone = period.TimeZone, from = DateTime.SpecifyKind(period.StartsAt, DateTimeKind.Utc), to = DateTime.SpecifyKind(period.EndsAt, DateTimeKind.Utc).AddHours(1), margin = MetricHours.Margin },
            cancellationToken);

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

    sealed record Period(string TimeZone, DateOnly FirstDay, DateTime StartsAt, DateTime EndsAt);

    sealed record Row(Guid WorkflowId, DateOnly Day, int Executions, int Successes, int Failures);
}
