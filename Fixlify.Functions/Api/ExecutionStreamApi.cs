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
/// steps), each once, with a heartbeat when nothing happens, resuming after <c>Last-Event-ID</c>. Each event's id is a
/// <see cref="StreamPosition"/> (ADR 0011): an update held in a transaction that commits after later ones is still sent,
/// to a reader that stayed connected or one that reconnected. Row-level security keeps other organizations' updates out.
/// The stream ends when the host stops (a browser's EventSource reconnects and resumes), so an open stream never holds
/// up a shutdown. A running backtest's progress comes as <c>backtest</c> events (<c>{backtestId, workflowId, replayed,
/// total}</c>, at most about four a second, without an id: they are not replayed after a reconnect).
/// </summary>
internal sealed class ExecutionStreamApi(TenantDatabase database, ExecutionUpdateHub hub, IConfiguration configuration, IHostApplicationLifetime lifetime)
{
    const int BatchSize = 500;

    TimeSpan Heartbeat => configuration.GetValue("Api:StreamHeartbeat", TimeSpan.FromSeconds(15));

    public async Task<IResult> StreamAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var identity = RequestIdentity.Of(context);
        // Subscribed before the first snapshot, so an update committed after it always wakes the stream.
        var subscription = hub.Subscribe(identity.OrganizationId);
        try
        {
            var now = await SnapshotAsync(identity.OrganizationId, cancellationToken);
            var position = StreamPosition.At(now);
            var header = context.Request.Headers["Last-Event-ID"].ToString();
            if (header.Length > 0)
            {
                if (StreamPosition.Parse(header, now) is not { } resumed)
                {
                    subscription.Dispose();
                    return Problems.BadRequest("Last-Event-ID is not an event id this stream sent: reconnect without it.", "Last-Event-ID");
                }

                position = resumed;
            }

            context.Response.Headers.CacheControl = "no-cache";
            context.Response.Headers["X-Accel-Buffering"] = "no";
            return TypedResults.ServerSentEvents(EventsAsync(identity.OrganizationId, subscription, position, cancellationToken));
        }
        catch
        {
            subscription.Dispose();
            throw;
        }
    }

    async IAsyncEnumerable<SseItem<string>> EventsAsync(
        Guid organizationId, ExecutionUpdateHub.Subscription subscription, StreamPosition position, [EnumeratorCancellation] CancellationToken requestAborted)
    {
        using var owned = subscription;
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, lifetime.ApplicationStopping);
        var cancellationToken = ending.Token;
        yield return new SseItem<string>("{}", "ready") { EventId = position.ToString(), ReconnectionInterval = TimeSpan.FromSeconds(3) };
        // A resumed position's reading snapshot is from an earlier connection: once it is sent, read up to now at once.
        var caughtUp = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            List<ExecutionUpdateFeed.Update> updates;
            try
            {
                updates = await BetweenAsync(organizationId, position, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            foreach (var update in updates)
            {
                position = position.Next(update.Id);
                yield return new SseItem<string>(Json(update).ToJsonString(), "execution") { EventId = position.ToString() };
            }

            foreach (var progress in subscription.TakeProgress())
            {
                // A bulk retry's or cancel's progress carries its bulkId; the rest is a backtest's.
                yield return new SseItem<string>(progress, progress.Contains("\"bulkId\"", StringComparison.Ordinal) ? "bulk" : "backtest");
            }

            if (updates.Count == BatchSize)
            {
                continue;
            }

            // Everything visible in the reading snapshot is sent: wait for news, then read up to a new one.
            bool woken;
            string now;
            try
            {
                woken = !caughtUp || await subscription.WaitAsync(Heartbeat, cancellationToken);
                caughtUp = true;
                now = await SnapshotAsync(organizationId, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            position = new StreamPosition(position.Reading, now, 0);
            if (!woken)
            {
                yield return new SseItem<string>("{}", "heartbeat") { EventId = StreamPosition.At(position.Seen).ToString() };
            }
        }
    }

    async Task<string> SnapshotAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(organizationId, cancellationToken);
        return await ExecutionUpdateFeed.SnapshotAsync(transaction, cancellationToken);
    }

    async Task<List<ExecutionUpdateFeed.Update>> BetweenAsync(Guid organizationId, StreamPosition position, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(organizationId, cancellationToken);
        return await ExecutionUpdateFeed.BetweenAsync(transaction, position.Seen, position.Reading, position.After, BatchSize, cancellationToken);
    }

    static JsonObject Json(ExecutionUpdateFeed.Update update) => new()
    {
        ["id"] = update.Id,
        ["executionId"] = update.ExecutionId.ToString(),
        ["workflowId"] = update.WorkflowId?.ToString(),
        ["status"] = update.Status,
        ["stepKey"] = update.StepKey,
        ["stepStatus"] = update.StepStatus,
        ["at"] = DateTime.SpecifyKind(update.CreatedAt, DateTimeKind.Utc),
    };
}
