namespace Fixlify.Data;

/// <summary>
/// The SQL of a client's erasure (0039_client_erasure.sql), in the organization's transaction (row-level security keeps
/// it to that organization). <c>needles</c> are ILIKE patterns of the client's identifiers (id, email, phone as stored and
/// in E.164, full name), already escaped: a row that holds any of them is masked even outside the client's executions.
/// </summary>
internal static class ClientErasure
{
    /// <summary>What an erasure masks text to.</summary>
    public const string Erased = "Erased on request.";

    /// <summary>The client as the business table has it now (null: the client is not in this organization).</summary>
    internal sealed record ClientIdentity(Guid Id, string? FirstName, string? LastName, string? Email, string? Phone, bool SmsOptOut);

    /// <param name="Running">Not yet ended: its orchestration is cancelled before anything is masked.</param>
    internal sealed record ClientExecution(Guid Id, bool Running);

    public static Task<ClientIdentity?> FindClientAsync(DatabaseTransaction transaction, Guid clientId, CancellationToken cancellationToken) =>
        transaction.QuerySingleOrDefaultAsync<ClientIdentity>(
            "SELECT id, first_name, last_name, email, phone, coalesce(sms_opt_out, false) AS sms_opt_out FROM clients WHERE id = @clientId",
            new { clientId },
            cancellationToken);

    /// <summary>The executions that hold the client's data: about the client, sent to the client, waiting for the client, or naming the client.</summary>
    public static async Task<List<ClientExecution>> ExecutionsAsync(DatabaseTransaction transaction, Guid clientId, string[] needles, CancellationToken cancellationToken) =>
        [.. await transaction.QueryAsync<ClientExecution>(
            """
            SELECT l.id, l.status IN ('pending', 'processing', 'waiting', 'retry') AS running
              FROM automation_execution_logs l
             WHERE l.trigger_data::text ILIKE ANY(@needles) OR coalesce(l.error_message, '') ILIKE ANY(@needles)
                OR EXISTS (SELECT 1 FROM automation_deliveries d WHERE d.execution_id = l.id AND (d.client_id = @clientId OR d.result::text ILIKE ANY(@needles)))
                OR EXISTS (SELECT 1 FROM automation_execution_waits w WHERE w.execution_id = l.id AND w.client_id = @clientId)
                OR EXISTS (SELECT 1 FROM automation_execution_steps s WHERE s.execution_id = l.id
                                AND (coalesce(s.output::text, '') ILIKE ANY(@needles) OR coalesce(s.error, '') ILIKE ANY(@needles)))
            """,
            new { clientId, needles },
            cancellationToken)];

