using Fixlify.Data;
using Fixlify.Workflows;
using Microsoft.DurableTask.Client;

namespace Fixlify.Application;

/// <summary>
/// A client's text, as the provider delivered it: counted once (its provider message id is claimed in the transaction that
/// applies it, <see cref="InboundMessages"/>), its consent keyword applied (<see cref="SmsOptOuts"/>), then handed to the
/// execution waiting for that client's reply, if one waits (<see cref="InboundReplyRouter"/>), as the service login (the
/// text's organization is found from the number it went to). A reply is handed over inside the transaction that claims
/// it, so a failure to tell the execution rolls the claim back and the provider's retry routes it again. A consent
/// keyword (STOP, START…) is first claimed and applied in a transaction of its own: committed before the waiting
/// execution hears of it, so the steps the reply lets run (a follow-up text) see the opt-out.
/// </summary>
internal sealed class HandleInboundSms(SmsOptOuts optOuts, InboundReplyRouter replies, ServiceDatabase database)
{
    /// <param name="To">The organization's number that received the text.</param>
    /// <param name="From">The sender's number.</param>
    /// <param name="MessageId">The provider's message id: the same on every retry of the webhook.</param>
    /// <param name="ReceivedAt">When the provider received the text, UTC.</param>
    internal sealed record Request(string To, string From, string? Text, string MessageId, DateTime ReceivedAt);

    /// <summary>
    /// What the text did: its consent keyword's effect (<see cref="SmsKeywordResult.Action"/>; <c>duplicate</c>: the message
    /// was handled before), and the execution it was the reply for (null: none waited).
    /// </summary>
    internal sealed record Result(string Action, int Clients, Guid? ExecutionId);

    public async Task<Result> ExecuteAsync(Request request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var keyword = SmsKeywords.Classify(request.Text) != SmsKeyword.None;
        var transaction = await database.BeginAsync(cancellationToken);
        try
        {
            if (!await InboundMessages.ClaimAsync(transaction, InboundMessages.Telnyx, request.MessageId, request.ReceivedAt, cancellationToken))
            {
                return new Result("duplicate", 0, null);
            }

            var consent = await optOuts.ApplyAsync(transaction, request.To, request.From, request.Text, request.ReceivedAt, cancellationToken);
            if (keyword)
            {
                await transaction.CommitAsync(cancellationToken);
                await transaction.DisposeAsync();
                transaction = await database.BeginAsync(cancellationToken);
            }

            var execution = await replies.RouteAsync(transaction, client, request.To, request.From, request.Text, request.ReceivedAt, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new Result(consent.Action, consent.Clients, execution);
        }
        finally
        {
            await transaction.DisposeAsync();
        }
    }
}
