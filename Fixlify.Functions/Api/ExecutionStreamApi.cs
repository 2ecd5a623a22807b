using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Fixlify.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Fixlify.Api;

/// <summary>
/// <c>GET /api/executions/stream</c>: server-sent events of the caller's organization's execution changes (status and
/// steps), in order, numbered (each event's id), with a heartbeat when nothing happens, resuming after
/// <c>Last-Event-ID</c>. Row-level security keeps other organizations' updates out. The stream ends when the host
/// stops (a browser's EventSource reconnects and resumes), so an open stream never holds up a shutdown. A running
/// backtest's progress comes as <c>backtest</c> events (<c>{backtestId, workflowId, replayed, total}</c>, at most about four
/// a second, without an id: they are not replayed after a reconnect).
/// </summary>
public sealed class ExecutionStreamApi(TenantDatabase database, ExecutionUpdateHub hub, IConfiguration configuration, IHostApplicationLifetime lifetime)
{
    /// <summary>How long an id can stay missing (a transaction still open, or rolled back) before the stream moves past it.</summary>
    static readonly TimeSpan GapPatience = TimeSpan.FromSeconds(5);

    TimeSpan Heartbeat => configuration.GetValue("Api:StreamHeartbeat", TimeSpan.FromSeconds(15));

    public Task<IResult> StreamAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var identity = RequestIdentity.Of(context);
        long? resumeAfter = null;
        var header = context.Request.Headers["Last-Event-ID"].ToString();
        if (header.Length > 0)
        {
            if (!long.TryParse(header, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
            {
                return Task.FromResult(Problems.BadRequest($"Last-Event-ID '{header}' is not an event id this stream sent.", "Last-Event-ID"));
            }

            resumeAfter = id;
        }

        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        return Task.FromResult<IResult>(TypedResults.ServerSentEvents(EventsAsync(identity.OrganizationId, resumeAfter, cancellationToken)));
    }

    async IAsyncEnumerable<SseItem<string>> EventsAsync(Guid organizationId, long? resumeAfter, [EnumeratorCancellation] CancellationToken requestAborted)
    {
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, lifetime.ApplicationStopping);
        var cancellationToken = ending.Token;
        using var subscription = hub.Subscribe(organizationId);
        var floor = resumeAfter ?? await LatestAsync(organizationId, cancellationToken);
        var delivered = new HashSet<long>();
        var gaps = new Dictionary<long, DateTimeOffset>();
        yield return new SseItem<string>("{}", "ready") { ReconnectionInterval = TimeSpan.FromSeconds(3) };
        while (!cancellationToken.IsCancellationRequested)
        {
            List<Update> updates;
            try
            {
                updates = await AfterAsync(organizationId, floor, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            foreach (var update in updates)
            {
                if (delivered.Add(update.Id))
                {
                    yield return new SseItem<string>(update.ToJson().ToJsonString(), "execution") { EventId = update.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                }
            }

            foreach (var progress in subscription.TakeProgress())
            {
                yield return new SseItem<string>(progress, "backtest");
            }

            floor = Advance(floor, delivered, gaps);
            bool woken;
            try
            {
                woken = await subscription.WaitAsync(delivered.Count > 0 ? TimeSpan.FromMilliseconds(250) : Heartbeat, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            if (!woken && delivered.Count == 0)
            {
                yield return new SseItem<string>("{}", "heartbeat");
            }
        }
    }

    /// <summary>Moves the floor over every id delivered in a row; a missing id is waited for a little, then passed.</summary>
    static long Advance(long floor, HashSet<long> delivered, Dictionary<long, DateTimeOffset> gaps)
    {
        while (delivered.Count > 0)
        {
            var next = floor + 1;
            if (delivered.Remove(next))
            {
                floor = next;
                gaps.Remove(next);
                continue;
            }

            var since = gaps.TryGetValue(next, out var seen) ? seen : gaps[next] = DateTimeOffset.UtcNow;
            if (DateTimeOffset.UtcNow - since < GapPatience)
            {
                break;
            }

            gaps.Remove(next);
            floor = next;
        }

        return floor;
    }

    async Task<long> LatestAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(organizationId, cancellationToken);
        return await transaction.ExecuteScalarAsync<long>("SELECT coalesce(max(id), 0) FROM automation_execution_updates", null, cancellationToken);
    }

    async Task<List<Update>> AfterAsync(Guid organizationId, long floor, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(organizationId, cancellationToken);
        return [.. await transaction.QueryAsync<Update>(
            """
            SELECT id, execution_id, workflow_id, status, step_key, step_status, created_at
              FROM automation_execution_updates WHERE id > @floor ORDER BY id LIMIT 500
            """,
            new { floor },
            cancellationToken)];
    }

    sealed record Update(long Id, Guid ExecutionId, Guid? WorkflowId, string Status, string? StepKey, string? StepStatus, DateTime CreatedAt)
    {
        public JsonObject ToJson() => new()
        {
            ["id"] = Id,
            ["executionId"] = ExecutionId.ToString(),
            ["workflowId"] = WorkflowId?.ToString(),
            ["status"] = Status,
            ["stepKey"] = StepKey,
            ["stepStatus"] = StepStatus,
            ["at"] = DateTime.SpecifyKind(CreatedAt, DateTimeKind.Utc),
        };
    }
}
