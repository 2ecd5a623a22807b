using Fixlify.Data;

namespace Fixlify.Channels;

/// <summary>One number the organization must not text: since when, and who said so.</summary>
/// <param name="Phone">E.164.</param>
/// <param name="Source"><c>inbound_keyword</c> (the person replied STOP), <c>carrier</c> (Telnyx 40300) or <c>api</c>.</param>
/// <param name="Detail">The keyword, the provider's code, or the API caller.</param>
internal sealed record SmsSuppression(Guid Id, string Phone, string Source, string? Detail, DateTimeOffset CreatedAt);

/// <summary>
/// What a change of the list did: the entry, whether it changed anything, and how many clients' <c>sms_opt_out</c> it set
/// or cleared. <paramref name="Late"/>: the change was older than the number's latest one (a delayed or retried
/// keyword) and changed nothing.
/// </summary>
internal sealed record SmsSuppressionChange(SmsSuppression? Entry, bool Changed, int Clients, bool Late = false);

/// <summary>
/// The organization's SMS suppression list (<c>sms_suppressions</c>, keyed by E.164): every text checks it before
/// Telnyx is called, whichever client or template the number came from. Adding or removing a number also sets or
/// clears <c>clients.sms_opt_out</c> of every client with that number (<see cref="ClientPhoneLookup"/>), so the flag
/// the office sees stays in step. Each method works inside the caller's transaction (the API's, the execution's, or the
/// inbound webhook's service login).
/// Changes apply in the order they were made (<c>sms_consent_changes</c>, migration 0027): a change given a moment
/// (<c>at</c>: when the provider received the keyword) older than the number's latest change is late and changes nothing,
/// so a START sent before a STOP but delivered after it never undoes the STOP. The office's and the carrier's changes
/// are made now.
/// </summary>
internal static class SmsSuppressionList
{
    public const string InboundKeyword = "inbound_keyword";
    public const string Carrier = "carrier";
    public const string Api = "api";

    const string Columns = "id, phone_e164 AS phone, source, detail, created_at";

    /// <summary>A row as Npgsql reads it (timestamptz as a UTC DateTime).</summary>
    sealed record Row(Guid Id, string Phone, string Source, string? Detail, DateTime CreatedAt)
    {
        public SmsSuppression ToEntry() => new(Id, Phone, Source, Detail, DapperConventions.Utc(CreatedAt));
    }

    public static Task<bool> ContainsAsync(DatabaseTransaction transaction, Guid organizationId, string e164, CancellationToken cancellationToken) =>
        transaction.ExecuteScalarAsync<bool>(
            """
            SELECT EXISTS (SELECT 1 FROM sms_suppressions WHERE organization_id = @organizationId AND phone_e164 = @e164)
                OR EXISTS (SELECT 1 FROM sms_suppression_hashes WHERE organization_id = @organizationId AND phone_hash = fixlify_phone_hash(@organizationId, @e164))
            """,
            new { organizationId, e164 },
            cancellationToken);

    /// <summary>
    /// Records the number's change made at <paramref name="at"/> as its latest, unless a later one is recorded already:
    /// false then (the change is late). Null: the office's or the carrier's change, made now, which always applies. Locks the number's row until the transaction ends, so two
    /// changes of one number apply one after the other.
    /// </summary>
    static async Task<bool> InOrderAsync(
        DatabaseTransaction transaction, Guid organizationId, string e164, bool optedOut, DateTime? at, CancellationToken cancellationToken) =>
        await transaction.ExecuteAsync(
            """
            INSERT INTO sms_consent_changes AS c (organization_id, phone_e164, opted_out, changed_at)
            VALUES (@organizationId, @e164, @optedOut, coalesce(@at, now()))
            ON CONFLICT (organization_id, phone_e164) DO UPDATE
               SET opted_out = EXCLUDED.opted_out, changed_at = greatest(c.changed_at, EXCLUDED.changed_at)
             WHERE @at::timestamptz IS NULL OR c.changed_at <= EXCLUDED.changed_at
            """,
            new { organizationId, e164, optedOut, at = at is { } value ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : (DateTime?)null },
            cancellationToken) == 1;

