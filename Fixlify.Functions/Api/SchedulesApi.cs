using System.Globalization;
using System.Text.Json.Nodes;
using Fixlify.Workflows;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary>
/// When schedules run, before anything runs: <c>POST /api/schedules/preview</c> for a draft's cron, and
/// (through <see cref="WorkflowsApi"/>) <c>GET /api/workflows/{id}/next-runs</c> for a saved workflow.
/// </summary>
internal sealed class SchedulesApi(TimeProvider clock)
{
    /// <summary>How many runs a preview lists unless asked (<c>count</c>, 1–100).</summary>
    public const int DefaultCount = 5;

    public const int MaxCount = 100;

    /// <summary>
    /// <c>POST /api/schedules/preview</c> <c>{cron, timeZone, count}</c> → <c>200 {cron, timeZone, runs: [{local, utc}]}</c>:
    /// the next <c>count</c> (default 5, at most 100) runs after now; 400 naming each bad field.
    /// </summary>
    public async Task<IResult> PreviewAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var (request, problem) = await ApiRequest.ReadAsync(context, RequestBody.Required, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var body = request!.Body;
        var errors = request.UnknownFields(key => $"Unknown field '{key}': a preview takes cron, timeZone and count.", "cron", "timeZone", "count");

        var (cron, zone) = WorkflowSchedule.ReadRecurrence(body, "", errors);
        var count = DefaultCount;
        if (body["count"] is { } given && !(given is JsonValue value && value.TryGetValue<int>(out count) && count is >= 1 and <= MaxCount))
        {
            errors.Add(new FieldError("count", $"Give a whole number from 1 to {MaxCount}, not {given.ToJsonString()}."));
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var schedule = new WorkflowSchedule(null, cron, zone, "skip", "once");
        return Results.Ok(Runs(schedule, clock.GetUtcNow(), count));
    }

    /// <summary>
    /// <c>{cron, timeZone, runs: [{local, utc}]}</c> (a one-off: <c>{runAt, runs}</c>): each run as the zone's local time
    /// with its offset (<c>2026-03-08T03:00:00-04:00</c>) and in UTC (<c>2026-03-08T07:00:00Z</c>).
    /// </summary>
    public static JsonObject Runs(WorkflowSchedule schedule, DateTimeOffset after, int count)
    {
        var runs = new JsonArray();
        foreach (var run in schedule.NextRuns(after, count))
        {
            runs.Add(new JsonObject
            {
                ["local"] = run.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
                ["utc"] = run.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            });
        }

        return schedule.RunAt is { } runAt
            ? new JsonObject { ["runAt"] = runAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), ["runs"] = runs }
            : new JsonObject { ["cron"] = schedule.Cron, ["timeZone"] = schedule.TimeZone, ["runs"] = runs };
    }
}
