using System.Text.Json.Nodes;
using static Fixlify.Data.DapperConventions;

namespace Fixlify.Data;

/// <summary>
/// The record-driven time triggers — <c>job_overdue</c>, <c>invoice_overdue</c>, <c>client_inactive</c> — each written
/// once, as one query the scheduler's live tick (<see cref="LiveInsert"/>) and the backtest (<see cref="PastAsync"/>)
/// both run, so what fires, its moment and its id cannot drift apart.
/// </summary>
/// <remarks>
/// Each definition reads a relation <c>workflows (id, organization_id, trigger_config, moments_from)</c> the caller supplies (the
/// active workflows of the type across organizations for the tick; the one workflow for a backtest) and these
/// parameters: the window of moments <c>[moments_from, @to)</c> (the tick's look-back, narrowed or widened per workflow by
/// its start mark; the backtest's period), and <c>@evaluatedAt</c>, when the records are read: the
/// tick's now (the records as they are), or null for a backtest (each record as it was at its own moment — completed,
/// paid or active again by then — as a tick running every minute would have seen it). It returns the event's columns
/// plus <c>workflow_id</c> and <c>moment</c>, where a condition on the workflow and the moment goes (one <c>WHERE</c>
/// in <see cref="LiveInsert"/> serves every trigger). Ids are the same text as ever: events already written keep
/// theirs, so a re-run after an upgrade inserts nothing twice.
/// </remarks>
internal static class TimeTriggerEvents
{
    /// <summary>The record-driven time trigger types, each with its definition.</summary>
    public static IReadOnlyDictionary<string, string> Definitions { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["job_overdue"] = JobOverdue,
        ["invoice_overdue"] = InvoiceOverdue,
        ["client_inactive"] = ClientInactive,
    };

    /// <summary>
    /// Jobs past their scheduled end plus the workflow's grace (<c>graceMinutes</c>, 0 when unset), neither cancelled
    /// nor completed when read; once per scheduled end. A completed job with no completion time counts as completed
    /// before any moment.
    /// </summary>
    const string JobOverdue = """
        SELECT md5('job_overdue/' || w.id || '/' || j.id || '/' || j.scheduled_end::text)::uuid AS id, w.id AS workflow_id, j.organization_id,
               'job_overdue' AS event_type, 'job' AS entity_type, j.id AS entity_id,
               jsonb_build_object('workflowId', w.id, 'new', to_jsonb(j), 'overdueSince', due.moment) AS payload,
               due.moment, seen.at AS occurred_at
          FROM workflows w
          JOIN jobs j ON j.organization_id = w.organization_id
         CROSS JOIN LATERAL (SELECT j.scheduled_end + make_interval(mins => coalesce((w.trigger_config ->> 'graceMinutes')::int, 0)) AS moment) due
         CROSS JOIN LATERAL (SELECT coalesce(@evaluatedAt::timestamptz, due.moment) AS at) seen
         WHERE j.scheduled_end IS NOT NULL AND due.moment >= w.moments_from AND due.moment < @to
           AND j.status <> 'cancelled'
           AND NOT (j.status = 'completed' AND coalesce(j.completed_at <= seen.at, true))
        """;

    /// <summary>
    /// Invoices N days past due (<c>daysOverdue</c>; the moment is the start of that day in the organization's time
    /// zone), sent and unpaid when read (a paid invoice with no payment time counts as paid before any moment); once per
    /// due date. The event carries the threshold (<c>daysOverdue</c>) and the real figure (<c>daysActuallyOverdue</c>:
    /// an invoice found late, or by a workflow switched on after its day, is more days past due than the threshold).
    /// </summary>
    const string InvoiceOverdue = """
        SELECT md5('invoice_overdue/' || w.id || '/' || i.id || '/' || i.due_date::text || '/' || days.n)::uuid AS id, w.id AS workflow_id, i.organization_id,
               'invoice_overdue' AS event_type, 'invoice' AS entity_type, i.id AS entity_id,
               jsonb_build_object('workflowId', w.id, 'new', to_jsonb(i), 'daysOverdue', days.n, 'daysActuallyOverdue', seen_day.today - i.due_date, 'today', seen_day.today) AS payload,
               due.moment, seen.at AS occurred_at
          FROM workflows w
          JOIN organizations o ON o.id = w.organization_id
          JOIN invoices i ON i.organization_id = w.organization_id
         CROSS JOIN LATERAL (SELECT (w.trigger_config ->> 'daysOverdue')::int AS n) days
         CROSS JOIN LATERAL (SELECT (i.due_date + days.n)::timestamp AT TIME ZONE o.time_zone AS moment) due
         CROSS JOIN LATERAL (SELECT coalesce(@evaluatedAt::timestamptz, due.moment) AS at) seen
         CROSS JOIN LATERAL (SELECT (seen.at AT TIME ZONE o.time_zone)::date AS today) seen_day
         WHERE i.due_date IS NOT NULL AND days.n IS NOT NULL AND due.moment >= w.moments_from AND due.moment < @to
           AND (i.status IN ('sent', 'partially_paid') OR (i.status = 'paid' AND i.paid_at > seen.at))
        """;

