namespace Fixlify.Data;

/// <summary>
/// automation_execution_waits: the executions waiting for a client's reply or for an event on a record (migration 0013).
/// A wait is written when it starts and deleted by whatever ends it, in the statement that finds it, so a reply or an
/// event wakes a wait at most once; waits past their <c>expires_at</c> (timed out) are ignored and purged.
/// </summary>
internal static class ExecutionWaits
{
    /// <summary>A wait about to start. A reply wait names the client texted; an event wait the record and the event type.</summary>
    internal sealed record NewWait(
        Guid ExecutionId, string StepKey, Guid OrganizationId, string Kind, Guid? ClientId, string? EntityType, Guid? EntityId, string? EventType,
        DateTime Since, DateTime ExpiresAt);

    /// <summary>A waiting step to wake: its execution (the orchestration instance) and step key.</summary>
    internal sealed record WaitingStep(Guid ExecutionId, Guid OrganizationId, string StepKey);

    /// <summary>A waiting step an event wakes, with the event.</summary>
    internal sealed record WokenStep(Guid ExecutionId, Guid OrganizationId, string StepKey, Guid EventId);

    /// <summary>
    /// How a text was delivered: to which client (null when the number is no client's), its status (sent, suppressed, …),
    /// and when its sending began (UTC: the delivery was claimed just before the provider was called).
    /// </summary>
    internal sealed record TextDelivery(Guid? ClientId, DeliveryStatus Status, DateTime SentAt);

    sealed record TextDeliveryRow(Guid? ClientId, string Status, DateTime SentAt);

    /// <summary>A reply that came in while its client's wait was not written yet: when the provider received it (UTC), and its text.</summary>
    internal sealed record KeptReply(DateTime ReceivedAt, string? Text);

    /// <summary>How long a reply nobody awaited is kept for a wait about to start (<see cref="KeepReplyAsync"/>).</summary>
    public static readonly TimeSpan UnawaitedReplyLifetime = TimeSpan.FromMinutes(15);

    /// <summary>An event that happened, from the outbox.</summary>
    internal sealed record PastEvent(Guid? Id, DateTime OccurredAt);

    public const string Reply = "reply";
    public const string Event = "event";
    public const string Anchor = "anchor";

    /// <summary>
    /// The waits that follow a date of the events' records (kind <c>anchor</c>) and the event that moves it: returned, not
    /// ended (each is told, and waits again for the moved moment). Parameters as <see cref="WakeSql"/>.
    /// </summary>
    internal const string MovedSql = """
        WITH fired AS (
            SELECT * FROM unnest(@ids::uuid[], @organizations::uuid[], @entities::uuid[], @types::text[]) AS e(id, organization_id, entity_id, event_type))
        SELECT w.execution_id, w.organization_id, w.step_key, e.id AS event_id
          FROM automation_execution_waits w
          JOIN fired e ON w.entity_id = e.entity_id AND w.event_type = e.event_type AND w.organization_id = e.organization_id
         WHERE w.kind = 'anchor' AND w.entity_id = ANY(@entities::uuid[]) AND w.expires_at > now()
        """;

    /// <summary>The waits following a date the events moved (see <see cref="MovedSql"/>); they keep waiting.</summary>
    public static Task<IReadOnlyList<WokenStep>> MovedAsync(DatabaseTransaction transaction, IReadOnlyList<AutomationEvent> events, CancellationToken cancellationToken) =>
        StepsForEventsAsync(transaction, MovedSql, events, cancellationToken);

    /// <summary>A record's date (a job's <c>scheduled_start</c> or <c>scheduled_end</c>) as it is now, UTC; null when it has none.</summary>
    public static Task<DateTime?> RecordDateAsync(DatabaseTransaction transaction, string entity, Guid entityId, string field, CancellationToken cancellationToken) =>
        transaction.QuerySingleOrDefaultAsync<DateTime?>(
            (entity, field) switch
            {
                ("job", "scheduled_start") => "SELECT scheduled_start FROM jobs WHERE id = @entityId",
                ("job", "scheduled_end") => "SELECT scheduled_end FROM jobs WHERE id = @entityId",
                _ => throw new ArgumentOutOfRangeException(nameof(field), $"{entity}.{field}", "not a date a wait can follow"),
            },
            new { entityId },
            cancellationToken);

