using System.Text.Json.Nodes;
using static Fixlify.Data.DapperConventions;

namespace Fixlify.Data;

/// <summary>
/// The events of a past period, inside an organization's (read-only) transaction, for a backtest: those the outbox
/// captured, and the moments a time trigger with a given setting would have fired, recomputed from the records (the
/// outbox holds time-trigger events only for workflows that were active then). Each list is in time order and holds at
/// most <c>limit</c> events, so a caller asking for one more than it accepts learns the period holds too many.
/// </summary>
public static class PastEvents
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

    /// <summary>
    /// <c>job_overdue</c>: jobs whose scheduled end plus <paramref name="graceMinutes"/> fell in [from, to) and that were
    /// not completed by then (a job cancelled since is left out: when it was cancelled is not kept).
    /// </summary>
    public static Task<List<AutomationEvent>> JobOverdueAsync(
        DatabaseTransaction transaction, Guid workflowId, int graceMinutes, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken) =>
        QueryAsync(
            transaction,
            """
            SELECT md5('job_overdue/' || @workflowId || '/' || j.id || '/' || j.scheduled_end::text)::uuid AS id, j.organization_id,
                   'job_overdue' AS event_type, 'job' AS entity_type, j.id AS entity_id,
                   jsonb_build_object('workflowId', @workflowId, 'new', to_jsonb(j), 'overdueSince', j.scheduled_end + due.grace)::text AS payload,
                   NULL AS origin, 0 AS chain_depth, j.scheduled_end + due.grace AS occurred_at
              FROM jobs j
             CROSS JOIN (SELECT make_interval(mins => @graceMinutes) AS grace) due
             WHERE j.scheduled_end IS NOT NULL AND j.status <> 'cancelled'
               AND j.scheduled_end + due.grace >= @from AND j.scheduled_end + due.grace < @to
               AND (j.completed_at IS NULL OR j.completed_at > j.scheduled_end + due.grace)
             ORDER BY occurred_at, j.id
             LIMIT @limit
            """,
            new { workflowId = workflowId.ToString(), graceMinutes, from, to, limit },
            cancellationToken);

    /// <summary>
    /// <c>invoice_overdue</c>: invoices <paramref name="days"/> days past due (the day starting in the organization's time
    /// zone) in [from, to), sent and not paid by then.
    /// </summary>
    public static Task<List<AutomationEvent>> InvoiceOverdueAsync(
        DatabaseTransaction transaction, Guid workflowId, int days, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken) =>
        QueryAsync(
            transaction,
            """
            SELECT md5('invoice_overdue/' || @workflowId || '/' || i.id || '/' || i.due_date::text || '/' || @days)::uuid AS id, i.organization_id,
                   'invoice_overdue' AS event_type, 'invoice' AS entity_type, i.id AS entity_id,
                   jsonb_build_object('workflowId', @workflowId, 'new', to_jsonb(i), 'daysOverdue', @days, 'today', i.due_date + @days)::text AS payload,
                   NULL AS origin, 0 AS chain_depth, due.at AS occurred_at
              FROM invoices i
              JOIN organizations o ON o.id = i.organization_id
             CROSS JOIN LATERAL (SELECT ((i.due_date + @days)::timestamp AT TIME ZONE o.time_zone) AS at) due
             WHERE i.due_date IS NOT NULL AND i.status IN ('sent', 'partially_paid', 'paid')
               AND due.at >= @from AND due.at < @to
               AND (i.paid_at IS NULL OR i.paid_at > due.at)
             ORDER BY occurred_at, i.id
             LIMIT @limit
            """,
            new { workflowId = workflowId.ToString(), days, from, to, limit },
            cancellationToken);

    /// <summary>
    /// <c>client_inactive</c>: clients with no activity (created, a job created or completed) for <paramref name="days"/>
    /// days, the moment the stretch reached that length falling in [from, to).
    /// </summary>
    public static Task<List<AutomationEvent>> ClientInactiveAsync(
        DatabaseTransaction transaction, Guid workflowId, int days, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken) =>
        QueryAsync(
            transaction,
            """
            WITH activity AS (
                SELECT id AS client_id, created_at AS at FROM clients
                UNION ALL SELECT client_id, created_at FROM jobs WHERE client_id IS NOT NULL
                UNION ALL SELECT client_id, completed_at FROM jobs WHERE client_id IS NOT NULL AND completed_at IS NOT NULL),
            stretch AS (
                SELECT client_id, at, lead(at) OVER (PARTITION BY client_id ORDER BY at) AS next FROM activity)
            SELECT md5('client_inactive/' || @workflowId || '/' || c.id || '/' || s.at::text)::uuid AS id, c.organization_id,
                   'client_inactive' AS event_type, 'client' AS entity_type, c.id AS entity_id,
                   jsonb_build_object('workflowId', @workflowId, 'new', to_jsonb(c), 'inactiveDays', @days, 'lastActivityAt', s.at)::text AS payload,
                   NULL AS origin, 0 AS chain_depth, s.at + make_interval(days => @days) AS occurred_at
              FROM stretch s
              JOIN clients c ON c.id = s.client_id
             WHERE c.status <> 'inactive'
               AND s.at + make_interval(days => @days) >= @from AND s.at + make_interval(days => @days) < @to
               AND (s.next IS NULL OR s.next > s.at + make_interval(days => @days))
             ORDER BY occurred_at, c.id
             LIMIT @limit
            """,
            new { workflowId = workflowId.ToString(), days, from, to, limit },
            cancellationToken);

    static async Task<List<AutomationEvent>> QueryAsync(DatabaseTransaction transaction, string sql, object parameters, CancellationToken cancellationToken) =>
        [.. (await transaction.QueryAsync<Row>(sql, parameters, cancellationToken)).Select(r => r.ToEvent())];

    sealed record Row(Guid Id, Guid OrganizationId, string EventType, string EntityType, Guid? EntityId, string Payload, string? Origin, int ChainDepth, DateTime OccurredAt)
    {
        public AutomationEvent ToEvent() =>
            new(Id, OrganizationId, EventType, EntityType, EntityId, JsonNode.Parse(Payload) as JsonObject ?? [], Origin, ChainDepth, Utc(OccurredAt));
    }
}
