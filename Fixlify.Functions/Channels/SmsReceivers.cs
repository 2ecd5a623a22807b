using Fixlify.Data;

namespace Fixlify.Channels;

/// <summary>An organization whose SMS number received a text, and the sender's number as E.164 in its region.</summary>
internal sealed record SmsReceiver(Guid OrganizationId, string? Region, string Sender);

/// <summary>
/// Which organization an inbound text is for: the one whose <c>sms_from_number</c>, read in its <c>country_code</c>, is the
/// number the text went to (the index on the number's last 7 digits gives the candidates, migration 0011). Crosses
/// organizations, so it runs as the service login; what is done with the text then stays inside each organization.
/// </summary>
internal static class SmsReceivers
{
    /// <param name="to">The number that received the text.</param>
    /// <param name="from">The sender's number.</param>
    /// <returns>Usually one organization; none when no organization has that number or either number cannot be read.</returns>
    public static async Task<IReadOnlyList<SmsReceiver>> FindAsync(DatabaseTransaction transaction, string to, string from, CancellationToken cancellationToken)
    {
        var digits = string.Concat(to.Where(char.IsAsciiDigit));
        if (digits.Length < 7)
        {
            return [];
        }

        var organizations = await Organizations.BySmsNumberTailAsync(transaction, digits[^7..], cancellationToken);
        var receivers = new List<SmsReceiver>();
        foreach (var (organization, number, region) in organizations)
        {
            var receiver = RecipientAddress.NormalizePhone(to, region);
            if (receiver is not null && RecipientAddress.NormalizePhone(number, region) == receiver
                && RecipientAddress.NormalizePhone(from, region) is { } sender)
            {
                receivers.Add(new SmsReceiver(organization, region, sender));
            }
        }

        return receivers;
    }
}
