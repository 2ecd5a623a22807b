using System.Text.Json.Nodes;
using static Fixlify.Data.DapperConventions;

namespace Fixlify.Data;

/// <summary>
/// The records that already qualify for a workflow's trigger when it is switched on (issue 22, "no surprises when
/// switching on"), inside the organization's transaction: for the time triggers the records whose moment to fire has
/// come (the trigger's one definition in <see cref="TimeTriggerEvents"/>, without the tick's look-back: "also these now"
/// fires them all), for
/// <c>job_created</c> the jobs already booked ahead (they would have been reminded had the automation been on). And the
/// start mark the activation stores (Migrations/0041), and the <c>job_created</c> events that start the booked jobs.
/// </summary>
internal static class QualifyingRecords
{
    /// <summary>The trigger types whose records can already qualify when a workflow is switched on.</summary>
    public static IReadOnlyList<string> TriggerTypes { get; } = [.. TimeTriggerEvents.Definitions.Keys, "job_created"];

    /// <summary>At most this many records are read (the count says "at least" beyond it).</summary>
    public const int Limit = 10_000;

    /// <summary>
    /// A record that already qualifies: its row (as the trigger's event carries it in <c>new</c>), the client's name, the
    /// moment it qualified (or, for a booked job, its start) and the whole days since that moment in the organization's zone.
    /// </summary>
    internal sealed record Qualifying(string EntityType, Guid Id, JsonObject Row, string? ClientName, DateTimeOffset At, int Days, string TimeZone);

    /// <summary>
    /// The records of the workflow's trigger that qualify at <paramref name="now"/>, oldest moment first (none for other
    /// triggers). A time trigger's are what its one definition (<see cref="TimeTriggerEvents"/>, the tick's and the
    /// backtest's) finds with no look-back, read as of now: the records "also these now" would fire.
    /// </summary>
    public static async Task<IReadOnlyList<Qualifying>> ListAsync(
        DatabaseTransaction transaction, Guid organizationId, Guid workflowId, string triggerType, JsonObject triggerConfig, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var sql = triggerType == "job_created" ? BookedJobs
            : TimeTriggerEvents.Definitions.TryGetValue(triggerType, out var definition) ? TimeTriggerRecords(definition)
            : null;
        if (sql is null)
        {
            return [];
        }

        var rows = await transaction.QueryAsync<Row>(
            sql,
            new
            {
                organizationId,
                workflowId,
                triggerConfig = triggerConfig.ToJsonString(),
                now,
                to = now.AddTicks(TimeSpan.TicksPerMicrosecond),
                evaluatedAt = now,
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

    const string ClientName = "nullif(trim(coalesce(nullif(c.company, ''), concat_ws(' ', c.first_name, c.last_name))), '')";

    /// <summary>
    /// The records a time trigger's <paramref name="definition"/> fires for this one workflow, every moment up to now
    /// (<c>moments_from</c> -infinity), with the client's name and the whole days since (an invoice's real days past due, a
    /// job's since its end plus the grace, a client's since their last activity), in the organization's zone.
    /// </summary>
    static string TimeTriggerRecords(string definition) => $"""
        WITH workflows AS (
            SELECT @workflowId AS id, @organizationId AS organization_id, @triggerConfig::jsonb AS trigger_config, '-infinity'::timestamptz AS moments_from)
        SELECT e.entity_type, e.entity_id AS id, (e.payload -> 'new')::text AS record, {ClientName} AS client_name, e.moment AS at,
               CASE e.entity_type
                   WHEN 'invoice' THEN (e.payload ->> 'daysActuallyOverdue')::int
                   WHEN 'client' THEN (@now AT TIME ZONE o.time_zone)::date - ((e.payload ->> 'lastActivityAt')::timestamptz AT TIME ZONE o.time_zone)::date
                   ELSE (@now AT TIME ZONE o.time_zone)::date - (e.moment AT TIME ZONE o.time_zone)::date
               END AS days,
               o.time_zone
          FROM ({definition}) e
          JOIN organizations o ON o.id = e.organization_id
          LEFT JOIN clients c ON c.id = CASE WHEN e.entity_type = 'client' THEN e.entity_id ELSE (e.payload -> 'new' ->> 'client_id')::uuid END
         ORDER BY e.moment, e.entity_id
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
