using System.Text.Json.Nodes;
using Fixlify.Data;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary>
/// <c>GET /api/metrics/outcomes</c>: what the caller's organization's automations (or one workflow) did in a period —
/// texts and emails sent, tasks created, replies received, confirmations, failed executions still needing someone —
/// with a series by hour or day of the organization's time zone, counted from what happened (<see cref="OutcomeMetrics"/>),
/// so it is current to the second. Takes the same query as <c>GET /api/metrics</c> (<see cref="MetricsQuery"/>).
/// </summary>
internal sealed class OutcomeMetricsApi(TenantDatabase database, TimeProvider clock)
{
    public Task<IResult> GetAsync(HttpContext context, CancellationToken cancellationToken) =>
        MetricsQuery.AnswerAsync(context, database.BeginReadOnlyAsync, clock, (transaction, query) => CountAsync(transaction, query, cancellationToken), cancellationToken);

    static async Task<(JsonObject Totals, JsonArray Series)> CountAsync(DatabaseTransaction transaction, MetricsQuery query, CancellationToken cancellationToken)
    {
        var series = await OutcomeMetrics.ByPeriodAsync(transaction, query.From, query.To, query.Granularity, query.TimeZone, query.WorkflowId, cancellationToken);
        var totals = new JsonObject
        {
            ["textsSent"] = series.Sum(p => p.TextsSent),
            ["emailsSent"] = series.Sum(p => p.EmailsSent),
            ["tasksCreated"] = series.Sum(p => p.TasksCreated),
            ["repliesReceived"] = series.Sum(p => p.RepliesReceived),
            ["confirmations"] = series.Sum(p => p.Confirmations),
            ["needingAttention"] = series.Sum(p => p.NeedingAttention),
        };
        return (totals, new JsonArray([.. series.Select(p => (JsonNode)new JsonObject
        {
            ["periodStart"] = DateTime.SpecifyKind(p.PeriodStart, DateTimeKind.Utc),
            ["textsSent"] = p.TextsSent,
            ["emailsSent"] = p.EmailsSent,
            ["tasksCreated"] = p.TasksCreated,
            ["repliesReceived"] = p.RepliesReceived,
            ["confirmations"] = p.Confirmations,
            ["needingAttention"] = p.NeedingAttention,
        })]));
    }
}
