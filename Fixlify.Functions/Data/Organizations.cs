namespace Fixlify.Data;

/// <summary>Reads of the caller's <c>organizations</c> row that the API answers with (sending reads <see cref="OrganizationSettings"/>).</summary>
public static class Organizations
{
    /// <summary>The organization's name and IANA time zone.</summary>
    public sealed record NameAndZone(string Name, string TimeZone);

    public static Task<NameAndZone?> NameAndZoneAsync(DatabaseTransaction transaction, Guid organizationId, CancellationToken cancellationToken) =>
        transaction.QuerySingleOrDefaultAsync<NameAndZone>("SELECT name, time_zone FROM organizations WHERE id = @organizationId", new { organizationId }, cancellationToken);

    /// <summary>The organization's IANA time zone, in which its days and hours are counted (UTC when it has none).</summary>
    public static async Task<string> TimeZoneAsync(DatabaseTransaction transaction, Guid organizationId, CancellationToken cancellationToken) =>
        await transaction.ExecuteScalarAsync<string>("SELECT time_zone FROM organizations WHERE id = @organizationId", new { organizationId }, cancellationToken) ?? "UTC";

    /// <summary>The organization's region (<c>country_code</c>), which national-format phone numbers are read in.</summary>
    public static Task<string?> RegionAsync(DatabaseTransaction transaction, Guid organizationId, CancellationToken cancellationToken) =>
        transaction.QuerySingleOrDefaultAsync<string>("SELECT country_code FROM organizations WHERE id = @organizationId", new { organizationId }, cancellationToken);
}
