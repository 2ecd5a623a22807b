using System.Text.Json.Nodes;
using Fixlify.Data;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary>
/// <c>GET /api/metrics</c>: for the caller's organization (or one workflow), totals, success rate, average and p95
/// execution time and sends per channel over a period, with a series by hour or day — from the hourly rollups
/// (automation_metrics), with the hours changed since the last rollup counted from the executions (<see cref="MetricHours"/>),
/// so an execution counts the moment it ends; the p95 comes from the executions themselves, which the rollups do not
/// keep. Days and hours are the organization's own (a fall-back day has 25 hours), its zone named in <c>timeZone</c>.
/// </summary>
public sealed class MetricsApi(TenantDatabase database, TimeProvider clock)
{
    public static readonly string[] Granularities = ["hour", "day"];

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

        await using var transaction = await database.BeginAsync(identity.OrganizationId, cancellationToken);
        if (workflowId is { } id && await transaction.ExecuteScalarAsync<int>("SELECT count(*) FROM automation_workflows WHERE id = @id", new { id }, cancellationToken) == 0)
        {
            return Problems.NotFound($"No workflow '{id}' in your organization.");
        }

        var timeZone = await transaction.ExecuteScalarAsync<string>(
            "SELECT time_zone FROM organizations WHERE id = @id", new { id = identity.OrganizationId }, cancellationToken) ?? "UTC";
        var series = (await transaction.QueryAsync<Period>(
            $"""
            WITH {MetricHours.Current}
            SELECT date_trunc(@granularity, period_start, @timeZone) AS period_start,
                   sum(total_executions)::int AS executions, sum(successful_executions)::int AS successes, sum(failed_executions)::int AS failures,
                   round(sum(average_execution_time_ms::numeric * (successful_executions + failed_executions))
                         / nullif(sum(successful_executions + failed_executions) FILTER (WHERE average_execution_time_ms IS NOT NULL), 0))::int AS average_ms,
                   sum(emails_sent)::int AS emails, sum(sms_sent)::int AS sms, sum(webhooks_sent)::int AS webhooks
              FROM metric_hours
             WHERE @workflowId::uuid IS NULL OR workflow_id = @workflowId
             GROUP BY 1 ORDER BY 1
            """,
            new { granularity, timeZone, from, to, workflowId, margin = MetricHours.Margin },
            cancellationToken)).ToList();
        var p95 = await transaction.ExecuteScalarAsync<double?>(
            """
            SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY execution_time_ms)
              FROM automation_execution_logs
             WHERE status IN ('completed', 'failed') AND execution_time_ms IS NOT NULL
               AND created_at >= @from AND created_at < @to AND (@workflowId::uuid IS NULL OR workflow_id = @workflowId)
            """,
            new { from, to, workflowId },
            cancellationToken);

        var executions = series.Sum(p => p.Executions);
        var finished = series.Sum(p => p.Successes + p.Failures);
        var timed = series.Where(p => p.AverageMs is not null).Sum(p => (long)p.AverageMs!.Value * (p.Successes + p.Failures));
        return Results.Ok(new JsonObject
        {
            ["workflowId"] = workflowId?.ToString(),
            ["from"] = from,
            ["to"] = to,
            ["granularity"] = granularity,
            ["timeZone"] = timeZone,
            ["totals"] = new JsonObject
            {
                ["executions"] = executions,
                ["successes"] = series.Sum(p => p.Successes),
                ["failures"] = series.Sum(p => p.Failures),
                ["successRate"] = finished == 0 ? null : Math.Round(series.Sum(p => p.Successes) / (double)finished, 4),
                ["averageMs"] = finished == 0 ? null : (int)Math.Round(timed / (double)finished),
                ["p95Ms"] = p95 is { } value ? (int)Math.Round(value) : null,
                ["emailsSent"] = series.Sum(p => p.Emails),
                ["smsSent"] = series.Sum(p => p.Sms),
                ["webhooksSent"] = series.Sum(p => p.Webhooks),
            },
            ["series"] = new JsonArray([.. series.Select(p => (JsonNode)new JsonObject
            {
                ["periodStart"] = DateTime.SpecifyKind(p.PeriodStart, DateTimeKind.Utc),
                ["executions"] = p.Executions,
                ["successes"] = p.Successes,
                ["failures"] = p.Failures,
                ["averageMs"] = p.AverageMs,
                ["emailsSent"] = p.Emails,
                ["smsSent"] = p.Sms,
                ["webhooksSent"] = p.Webhooks,
            })]),
        });
    }

    sealed record Period(DateTime PeriodStart, int Executions, int Successes, int Failures, int? AverageMs, int Emails, int Sms, int Webhooks);
}
