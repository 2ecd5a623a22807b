using System.Text.Json.Nodes;
using Fixlify.Data;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary>
/// The query both metrics routes take (<c>GET /api/metrics</c>, <c>GET /api/metrics/outcomes</c>): <c>from</c> and
/// <c>to</c> (default: the 7 days before now), <c>granularity</c> (hour or day) and <c>workflowId</c>; and the
/// organization's time zone, whose hours and days the series counts.
/// </summary>
internal sealed record MetricsQuery(DateTimeOffset From, DateTimeOffset To, string Granularity, Guid? WorkflowId, string TimeZone)
{
    public static readonly string[] Granularities = ["hour", "day"];

    /// <summary>
    /// A metrics route's whole answer: the query read in a transaction from <paramref name="begin"/>, then
    /// <paramref name="count"/>'s totals and series under the query's head (<see cref="Json"/>); or the query's problem.
    /// </summary>
    public static async Task<IResult> AnswerAsync(
        HttpContext context,
        Func<Guid, CancellationToken, Task<DatabaseTransaction>> begin,
        TimeProvider clock,
        Func<DatabaseTransaction, MetricsQuery, Task<(JsonObject Totals, JsonArray Series)>> count,
        CancellationToken cancellationToken)
    {
        var identity = RequestIdentity.Of(context);
        await using var transaction = await begin(identity.OrganizationId, cancellationToken);
        var (query, problem) = await ReadAsync(context.Request, transaction, identity.OrganizationId, clock, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (totals, series) = await count(transaction, query!);
        var json = query!.Json();
        json["totals"] = totals;
        json["series"] = series;
        return Results.Ok(json);
    }

    /// <summary>The query, or a 400 naming what is wrong with the period, or a 404 for a workflow the organization never had.</summary>
    public static async Task<(MetricsQuery? Query, IResult? Problem)> ReadAsync(
        HttpRequest request, DatabaseTransaction transaction, Guid organizationId, TimeProvider clock, CancellationToken cancellationToken)
    {
        var to = ApiQuery.Instant(request, "to") ?? clock.GetUtcNow();
        var from = ApiQuery.Instant(request, "from") ?? to.AddDays(-7);
        var granularity = ApiQuery.Text(request, "granularity") ?? "day";
        var workflowId = ApiQuery.Id(request, "workflowId");
        if (from >= to)
        {
            return (null, Problems.BadRequest("The period must start before it ends: choose a start date earlier than the end date.", "from"));
        }

        var longest = granularity == "hour" ? TimeSpan.FromDays(31) : TimeSpan.FromDays(366);
        if (to - from > longest)
        {
            return (null, Problems.BadRequest($"Counted by {granularity}, a period covers at most {longest.TotalDays:0} days: choose a shorter period.", "from"));
        }

        if (workflowId is { } id && !await WorkflowRepository.KnownAsync(transaction, id, cancellationToken))
        {
            return (null, Problems.NotFound($"No workflow '{id}' in your organization."));
        }

        var timeZone = await Organizations.TimeZoneAsync(transaction, organizationId, cancellationToken);
        return (new MetricsQuery(from, to, granularity, workflowId, timeZone), null);
    }

    /// <summary>The answer's head: what was counted, over which period, in which zone.</summary>
    public JsonObject Json() => new()
    {
        ["workflowId"] = WorkflowId?.ToString(),
        ["from"] = From,
        ["to"] = To,
        ["granularity"] = Granularity,
        ["timeZone"] = TimeZone,
    };
}