    /// <summary>
    /// Masks or deletes the client's data in every automation table; the opt-out of each of the client's numbers is kept
    /// as a hash. Returns the rows changed.
    /// </summary>
    public static Task<int> MaskAsync(
        DatabaseTransaction transaction, Guid clientId, Guid[] executions, string[] needles, string[] phones, bool smsOptOut, CancellationToken cancellationToken) =>
        transaction.ExecuteScalarAsync<int>(
            """
            WITH logs AS (
                UPDATE automation_execution_logs
                   SET trigger_data = '{"erased": true}', actions_executed = '[]', warnings = NULL,
                       error_message = CASE WHEN error_message ILIKE ANY(@needles) THEN @erased ELSE error_message END
                 WHERE id = ANY(@executions) AND trigger_data <> '{"erased": true}'
                RETURNING 1),
            steps AS (
                UPDATE automation_execution_steps
                   SET output = CASE WHEN output IS NULL THEN NULL ELSE '{"erased": true}'::jsonb END,
                       error = CASE WHEN error IS NULL THEN NULL ELSE @erased END,
                       label = CASE WHEN label ILIKE ANY(@needles) THEN NULL ELSE label END,
                       warning = CASE WHEN warning ILIKE ANY(@needles) THEN NULL ELSE warning END
                 WHERE (execution_id = ANY(@executions) AND (output IS DISTINCT FROM '{"erased": true}'::jsonb OR error IS DISTINCT FROM @erased) AND (output IS NOT NULL OR error IS NOT NULL))
                    OR coalesce(output::text, '') ILIKE ANY(@needles) OR coalesce(error, '') ILIKE ANY(@needles) OR coalesce(label, '') ILIKE ANY(@needles)
                RETURNING 1),
            deliveries AS (
                UPDATE automation_deliveries SET result = '{"erased": true}', message = NULL
                 WHERE (execution_id = ANY(@executions) OR client_id = @clientId OR coalesce(result::text, '') ILIKE ANY(@needles)
                        OR coalesce(message::text, '') ILIKE ANY(@needles))
                   AND (result IS DISTINCT FROM '{"erased": true}'::jsonb OR message IS NOT NULL)
                RETURNING 1),
            events AS (
                UPDATE automation_events SET payload = '{"erased": true}', processed_at = coalesce(processed_at, now())
                 WHERE (entity_id = @clientId OR payload::text ILIKE ANY(@needles)) AND payload <> '{"erased": true}'
                RETURNING 1),
            waits AS (
                DELETE FROM automation_execution_waits WHERE client_id = @clientId OR execution_id = ANY(@executions) RETURNING 1),
            replies AS (
                DELETE FROM automation_unawaited_replies WHERE client_id = @clientId OR coalesce(text, '') ILIKE ANY(@needles) RETURNING 1),
            hashed AS (
                INSERT INTO sms_suppression_hashes (organization_id, phone_hash)
                SELECT organization_id, fixlify_phone_hash(organization_id, phone_e164) FROM sms_suppressions WHERE phone_e164 = ANY(@phones)
                UNION
                SELECT current_setting('fixlify.org_id')::uuid, fixlify_phone_hash(current_setting('fixlify.org_id')::uuid, p)
                  FROM unnest(@phones) AS p WHERE @smsOptOut
                ON CONFLICT DO NOTHING
                RETURNING 1),
            suppressions AS (
                DELETE FROM sms_suppressions WHERE phone_e164 = ANY(@phones) RETURNING 1),
            consents AS (
                -- The order of the number's consent keywords (migration 0027): the hash above keeps the opt-out itself.
                DELETE FROM sms_consent_changes WHERE phone_e164 = ANY(@phones) RETURNING 1)
            SELECT (SELECT count(*) FROM logs) + (SELECT count(*) FROM steps) + (SELECT count(*) FROM deliveries) + (SELECT count(*) FROM events)
                 + (SELECT count(*) FROM waits) + (SELECT count(*) FROM replies) + (SELECT count(*) FROM hashed) + (SELECT count(*) FROM suppressions)
                 + (SELECT count(*) FROM consents)
            """,
            new { clientId, executions, needles, phones, smsOptOut, erased = Erased },
            cancellationToken);

    /// <summary>The audit row: who erased which client and how much, never the data.</summary>
    public static Task RecordAsync(
        DatabaseTransaction transaction, Guid clientId, string requestedBy, int executions, int cancelled, int rowsChanged, int historiesPurged, CancellationToken cancellationToken) =>
        transaction.ExecuteAsync(
            """
            INSERT INTO automation_erasures (organization_id, client_id, requested_by, executions, cancelled, rows_changed, histories_purged)
            VALUES (current_setting('fixlify.org_id')::uuid, @clientId, @requestedBy, @executions, @cancelled, @rowsChanged, @historiesPurged)
            """,
            new { clientId, requestedBy, executions, cancelled, rowsChanged, historiesPurged },
            cancellationToken);

    /// <summary>An ILIKE pattern matching text that contains <paramref name="value"/> literally.</summary>
    public static string Contains(string value) =>
        "%" + value.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal) + "%";
}
