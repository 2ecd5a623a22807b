using Fixlify.Channels;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Workflows;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Fixlify.Application;

/// <summary>
/// Hands a client's text to the execution waiting for their reply (<c>wait_for_reply</c>). The text is matched by the
/// organization number it went to and the sender's E.164 number (the organization's clients with that number), and goes
/// to the <b>newest</b> waiting execution of those clients — the one whose wait began last, usually the latest text they
/// got; the others keep waiting, and the client's next text goes to the next newest. The wait is taken in a transaction
/// committed only once the orchestration was raised the step's external event, so a failure leaves it waiting. A text
/// no execution waits for is kept for a short time (<see cref="ExecutionWaits.UnawaitedReplyLifetime"/>) for the client's
/// wait about to start: its text went out but its wait was not written yet (<see cref="StartWait"/> takes it). The route
/// and a starting wait lock the client, so a reply is either routed to the written wait or kept where the wait looks.
/// It runs in the inbound route's transaction, which claimed the provider's message id first
/// (<see cref="InboundMessages"/>): a delivery of the same message again reaches no second wait.
/// </summary>
internal sealed class InboundReplyRouter(ILogger<InboundReplyRouter> logger)
{
    /// <param name="to">The organization's number that received the text.</param>
    /// <param name="from">The sender's number.</param>
    /// <param name="receivedAt">When the text came in, UTC.</param>
    /// <returns>The execution that received the reply, or null when none was waiting for one from this number.</returns>
    /// <param name="transaction">The inbound route's; committed by the caller once this returns.</param>
    public async Task<Guid?> RouteAsync(
        DatabaseTransaction transaction, DurableTaskClient client, string to, string from, string? text, DateTime receivedAt, CancellationToken cancellationToken)
    {
        var receivers = await SmsReceivers.FindAsync(transaction, to, from, cancellationToken);
        var clients = new List<(Guid OrganizationId, Guid ClientId)>();
        foreach (var receiver in receivers)
        {
            var found = await ClientPhoneLookup.FindAsync(transaction, receiver.OrganizationId, receiver.Sender, receiver.Region, cancellationToken);
            clients.AddRange(found.Select(c => (receiver.OrganizationId, c.Id)));
        }

        var sender = RecipientAddress.MaskPhone(receivers.Count > 0 ? receivers[0].Sender : from);
        await ExecutionWaits.LockRepliesAsync(transaction, clients.Select(c => c.ClientId), cancellationToken);
        var waiting = await ExecutionWaits.ClaimReplyAsync(
            transaction, [.. receivers.Select(r => r.OrganizationId)], [.. clients.Select(c => c.ClientId)], cancellationToken);
        if (waiting is null)
        {
            // Its wait may be about to start (the text went out, the wait is written by the next activity): kept for it.
            await ExecutionWaits.KeepReplyAsync(transaction, clients, receivedAt, text, cancellationToken);
            Log.ReplyNotAwaited(logger, sender, clients.Count);
            return null;
        }

        var reply = WaitSignal.Reply(receivedAt, text);
        await client.RaiseEventAsync(waiting.ExecutionId.ToString(), WaitSignal.EventName(waiting.StepKey), reply, cancellationToken);
        Log.ReplyRouted(logger, sender, waiting.ExecutionId, waiting.StepKey);
        return waiting.ExecutionId;
    }
}
