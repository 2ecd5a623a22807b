using System.Text.Json.Nodes;
using static Fixlify.Data.DapperConventions;

namespace Fixlify.Data;

/// <summary>
/// The events of a past period the outbox captured, inside an organization's (read-only) transaction, for a backtest
/// (a time trigger's moments are recomputed from the records by <see cref="TimeTriggerEvents.PastAsync"/>, the outbox
/// holding them only for workflows that were active then). The list is in time order and holds at most <c>limit</c>
/// events, so a caller asking for one more than it accepts learns the period holds too many.
/// </summary>
internal static class PastEvents
{
    const string Columns = "id, organization_id, event_type, entity_type, entity_id, payload::text AS payload, origin, chain_depth, occurred_at";

    /// <summary>The outbox's events of <paramref name="eventType"/> in [from, to) (idx_events_org_type_time).</summary>
    public static Task<List<AutomationEvent>> CapturedAsync(
        DatabaseTransaction transaction, Guid organizationId, string eventType, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken) =>
        QueryAsync(
            transaction,
            $"""
            SELECT {Columns} FROM automation_events
             WHERE organization_id = @organizationId AND event_type = @eventType AND occurred_at >= @from AND occurred_at < @to
             ORDER BY occurred_at, id
             LIMIT @limit
            """,
            new { organizationId, eventType, from, to, limit },
            cancellationToken);

    static async Task<List<AutomationEvent>> QueryAsync(DatabaseTransaction transaction, string sql, object parameters, CancellationToken cancellationToken) =>
        [.. (await transaction.QueryAsync<Row>(sql, parameters, cancellationToken)).Select(r => r.ToEvent())];

    sealed record Row(Guid Id, Guid OrganizationId, string EventType, string EntityType, Guid? EntityId, string Payload, string? Origin, int ChainDepth, DateTime OccurredAt)
    {
        public AutomationEvent ToEvent() =>
            new(Id, OrganizationId, EventType, EntityType, EntityId, JsonNode.Parse(Payload) as JsonObject ?? [], Origin, ChainDepth, Utc(OccurredAt));
    }
}