    /// <summary>
    /// Every wait for the events' records and types, deleted and returned: one statement per batch of events, whose
    /// <c>entity_id = ANY(...)</c> is an index probe per event (idx_waits_event), never a scan of the waiting executions.
    /// Parameters: <c>@ids</c>, <c>@organizations</c>, <c>@entities</c>, <c>@types</c> (arrays, one item per event).
    /// </summary>
    internal const string WakeSql = """
        WITH fired AS (
            SELECT * FROM unnest(@ids::uuid[], @organizations::uuid[], @entities::uuid[], @types::text[]) AS e(id, organization_id, entity_id, event_type))
        DELETE FROM automation_execution_waits w
         USING fired e
         WHERE w.kind = 'event' AND w.entity_id = ANY(@entities::uuid[])
           AND w.entity_id = e.entity_id AND w.event_type = e.event_type AND w.organization_id = e.organization_id
           AND w.expires_at > now()
        RETURNING w.execution_id, w.organization_id, w.step_key, e.id AS event_id
        """;

    /// <summary>
    /// The newest live wait for a reply from one of the clients, deleted and returned (the others keep waiting). Locked rows
    /// are skipped: two replies at once go to two waits. Parameters: <c>@organizations</c>, <c>@clients</c>.
    /// </summary>
    internal const string ClaimReplySql = """
        DELETE FROM automation_execution_waits
         WHERE (execution_id, step_key) = (
               SELECT w.execution_id, w.step_key
                 FROM automation_execution_waits w
                 JOIN automation_execution_logs l ON l.id = w.execution_id AND l.status IN ('pending', 'processing', 'waiting')
                WHERE w.kind = 'reply' AND w.organization_id = ANY(@organizations) AND w.client_id = ANY(@clients) AND w.expires_at > now()
                ORDER BY w.since DESC, w.created_at DESC
                LIMIT 1
                  FOR UPDATE OF w SKIP LOCKED)
        RETURNING execution_id, organization_id, step_key
        """;

    /// <summary>Writes the wait (a replayed start writes the same row again).</summary>
    public static Task StartAsync(DatabaseTransaction transaction, NewWait wait, CancellationToken cancellationToken) =>
        transaction.ExecuteAsync(
            """
            INSERT INTO automation_execution_waits (execution_id, step_key, organization_id, kind, client_id, entity_type, entity_id, event_type, since, expires_at)
            VALUES (@ExecutionId, @StepKey, @OrganizationId, @Kind, @ClientId, @EntityType, @EntityId, @EventType, @Since, @ExpiresAt)
            ON CONFLICT (execution_id, step_key) DO UPDATE
               SET client_id = EXCLUDED.client_id, entity_type = EXCLUDED.entity_type, entity_id = EXCLUDED.entity_id,
                   event_type = EXCLUDED.event_type, since = EXCLUDED.since, expires_at = EXCLUDED.expires_at
            """,
            wait with { Since = DateTime.SpecifyKind(wait.Since, DateTimeKind.Utc), ExpiresAt = DateTime.SpecifyKind(wait.ExpiresAt, DateTimeKind.Utc) },
            cancellationToken);

    /// <summary>Deletes a wait; false when it was already gone (something else ended it).</summary>
    public static async Task<bool> EndAsync(DatabaseTransaction transaction, Guid executionId, string stepKey, CancellationToken cancellationToken) =>
        await transaction.ExecuteAsync(
            "DELETE FROM automation_execution_waits WHERE execution_id = @executionId AND step_key = @stepKey", new { executionId, stepKey }, cancellationToken) == 1;

    /// <summary>
    /// How the execution's text of step <paramref name="textKey"/> went: its SMS delivery (a send_message's is
    /// <c>&lt;key&gt;/sms</c>), a sent one first; null when no text was delivered or tried.
    /// </summary>
    public static async Task<TextDelivery?> TextDeliveryAsync(DatabaseTransaction transaction, Guid executionId, string textKey, CancellationToken cancellationToken) =>
        await transaction.QuerySingleOrDefaultAsync<TextDeliveryRow>(
            """
            SELECT client_id, status, created_at AS sent_at FROM automation_deliveries
             WHERE execution_id = @executionId AND step_key IN (@textKey, @textKey || '/sms') AND channel = 'sms'
             ORDER BY (status = 'sent') DESC
             LIMIT 1
            """,
            new { executionId, textKey },
            cancellationToken) is { } row ? new TextDelivery(row.ClientId, DeliveryStatuses.Parse(row.Status), row.SentAt) : null;

