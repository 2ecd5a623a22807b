namespace Fixlify.Data;

/// <summary>
/// The organization's clients whose phone may be a number: those whose phone's digits end in its last 7 (the index of
/// migration 0011), or, for a number shorter than that, end in its national digits. The caller compares each candidate
/// as a phone number (<c>Channels/ClientPhoneLookup</c>).
/// </summary>
internal static class ClientPhones
{
    /// <summary>A client whose phone may be the number, as typed.</summary>
    internal sealed record Candidate(Guid Id, string? Phone, string? TimeZone, bool EmailOptOut, bool SmsOptOut);

    /// <summary>Oldest first; <paramref name="tail"/> (the last 7 digits) when the number has them, else <paramref name="national"/>.</summary>
    public static async Task<IReadOnlyList<Candidate>> CandidatesAsync(
        DatabaseTransaction transaction, Guid organizationId, string? tail, string? national, CancellationToken cancellationToken)
    {
        var match = tail is not null
            ? "right(regexp_replace(phone, '[^0-9]', '', 'g'), 7) = @tail"
            : "regexp_replace(phone, '[^0-9]', '', 'g') LIKE '%' || @national";
        return [.. await transaction.QueryAsync<Candidate>(
            $"""
            SELECT id, phone, time_zone, email_opt_out, sms_opt_out FROM clients
             WHERE organization_id = @organizationId AND {match}
             ORDER BY created_at, id
            """,
            new { organizationId, tail, national = tail is null ? national : null },
            cancellationToken)];
    }
}
