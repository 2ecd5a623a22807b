using Fixlify.Channels;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Workflows;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Fixlify.Api;

/// <summary>
/// Hands a client's text to the execution waiting for their reply (<c>wait_for_reply</c>). The text is matched by the
/// organization number it went to and the sender's E.164 number (the organization's clients with that number), and goes
/// to the <b>newest</b> waiting execution of those clients — the one whose wait began last, usually the latest text they
/// got; the others keep waiting, and the client's next text goes to the next newest. The wait is taken in a transaction
/// committed only once the orchestration was raised the step's external event, so a failure leaves it waiting.
/// </summary>
public sealed class InboundReplyRouter(ServiceDatabase database, ILogger<InboundReplyRouter> logger)
{
    /// <param name="to">The organization's number that received the text.</param>
    /// <param name="from">The sender's number.</param>
    /// <param name="receivedAt">When the text came in, UTC.</param>
    /// <returns>The execution that received the reply, or null when none was waiting for one from this number.</returns>
    public async Task<Guid?> RouteAsync(DurableTaskClient client, string to, string from, string? text, DateTime receivedAt, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(cancellationToken);
        var receivers = await SmsReceivers.FindAsync(transaction, to, from, cancellationToken);
        var clients = new List<Guid>();
        foreach (var receiver in receivers)
        {
            var found = await ClientPhoneLookup.FindAsync(transaction, receiver.OrganizationId, receiver.Sender, receiver.Region, cancellationToken);
            clients.AddRange(found.Select(c => c.Id));
        }

        var sender = RecipientAddress.MaskPhone(receivers.Count > 0 ? receivers[0].Sender : from);
        var waiting = await ExecutionWaits.ClaimReplyAsync(transaction, [.. receivers.Select(r => r.OrganizationId)], clients, cancellationToken);
        if (waiting is null)
        {
            Log.ReplyNotAwaited(logger, sender, clients.Count);
            return null;
        }

        var reply = new WaitSignal(DateTime.SpecifyKind(receivedAt, DateTimeKind.Utc), text, SmsKeywords.Normalize(text), SmsKeywords.Classify(text) == SmsKeyword.OptOut);
        await client.RaiseEventAsync(waiting.ExecutionId.ToString(), WaitSignal.EventName(waiting.StepKey), reply, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Log.ReplyRouted(logger, sender, waiting.ExecutionId, waiting.StepKey);
        return waiting.ExecutionId;
    }
}