    /// <summary>The first event of <paramref name="eventType"/> on the record at or after <paramref name="since"/>, if one happened (idx_events_org_type_time).</summary>
    public static Task<PastEvent?> HappenedSinceAsync(
        DatabaseTransaction transaction, Guid organizationId, Guid entityId, string eventType, DateTime since, CancellationToken cancellationToken) =>
        transaction.QuerySingleOrDefaultAsync<PastEvent>(
            // A change the capture copied that no relay has made its events of yet, or whose events a relay is writing in a
            // transaction still open (the change stays visible until that commits, and its events are visible after): one
            // snapshot sees exactly one of the two, so an event the relay dispatched before this wait was written is not missed.
            """
            SELECT id, occurred_at FROM (
                SELECT id, occurred_at FROM automation_events
                 WHERE organization_id = @organizationId AND event_type = @eventType AND occurred_at >= @since AND entity_id = @entityId
                UNION ALL
                SELECT NULL::uuid, c.occurred_at FROM automation_changes c
                 WHERE c.organization_id = @organizationId AND c.entity_id = @entityId AND c.occurred_at >= @since
                   AND @eventType = ANY(fixlify_change_events(c.entity_type, fixlify_change_payload(c.new_row, c.old_row)))) found
             ORDER BY occurred_at
             LIMIT 1
            """,
            new { organizationId, eventType, since = DateTime.SpecifyKind(since, DateTimeKind.Utc), entityId },
            cancellationToken);

    /// <summary>
    /// Whether the record (<paramref name="entity"/>: job, invoice, estimate or client) has <paramref name="status"/> now: null
    /// when not, else when it last changed (UTC; the record's <c>updated_at</c>), as the moment its awaited event is taken
    /// to have happened.
    /// </summary>
    public static Task<DateTime?> InStateAsync(
        DatabaseTransaction transaction, string entity, Guid entityId, string status, CancellationToken cancellationToken) =>
        transaction.QuerySingleOrDefaultAsync<DateTime?>(
            $"SELECT updated_at FROM {TableOf(entity)} WHERE id = @entityId AND status = @status", new { entityId, status }, cancellationToken);

    /// <summary>The table of a record kind: a fixed set, never built from input.</summary>
    public static string TableOf(string entity) => entity switch
    {
        "job" => "jobs",
        "invoice" => "invoices",
        "estimate" => "estimates",
        "client" => "clients",
        _ => throw new ArgumentOutOfRangeException(nameof(entity), entity, "not a record kind"),
    };

    /// <summary>The newest live wait for a reply from one of <paramref name="clients"/>, taken (deleted); null when none waits.</summary>
    public static Task<WaitingStep?> ClaimReplyAsync(
        DatabaseTransaction transaction, IReadOnlyCollection<Guid> organizations, IReadOnlyCollection<Guid> clients, CancellationToken cancellationToken) =>
        clients.Count == 0
            ? Task.FromResult<WaitingStep?>(null)
            : transaction.QuerySingleOrDefaultAsync<WaitingStep>(
                ClaimReplySql, new { organizations = organizations.ToArray(), clients = clients.ToArray() }, cancellationToken);

