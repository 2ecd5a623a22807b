using System.Text.Json.Nodes;
using static Fixlify.Data.DapperConventions;

namespace Fixlify.Data;

/// <summary>
/// The records that already qualify for a workflow's trigger when it is switched on (issue 22, "no surprises when
/// switching on"), inside the organization's transaction: for the time triggers the records whose moment to fire has
/// come (as <c>Triggers/TimeTriggers</c> finds them, without its look-back: "also these now" fires them all), for
/// <c>job_created</c> the jobs already booked ahead (they would have been reminded had the automation been on). And the
/// start mark the activation stores (Migrations/0041), and the <c>job_created</c> events that start the booked jobs.
/// </summary>
internal static class QualifyingRecords
{
    /// <summary>The trigger types whose records can already qualify when a workflow is switched on.</summary>
    public static IReadOnlyList<string> TriggerTypes { get; } = ["invoice_overdue", "job_overdue", "client_inactive", "job_created"];

    /// <summary>At most this many records are read (the count says "at least" beyond it).</summary>
    public const int Limit = 10_000;

    /// <summary>
    /// A record that already qualifies: its row (as the trigger's event carries it in <c>new</c>), the client's name, the
    /// moment it qualified (or, for a booked job, its start) and the whole days since that moment in the organization's zone.
    /// </summary>
    internal sealed record Qualifying(string EntityType, Guid Id, JsonObject Row, string? ClientName, DateTimeOffset At, int Days, string TimeZone);

    /// <summary>The records of the workflow's trigger that qualify at <paramref name="now"/>, oldest moment first (none for other triggers).</summary>
    public static async Task<IReadOnlyList<Qualifying>> ListAsync(
        DatabaseTransaction transaction, string triggerType, JsonObject triggerConfig, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var sql = triggerType switch
        {
            "invoice_overdue" => InvoiceOverdue,
            "job_overdue" => JobOverdue,
            "client_inactive" => ClientInactive,
            "job_created" => BookedJobs,
            _ => null,
        };
        if (sql is null)
        {
            return [];
        }

        var rows = await transaction.QueryAsync<Row>(
            sql,
            new
            {
                now,
                days = Number(triggerConfig, "daysOverdue"),
                grace = Number(triggerConfig, "graceMinutes") ?? 0,
                inactive = Number(triggerConfig, "inactiveDays"),
                limit = Limit,
            },
            cancellationToken);
        return [.. rows.Select(r => r.ToQualifying())];
    }

    /// <summary>Stores the start mark of a workflow just switched on: when, the person's choice, and how many records already qualified.</summary>
    public static Task MarkAsync(DatabaseTransaction transaction, Guid workflowId, DateTimeOffset activatedAt, string existingRecords, int existingCount, CancellationToken cancellationToken) =>
        transaction.ExecuteAsync(
            "UPDATE automation_workflows SET activated_at = @activatedAt, existing_records = @existingRecords, existing_count = @existingCount WHERE id = @workflowId",
            new { workflowId, activatedAt, existingRecords, existingCount },
            cancellationToken);

    /// <summary>
    /// Writes a <c>job_created</c> event for this one workflow per booked job ("also these now" for the appointment reminder):
    /// the dispatcher starts an execution for each as if the job had just been booked. The ids come from the workflow, the
    /// job and the activation, so activating twice at the same moment writes nothing twice.
    /// </summary>
    public static async Task<int> StartBookedJobsAsync(
        DatabaseTransaction transaction, Guid organizationId, Guid workflowId, IReadOnlyList<Guid> jobIds, DateTimeOffset activatedAt, CancellationToken cancellationToken) =>
        (int)await transaction.ExecuteScalarAsync<long>(
            """
            WITH fired AS (
                INSERT INTO automation_events (id, organization_id, event_type, entity_type, entity_id, payload, occurred_at)
                SELECT md5('job_created/activation/' || @workflowId::text || '/' || j.id || '/' || @activatedAt::text)::uuid, j.organization_id,
                       'job_created', 'job', j.id, jsonb_build_object('workflowId', @workflowId, 'new', to_jsonb(j), 'existingAtActivation', true), @activatedAt
                  FROM jobs j
                 WHERE j.organization_id = @organizationId AND j.id = ANY(@jobIds)
                ON CONFLICT (id) DO NOTHING RETURNING id)
            SELECT fixlify_announce_events(count(*), 'activation') FROM fired
            """,
            new { organizationId, workflowId, jobIds = jobIds.ToArray(), activatedAt },
            cancellationToken);

