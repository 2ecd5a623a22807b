using System.Text.Json.Nodes;
using static Fixlify.Data.DapperConventions;

namespace Fixlify.Data;

/// <summary>
/// automation_events as a queue: claimed in batches with FOR UPDATE SKIP LOCKED, marked relayed or processed; and the
/// changes the capture triggers copied (automation_changes), turned into their events before a claim.
/// </summary>
internal static class EventOutbox
{
    const string Columns = "id, organization_id, event_type, entity_type, entity_id, payload::text AS payload, origin, chain_depth, occurred_at, trace_parent";

    /// <summary>
    /// Turns up to <paramref name="max"/> captured changes into their events (Migrations/0032: what a change means is
    /// decided there, once), in this transaction: the changes are gone and their events written when it commits, and
    /// both stay as they were when it rolls back. Returns how many changes it took; fewer than <paramref name="max"/>
    /// means none are left but those another transaction holds. With <paramref name="announce"/> an idle relay is woken
    /// for the events (the scheduler's case); a relay claims the events it wrote itself, and passes false.
    /// </summary>
    public static async Task<int> ExpandChangesAsync(DatabaseTransaction transaction, int max, bool announce, CancellationToken cancellationToken) =>
        await transaction.ExecuteScalarAsync<int>("SELECT fixlify_expand_changes(@max, @announce)", new { max, announce }, cancellationToken);

    /// <summary>Events not yet sent to Service Bus, oldest first, locked for this transaction (others skip them).</summary>
    public static Task<List<AutomationEvent>> ClaimUnrelayedAsync(DatabaseTransaction transaction, int batchSize, CancellationToken cancellationToken) =>
        QueryAsync(transaction, $"SELECT {Columns} FROM automation_events WHERE relayed_at IS NULL ORDER BY occurred_at LIMIT @batchSize FOR UPDATE SKIP LOCKED", new { batchSize }, cancellationToken);

    /// <summary>Events no dispatcher has handled yet that occurred before <paramref name="before"/>, locked for this transaction.</summary>
    public static Task<List<AutomationEvent>> ClaimUnprocessedAsync(DatabaseTransaction transaction, int batchSize, DateTimeOffset before, CancellationToken cancellationToken) =>
        QueryAsync(
            transaction,
            $"SELECT {Columns} FROM automation_events WHERE processed_at IS NULL AND occurred_at <= @before ORDER BY occurred_at LIMIT @batchSize FOR UPDATE SKIP LOCKED",
            new { batchSize, before },
            cancellationToken);

    public static Task MarkRelayedAsync(DatabaseTransaction transaction, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        transaction.ExecuteAsync("UPDATE automation_events SET relayed_at = now() WHERE id = ANY(@ids)", new { ids = ids.ToArray() }, cancellationToken);

    public static Task MarkProcessedAsync(DatabaseTransaction transaction, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        transaction.ExecuteAsync("UPDATE automation_events SET processed_at = now() WHERE id = ANY(@ids) AND processed_at IS NULL", new { ids = ids.ToArray() }, cancellationToken);

    static async Task<List<AutomationEvent>> QueryAsync(DatabaseTransaction transaction, string sql, object parameters, CancellationToken cancellationToken) =>
        [.. (await transaction.QueryAsync<Row>(sql, parameters, cancellationToken)).Select(r => r.ToEvent())];

    sealed record Row(Guid Id, Guid OrganizationId, string EventType, string EntityType, Guid? EntityId, string Payload, string? Origin, int ChainDepth, DateTime OccurredAt, string? TraceParent)
    {
        public AutomationEvent ToEvent() =>
            new(Id, OrganizationId, EventType, EntityType, EntityId, JsonNode.Parse(Payload) as JsonObject ?? [], Origin, ChainDepth, Utc(OccurredAt), TraceParent);
    }
}
