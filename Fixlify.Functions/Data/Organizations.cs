namespace Fixlify.Data;

/// <summary>Reads of <c>organizations</c> rows by one setting each (sending a message reads them all: <see cref="OrganizationSettings"/>).</summary>
internal static class Organizations
{
    /// <summary>The organization's name and IANA time zone.</summary>
    internal sealed record NameAndZone(string Name, string TimeZone);

    public static Task<NameAndZone?> NameAndZoneAsync(DatabaseTransaction transaction, Guid organizationId, CancellationToken cancellationToken) =>
        transaction.QuerySingleOrDefaultAsync<NameAndZone>("SELECT name, time_zone FROM organizations WHERE id = @organizationId", new { organizationId }, cancellationToken);

    /// <summary>The organization's IANA time zone, in which its days and hours are counted (UTC when it has none).</summary>
    public static async Task<string> TimeZoneAsync(DatabaseTransaction transaction, Guid organizationId, CancellationToken cancellationToken) =>
        await transaction.ExecuteScalarAsync<string>("SELECT time_zone FROM organizations WHERE id = @organizationId", new { organizationId }, cancellationToken) ?? "UTC";

    /// <summary>The organization's region (<c>country_code</c>), which national-format phone numbers are read in.</summary>
    public static Task<string?> RegionAsync(DatabaseTransaction transaction, Guid organizationId, CancellationToken cancellationToken) =>
        transaction.QuerySingleOrDefaultAsync<string>("SELECT country_code FROM organizations WHERE id = @organizationId", new { organizationId }, cancellationToken);

    /// <summary>The organization's webhook signing secret (<c>whsec_…</c>); null when it has none.</summary>
    public static Task<string?> WebhookSecretAsync(DatabaseTransaction transaction, Guid organizationId, CancellationToken cancellationToken) =>
        transaction.ExecuteScalarAsync<string>("SELECT webhook_secret FROM organizations WHERE id = @organizationId", new { organizationId }, cancellationToken);

    /// <summary>
    /// The organizations whose SMS number (<c>sms_from_number</c>) ends in the 7 digits <paramref name="tail"/> (an index of
    /// migration 0011), with the number and the region it is read in. Crosses organizations: the service login's.
    /// </summary>
    public static async Task<IReadOnlyList<(Guid Id, string Number, string Region)>> BySmsNumberTailAsync(
        DatabaseTransaction transaction, string tail, CancellationToken cancellationToken) =>
        [.. await transaction.QueryAsync<(Guid Id, string Number, string Region)>(
            """
            SELECT id, sms_from_number, country_code FROM organizations
             WHERE right(regexp_replace(sms_from_number, '[^0-9]', '', 'g'), 7) = @tail
            """,
            new { tail },
            cancellationToken)];
}