    /// <summary>
    /// Puts <paramref name="e164"/> on the list (kept as it was if already there) and marks its clients opted out; nothing
    /// when the number changed later than <paramref name="at"/> (null: now).
    /// </summary>
    public static async Task<SmsSuppressionChange> AddAsync(
        DatabaseTransaction transaction, Guid organizationId, string e164, string? region, string source, string? detail, DateTime? at, CancellationToken cancellationToken)
    {
        if (!await InOrderAsync(transaction, organizationId, e164, optedOut: true, at, cancellationToken))
        {
            return new SmsSuppressionChange(null, false, 0, Late: true);
        }

        var added = await transaction.QuerySingleOrDefaultAsync<Row>(
            $"""
            INSERT INTO sms_suppressions (organization_id, phone_e164, source, detail) VALUES (@organizationId, @e164, @source, @detail)
            ON CONFLICT (organization_id, phone_e164) DO NOTHING
            RETURNING {Columns}
            """,
            new { organizationId, e164, source, detail },
            cancellationToken);
        var entry = added ?? await transaction.QuerySingleAsync<Row>(
            $"SELECT {Columns} FROM sms_suppressions WHERE organization_id = @organizationId AND phone_e164 = @e164", new { organizationId, e164 }, cancellationToken);
        var clients = await MarkClientsAsync(transaction, organizationId, e164, region, optedOut: true, cancellationToken);
        return new SmsSuppressionChange(entry.ToEntry(), added is not null, clients);
    }

    /// <summary>
    /// Takes <paramref name="e164"/> off the list (the person opted back in) and clears its clients' opt-out; nothing when
    /// the number changed later than <paramref name="at"/> (null: now) — an opt-in older than the last opt-out.
    /// </summary>
    public static async Task<SmsSuppressionChange> RemoveAsync(
        DatabaseTransaction transaction, Guid organizationId, string e164, string? region, DateTime? at, CancellationToken cancellationToken)
    {
        if (!await InOrderAsync(transaction, organizationId, e164, optedOut: false, at, cancellationToken))
        {
            return new SmsSuppressionChange(null, false, 0, Late: true);
        }

        var removed = await transaction.QuerySingleOrDefaultAsync<Row>(
            $"DELETE FROM sms_suppressions WHERE organization_id = @organizationId AND phone_e164 = @e164 RETURNING {Columns}", new { organizationId, e164 }, cancellationToken);
        var clients = await MarkClientsAsync(transaction, organizationId, e164, region, optedOut: false, cancellationToken);
        return new SmsSuppressionChange(removed?.ToEntry(), removed is not null, clients);
    }

    /// <summary>Removes the entry <paramref name="id"/>; null when the organization has no such entry.</summary>
    public static async Task<SmsSuppressionChange?> RemoveByIdAsync(
        DatabaseTransaction transaction, Guid organizationId, Guid id, string? region, CancellationToken cancellationToken)
    {
        var phone = await transaction.QuerySingleOrDefaultAsync<string>(
            "SELECT phone_e164 FROM sms_suppressions WHERE organization_id = @organizationId AND id = @id", new { organizationId, id }, cancellationToken);
        return phone is null ? null : await RemoveAsync(transaction, organizationId, phone, region, at: null, cancellationToken);
    }

    /// <summary>Newest first, <paramref name="limit"/> entries after <paramref name="after"/> (a page's last entry).</summary>
    public static async Task<IReadOnlyList<SmsSuppression>> ListAsync(
        DatabaseTransaction transaction, Guid organizationId, (DateTimeOffset At, Guid Id)? after, int limit, CancellationToken cancellationToken) =>
        [.. (await transaction.QueryAsync<Row>(
            $"""
            SELECT {Columns} FROM sms_suppressions
             WHERE organization_id = @organizationId AND (@at::timestamptz IS NULL OR (created_at, id) < (@at, @id))
             ORDER BY created_at DESC, id DESC
             LIMIT @limit
            """,
            new { organizationId, at = after?.At, id = after?.Id ?? Guid.Empty, limit },
            cancellationToken)).Select(r => r.ToEntry())];

    /// <summary>Sets <c>sms_opt_out</c> of the clients with the number to <paramref name="optedOut"/>; how many changed.</summary>
    public static async Task<int> MarkClientsAsync(
        DatabaseTransaction transaction, Guid organizationId, string e164, string? region, bool optedOut, CancellationToken cancellationToken)
    {
        var ids = (await ClientPhoneLookup.FindAsync(transaction, organizationId, e164, region, cancellationToken))
            .Where(c => c.SmsOptOut != optedOut).Select(c => c.Id).ToArray();
        return ids.Length == 0
            ? 0
            : await transaction.ExecuteAsync("UPDATE clients SET sms_opt_out = @optedOut WHERE id = ANY(@ids)", new { ids, optedOut }, cancellationToken);
    }
}
