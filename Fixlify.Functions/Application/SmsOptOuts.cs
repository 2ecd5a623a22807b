using Fixlify.Channels;
using Fixlify.Data;
using Fixlify.Workflows;
using Microsoft.Extensions.Logging;

namespace Fixlify.Application;

/// <summary>
/// What an inbound text did: <c>opted_out</c>, <c>opted_in</c>, <c>ignored</c> (no keyword), <c>late</c> (a keyword older
/// than the number's latest consent change: it changed nothing) or <c>duplicate</c> (a message handled before), and how
/// many clients' <c>sms_opt_out</c> it changed.
/// </summary>
internal sealed record SmsKeywordResult(string Action, int Clients);

/// <summary>
/// Applies the consent keywords of an inbound text (<see cref="SmsKeywords"/>) for the organization whose SMS number
/// received it: an opt-out puts the sender's number on its suppression list, an opt-in takes it off
/// (<see cref="SmsSuppressionList"/>, which keeps the clients' <c>sms_opt_out</c> in step). Both numbers are read in
/// that organization's <c>country_code</c>, so a STOP from +15550104567 reaches the client typed as (555) 010-4567.
/// Keywords apply in the order the provider received them: one older than the number's latest change changes nothing.
/// </summary>
internal sealed class SmsOptOuts(ILogger<SmsOptOuts> logger)
{
    /// <param name="transaction">The inbound route's (service login), in which the message was claimed.</param>
    /// <param name="to">The organization's number that received the text.</param>
    /// <param name="from">The sender's number.</param>
    /// <param name="receivedAt">When the provider received the text, UTC.</param>
    public async Task<SmsKeywordResult> ApplyAsync(
        DatabaseTransaction transaction, string to, string from, string? text, DateTime receivedAt, CancellationToken cancellationToken)
    {
        var keyword = SmsKeywords.Classify(text);
        if (keyword == SmsKeyword.None)
        {
            return new SmsKeywordResult("ignored", 0);
        }

        var clients = 0;
        var late = false;
        string? sender = null;
        foreach (var (organization, region, number) in await SmsReceivers.FindAsync(transaction, to, from, cancellationToken))
        {
            sender = number;
            var change = keyword == SmsKeyword.OptOut
                ? await SmsSuppressionList.AddAsync(
                    transaction, organization, number, region, SmsSuppressionList.InboundKeyword, SmsKeywords.Normalize(text), receivedAt, cancellationToken)
                : await SmsSuppressionList.RemoveAsync(transaction, organization, number, region, receivedAt, cancellationToken);
            clients += change.Clients;
            late |= change.Late;
        }

        var action = late ? "late" : keyword == SmsKeyword.OptOut ? "opted_out" : "opted_in";
        Log.SmsKeyword(logger, action, new MaskedPhone(sender ?? from), clients);
        return new SmsKeywordResult(action, clients);
    }
}
