using System.Text.Json.Nodes;
using Fixlify.Data;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary>
/// <c>GET /api/metrics</c>: for the caller's organization (or one workflow), totals, success rate, average and p95
/// execution time and sends per channel over a period, with a series by hour or day — from the hourly rollups
/// (automation_metrics), with the hours changed since the last rollup counted from the executions (<see cref="MetricHours"/>),
/// so an execution counts the moment it ends; the p95 comes from the executions themselves, which the rollups do not
/// keep (<see cref="ExecutionMetrics"/>). Days and hours are the organization's own (a fall-back day has 25 hours), its zone
/// named in <c>timeZone</c>. The query is <see cref="MetricsQuery"/>.
/// </summary>
internal sealed class MetricsApi(TenantDatabase database, TimeProvider clock)
{
    public Task<IResult> GetAsync(HttpContext context, CancellationToken cancellationToken) =>
        MetricsQuery.AnswerAsync(context, database.BeginAsync, clock, (transaction, query) => CountAsync(transaction, query, cancellationToken), cancellationToken);

    static async Task<(JsonObject Totals, JsonArray Series)> CountAsync(DatabaseTransaction transaction, MetricsQuery query, CancellationToken cancellationToken)
    {
        var (from, to, granularity, workflowId, timeZone) = query;
        var series = await ExecutionMetrics.ByPeriodAsync(transaction, from, to, granularity, timeZone, workflowId, cancellationToken);
        var p95 = await ExecutionMetrics.P95Async(transaction, from, to, workflowId, cancellationToken);
        var finished = series.Sum(p => p.Successes + p.Failures);
        var timed = series.Where(p => p.AverageMs is not null).Sum(p => (long)p.AverageMs!.Value * (p.Successes + p.Failures));
        var totals = new JsonObject
        {
            ["executions"] = series.Sum(p => p.Executions),
            ["successes"] = series.Sum(p => p.Successes),
            ["failures"] = series.Sum(p => p.Failures),
            ["successRate"] = finished == 0 ? null : Math.Round(series.Sum(p => p.Successes) / (double)finished, 4),
            ["averageMs"] = finished == 0 ? null : (int)Math.Round(timed / (double)finished),
            ["p95Ms"] = p95 is { } value ? (int)Math.Round(value) : null,
            ["emailsSent"] = series.Sum(p => p.Emails),
            ["smsSent"] = series.Sum(p => p.Sms),
            ["webhooksSent"] = series.Sum(p => p.Webhooks),
        };
        return (totals, new JsonArray([.. series.Select(p => (JsonNode)new JsonObject
        {
            ["periodStart"] = DateTime.SpecifyKind(p.PeriodStart, DateTimeKind.Utc),
            ["executions"] = p.Executions,
            ["successes"] = p.Successes,
            ["failures"] = p.Failures,
            ["averageMs"] = p.AverageMs,
            ["emailsSent"] = p.Emails,
            ["smsSent"] = p.Sms,
            ["webhooksSent"] = p.Webhooks,
        })]));
    }
}
