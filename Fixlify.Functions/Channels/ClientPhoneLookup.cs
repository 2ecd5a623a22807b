using Fixlify.Data;

namespace Fixlify.Channels;

/// <summary>A client whose phone, read in the organization's region, is the number looked up.</summary>
internal sealed record PhoneClient(Guid Id, string? TimeZone, bool EmailOptOut, bool SmsOptOut);

/// <summary>
/// Finds the organization's clients behind an E.164 number, however their phone was typed (<c>(555) 010-4567</c>,
/// <c>555.010.4567</c>, <c>+1 555 010 4567</c>): the index on the last 7 digits of <c>clients.phone</c> (migration
/// 0011) gives the candidates, and libphonenumber, reading each in the organization's <c>country_code</c>, keeps those
/// that are the same number. Not found: an extension typed into the phone column (<c>… x12</c>), whose digits end
/// differently.
/// </summary>
internal static class ClientPhoneLookup
{
    /// <summary>Oldest first. Works for the app (its own organization) and the service login alike.</summary>
    public static async Task<IReadOnlyList<PhoneClient>> FindAsync(
        DatabaseTransaction transaction, Guid organizationId, string e164, string? region, CancellationToken cancellationToken)
    {
        var tail = RecipientAddress.PhoneTail(e164);
        var candidates = await ClientPhones.CandidatesAsync(
            transaction, organizationId, tail, tail is null ? RecipientAddress.NationalNumber(e164) : null, cancellationToken);
        return [.. candidates
            .Where(c => RecipientAddress.NormalizePhone(c.Phone, region) == e164)
            .Select(c => new PhoneClient(c.Id, c.TimeZone, c.EmailOptOut, c.SmsOptOut))];
    }

    /// <summary>The organization's region (<c>country_code</c>), which national-format numbers are read in.</summary>
    public static Task<string?> RegionAsync(DatabaseTransaction transaction, Guid organizationId, CancellationToken cancellationToken) =>
        Organizations.RegionAsync(transaction, organizationId, cancellationToken);
}