    /// <summary>
    /// Serializes the inbound route and the start of a reply wait for these clients (a transaction-scoped advisory lock per
    /// client, taken in id order): a reply either finds the wait written or is kept where the starting wait looks.
    /// </summary>
    public static async Task LockRepliesAsync(DatabaseTransaction transaction, IEnumerable<Guid> clients, CancellationToken cancellationToken)
    {
        foreach (var client in clients.Distinct().Order())
        {
            await transaction.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtextextended(@client::text, 4243))", new { client }, cancellationToken);
        }
    }

    /// <summary>
    /// Keeps a text no execution waited for, once per client with the sender's number (<paramref name="clients"/>:
    /// organization and client), until <see cref="UnawaitedReplyLifetime"/> from now, for a wait about to start.
    /// </summary>
    /// <param name="receivedAt">When the provider received it, UTC.</param>
    public static Task KeepReplyAsync(
        DatabaseTransaction transaction, IReadOnlyList<(Guid OrganizationId, Guid ClientId)> clients, DateTime receivedAt, string? text, CancellationToken cancellationToken) =>
        clients.Count == 0
            ? Task.CompletedTask
            : transaction.ExecuteAsync(
                """
                INSERT INTO automation_unawaited_replies (message_id, organization_id, client_id, received_at, text, expires_at)
                SELECT @message, c.organization_id, c.client_id, @receivedAt, @text, now() + @lifetimeSeconds * interval '1 second'
                  FROM unnest(@organizations::uuid[], @clients::uuid[]) AS c(organization_id, client_id)
                """,
                new
                {
                    message = Guid.NewGuid(),
                    organizations = clients.Select(c => c.OrganizationId).ToArray(),
                    clients = clients.Select(c => c.ClientId).ToArray(),
                    receivedAt = DateTime.SpecifyKind(receivedAt, DateTimeKind.Utc),
                    text,
                    lifetimeSeconds = UnawaitedReplyLifetime.TotalSeconds,
                },
                cancellationToken);

    /// <summary>
    /// Takes the earliest kept reply from <paramref name="clientId"/> received at or after <paramref name="sentAt"/> (the
    /// wait's text), for the wait (execution, step): the one it took before when the start is retried, else one nobody
    /// took (the same text kept for another client with that number is taken with it). Null when none came.
    /// </summary>
    public static async Task<KeptReply?> TakeKeptReplyAsync(
        DatabaseTransaction transaction, Guid organizationId, Guid clientId, DateTime sentAt, Guid executionId, string stepKey, CancellationToken cancellationToken) =>
        (await transaction.QueryAsync<KeptReply>(
            """
            UPDATE automation_unawaited_replies SET taken_by = @executionId, taken_step = @stepKey
             WHERE message_id = (
                   SELECT message_id FROM automation_unawaited_replies
                    WHERE organization_id = @organizationId AND client_id = @clientId AND received_at >= @sentAt AND expires_at > now()
                      AND (taken_by IS NULL OR (taken_by = @executionId AND taken_step = @stepKey))
                    ORDER BY taken_by IS NULL, received_at
                    LIMIT 1
                      FOR UPDATE)
            RETURNING received_at, text
            """,
            new { organizationId, clientId, sentAt = DateTime.SpecifyKind(sentAt, DateTimeKind.Utc), executionId, stepKey },
            cancellationToken)).FirstOrDefault();

    /// <summary>The waits the events end (see <see cref="WakeSql"/>), taken (deleted). Events about no record wake nothing.</summary>
    public static Task<IReadOnlyList<WokenStep>> WakeAsync(DatabaseTransaction transaction, IReadOnlyList<AutomationEvent> events, CancellationToken cancellationToken) =>
        StepsForEventsAsync(transaction, WakeSql, events, cancellationToken);

    /// <summary>Runs <paramref name="sql"/> over the events about a record (their ids, organizations, records and types as arrays).</summary>
    static async Task<IReadOnlyList<WokenStep>> StepsForEventsAsync(
        DatabaseTransaction transaction, string sql, IReadOnlyList<AutomationEvent> events, CancellationToken cancellationToken)
    {
        var about = events.Where(e => e.EntityId is not null).ToList();
        return about.Count == 0
            ? []
            : [.. await transaction.QueryAsync<WokenStep>(
                sql,
                new
                {
                    ids = about.Select(e => e.Id).ToArray(),
                    organizations = about.Select(e => e.OrganizationId).ToArray(),
                    entities = about.Select(e => e.EntityId!.Value).ToArray(),
                    types = about.Select(e => e.EventType).ToArray(),
                },
                cancellationToken)];
    }

    /// <summary>Deletes the kept replies past their time (the client's own words are kept no longer than that).</summary>
    public static Task<int> PurgeKeptRepliesAsync(DatabaseTransaction transaction, CancellationToken cancellationToken) =>
        transaction.ExecuteAsync("DELETE FROM automation_unawaited_replies WHERE expires_at <= now()", null, cancellationToken);

    /// <summary>Deletes waits that expired before <paramref name="before"/> (timed out, or their execution ended meanwhile).</summary>
    public static Task<int> PurgeAsync(DatabaseTransaction transaction, DateTimeOffset before, CancellationToken cancellationToken) =>
        transaction.ExecuteAsync("DELETE FROM automation_execution_waits WHERE expires_at < @before", new { before }, cancellationToken);
}