    static int? Number(JsonObject config, string key) =>
        config[key] is JsonValue value && (value.TryGetValue<int>(out var n) || (value.TryGetValue<string>(out var text) && int.TryParse(text, out n))) ? n : null;

    const string ClientName = "nullif(trim(coalesce(nullif(c.company, ''), concat_ws(' ', c.first_name, c.last_name))), '')";

    /// <summary>Unpaid invoices at least <c>daysOverdue</c> days past due, counted in the organization's zone (the tick's rule).</summary>
    const string InvoiceOverdue = $"""
        SELECT 'invoice' AS entity_type, i.id, to_jsonb(i)::text AS record, {ClientName} AS client_name,
               ((i.due_date + @days)::timestamp AT TIME ZONE o.time_zone) AS at, (days.today - i.due_date) AS days, o.time_zone
          FROM invoices i
          JOIN organizations o ON o.id = i.organization_id
          LEFT JOIN clients c ON c.id = i.client_id
         CROSS JOIN LATERAL (SELECT (@now AT TIME ZONE o.time_zone)::date AS today) days
         WHERE @days::int IS NOT NULL AND i.status IN ('sent', 'partially_paid') AND i.due_date IS NOT NULL
           AND days.today >= i.due_date + @days
         ORDER BY i.due_date, i.id
         LIMIT @limit
        """;

    /// <summary>Jobs past their scheduled end plus the grace, neither completed nor cancelled (the tick's rule).</summary>
    const string JobOverdue = $"""
        SELECT 'job' AS entity_type, j.id, to_jsonb(j)::text AS record, {ClientName} AS client_name,
               j.scheduled_end + make_interval(mins => @grace) AS at,
               ((@now AT TIME ZONE o.time_zone)::date - ((j.scheduled_end + make_interval(mins => @grace)) AT TIME ZONE o.time_zone)::date) AS days, o.time_zone
          FROM jobs j
          JOIN organizations o ON o.id = j.organization_id
          LEFT JOIN clients c ON c.id = j.client_id
         WHERE j.status NOT IN ('completed', 'cancelled') AND j.scheduled_end IS NOT NULL
           AND j.scheduled_end + make_interval(mins => @grace) <= @now
         ORDER BY j.scheduled_end, j.id
         LIMIT @limit
        """;

    /// <summary>Clients (not inactive) with no job created or completed for <c>inactiveDays</c> days (the tick's rule).</summary>
    const string ClientInactive = $"""
        SELECT 'client' AS entity_type, c.id, to_jsonb(c)::text AS record, {ClientName} AS client_name,
               activity.last + make_interval(days => @inactive) AS at,
               ((@now AT TIME ZONE o.time_zone)::date - (activity.last AT TIME ZONE o.time_zone)::date) AS days, o.time_zone
          FROM clients c
          JOIN organizations o ON o.id = c.organization_id
         CROSS JOIN LATERAL (
             SELECT greatest(c.created_at, max(j.created_at), max(j.completed_at)) AS last FROM jobs j WHERE j.client_id = c.id) activity
         WHERE @inactive::int IS NOT NULL AND c.status <> 'inactive'
           AND activity.last + make_interval(days => @inactive) <= @now
         ORDER BY activity.last, c.id
         LIMIT @limit
        """;

    /// <summary>Jobs booked ahead: scheduled to start after now, neither completed nor cancelled.</summary>
    const string BookedJobs = $"""
        SELECT 'job' AS entity_type, j.id, to_jsonb(j)::text AS record, {ClientName} AS client_name,
               j.scheduled_start AS at, 0 AS days, o.time_zone
          FROM jobs j
          JOIN organizations o ON o.id = j.organization_id
          LEFT JOIN clients c ON c.id = j.client_id
         WHERE j.status NOT IN ('completed', 'cancelled') AND j.scheduled_start > @now
         ORDER BY j.scheduled_start, j.id
         LIMIT @limit
        """;

    sealed record Row(string EntityType, Guid Id, string Record, string? ClientName, DateTime At, int Days, string TimeZone)
    {
        public Qualifying ToQualifying() => new(EntityType, Id, JsonNode.Parse(Record) as JsonObject ?? [], ClientName, Utc(At), Days, TimeZone);
    }
}
