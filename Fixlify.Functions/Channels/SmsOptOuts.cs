using Fixlify.Data;
using Microsoft.Extensions.Logging;

namespace Fixlify.Channels;

/// <summary>What an inbound text did: <c>opted_out</c>, <c>opted_in</c> or <c>ignored</c>, and how many clients it concerned.</summary>
public sealed record SmsKeywordResult(string Action, int Clients);

/// <summary>
/// Applies the carrier keywords of an inbound text: STOP, STOPALL, UNSUBSCRIBE, CANCEL, END and QUIT opt the sender out,
/// START opts them back in — for the clients with that phone of the organization whose SMS number received it.
/// </summary>
public sealed class SmsOptOuts(ServiceDatabase database, ILogger<SmsOptOuts> logger)
{
    public static readonly IReadOnlySet<string> StopWords = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT" };
    public static readonly IReadOnlySet<string> StartWords = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "START" };

    /// <param name="to">The organization's number that received the text.</param>
    /// <param name="from">The sender's number.</param>
    public async Task<SmsKeywordResult> ApplyAsync(string to, string from, string? text, CancellationToken cancellationToken)
    {
        var word = text?.Trim() ?? "";
        bool optOut;
        if (StopWords.Contains(word))
        {
            optOut = true;
        }
        else if (StartWords.Contains(word))
        {
            optOut = false;
        }
        else
        {
            return new SmsKeywordResult("ignored", 0);
        }

        var receiver = RecipientAddress.NormalizePhone(to);
        var sender = RecipientAddress.NormalizePhone(from);
        if (receiver is null || sender is null)
        {
            return new SmsKeywordResult("ignored", 0);
        }

        await using var transaction = await database.BeginAsync(cancellationToken);
        // Which organization owns the receiving number crosses tenants; each change then stays inside one organization.
        var organizations = await transaction.QueryAsync<Guid>(
            "SELECT id FROM organizations WHERE regexp_replace(sms_from_number, '[^0-9+]', '', 'g') = @receiver", new { receiver }, cancellationToken);
        var clients = 0;
        foreach (var organization in organizations)
        {
            clients += await transaction.ExecuteAsync(
                """
                UPDATE clients SET sms_opt_out = @optOut
                 WHERE organization_id = @organization AND regexp_replace(phone, '[^0-9+]', '', 'g') = @sender
                """,
                new { organization, sender, optOut },
                cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        var action = optOut ? "opted_out" : "opted_in";
        Log.SmsKeyword(logger, action, new MaskedPhone(sender), clients);
        return new SmsKeywordResult(action, clients);
    }
}