    /// <summary>
    /// Clients, not marked inactive, with no activity (created, a job created or completed) for N days
    /// (<c>inactiveDays</c>), and none since up to when read; once per stretch of inactivity.
    /// </summary>
    const string ClientInactive = """
        SELECT md5('client_inactive/' || w.id || '/' || c.id || '/' || last.at::text)::uuid AS id, w.id AS workflow_id, c.organization_id,
               'client_inactive' AS event_type, 'client' AS entity_type, c.id AS entity_id,
               jsonb_build_object('workflowId', w.id, 'new', to_jsonb(c), 'inactiveDays', days.n, 'lastActivityAt', last.at) AS payload,
               due.moment, seen.at AS occurred_at
          FROM workflows w
          JOIN clients c ON c.organization_id = w.organization_id
         CROSS JOIN LATERAL (SELECT (w.trigger_config ->> 'inactiveDays')::int AS n) days
         CROSS JOIN LATERAL (
             SELECT c.created_at AS at
              UNION SELECT j.created_at FROM jobs j WHERE j.client_id = c.id
              UNION SELECT j.completed_at FROM jobs j WHERE j.client_id = c.id AND j.completed_at IS NOT NULL) last
         CROSS JOIN LATERAL (SELECT last.at + make_interval(days => days.n) AS moment) due
         CROSS JOIN LATERAL (SELECT coalesce(@evaluatedAt::timestamptz, due.moment) AS at) seen
         WHERE c.status <> 'inactive' AND days.n IS NOT NULL AND due.moment >= w.moments_from AND due.moment < @to
           AND NOT EXISTS (
               SELECT 1 FROM jobs j
                WHERE j.client_id = c.id
                  AND ((j.created_at > last.at AND j.created_at <= seen.at) OR (j.completed_at > last.at AND j.completed_at <= seen.at)))
        """;

    /// <summary>
    /// The tick's statement for <paramref name="triggerType"/>: inserts the events of the active workflows of that type,
    /// across organizations, whose moments fall in <c>[@from, @to)</c>, read as of <c>@evaluatedAt</c> (parameters:
    /// <c>type</c>, <c>from</c>, <c>to</c>, <c>evaluatedAt</c>), ON CONFLICT DO NOTHING, and announces them as capture
    /// does (Migrations/0010_statement_capture.sql): one NOTIFY for the statement, only while a relay waits idle. It
    /// returns how many it wrote.
    /// </summary>
    public static string LiveInsert(string triggerType) =>
        $"""
        WITH workflows AS (
            SELECT w.id, w.organization_id, w.trigger_config,
                   -- The start mark (Migrations/0041): switched on "only from now on", nothing that came before it fires;
                   -- "also these now", what qualified before it fires too, at the ticks of the look-back that follows.
                   CASE WHEN w.existing_records = 'include' AND w.activated_at > @from THEN '-infinity'::timestamptz
                        ELSE greatest(@from::timestamptz, coalesce(w.activated_at, '-infinity')) END AS moments_from
              FROM automation_workflows w
             WHERE w.trigger_type = @type AND w.is_active AND w.deleted_at IS NULL),
        fired AS (
            INSERT INTO automation_events (id, organization_id, event_type, entity_type, entity_id, payload, occurred_at)
            SELECT e.id, e.organization_id, e.event_type, e.entity_type, e.entity_id, e.payload, e.occurred_at
              FROM ({Definitions[triggerType]}) e
            ON CONFLICT (id) DO NOTHING
            RETURNING id)
        SELECT fixlify_announce_events(count(*), 'time_trigger') FROM fired
        """;

    /// <summary>
    /// The moments in [<paramref name="from"/>, <paramref name="to"/>) the workflow, with its trigger settings
    /// <paramref name="triggerConfig"/>, would have fired at, each record read as it was at its moment; in time order, at
    /// most <paramref name="limit"/> (inside the organization's transaction).
    /// </summary>
    public static async Task<List<AutomationEvent>> PastAsync(
        DatabaseTransaction transaction, Guid organizationId, Guid workflowId, string triggerType, JsonObject triggerConfig,
        DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken) =>
        [.. (await transaction.QueryAsync<PastRow>(
            $"""
            WITH workflows AS (SELECT @workflowId AS id, @organizationId AS organization_id, @triggerConfig::jsonb AS trigger_config, @from::timestamptz AS moments_from)
            SELECT e.id, e.organization_id, e.event_type, e.entity_type, e.entity_id, e.payload::text AS payload, e.occurred_at
              FROM ({Definitions[triggerType]}) e
             ORDER BY e.occurred_at, e.entity_id
             LIMIT @limit
            """,
            new
            {
                workflowId,
                organizationId,
                triggerConfig = triggerConfig.ToJsonString(),
                from = from.ToUniversalTime(),
                to = to.ToUniversalTime(),
                evaluatedAt = (DateTimeOffset?)null,
                limit,
            },
            cancellationToken)).Select(r => r.ToEvent())];

    sealed record PastRow(Guid Id, Guid OrganizationId, string EventType, string EntityType, Guid? EntityId, string Payload, DateTime OccurredAt)
    {
        public AutomationEvent ToEvent() =>
            new(Id, OrganizationId, EventType, EntityType, EntityId, JsonNode.Parse(Payload) as JsonObject ?? [], null, 0, Utc(OccurredAt));
    }
}
