using System.Text;
using System.Text.Json.Nodes;
using Fixlify.Channels;
using Fixlify.Data;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Fixlify.Application;

/// <summary>
/// The office's decision on a send in doubt (ADR 0018): resend it (the message kept with its claim goes out once more,
/// the same email with the same Message-ID, the same text) or dismiss it (it stays unrecorded, off the list). The
/// decision is taken once: a second click finds it taken.
/// </summary>
internal sealed class DecideInDoubt(TenantDatabase database, IEmailSender email, TelnyxClient telnyx, ILogger<DecideInDoubt> logger)
{
    internal abstract record Result
    {
        internal sealed record Done(string Summary) : Result;

        /// <summary>Not in doubt (any more): never was, or decided already.</summary>
        internal sealed record NotFound : Result;

        /// <summary>The resend failed: it stays in doubt, for another try.</summary>
        internal sealed record Failed(string Reason) : Result;
    }

    public async Task<Result> DismissAsync(Guid organizationId, Guid deliveryId, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(organizationId, cancellationToken);
        if (await NeedsAttention.DecideAsync(transaction, deliveryId, "dismissed", cancellationToken) is null)
        {
            return new Result.NotFound();
        }

        await transaction.CommitAsync(cancellationToken);
        Log.InDoubtDecided(logger, deliveryId, "dismissed");
        return new Result.Done("Dismissed: it is not sent again.");
    }

    public async Task<Result> ResendAsync(Guid organizationId, Guid deliveryId, CancellationToken cancellationToken)
    {
        (Guid ExecutionId, string StepKey, string Channel, JsonObject? Message) decided;
        await using (var transaction = await database.BeginAsync(organizationId, cancellationToken))
        {
            if (await NeedsAttention.DecideAsync(transaction, deliveryId, "resent", cancellationToken) is not { } taken)
            {
                return new Result.NotFound();
            }

            decided = taken;
            await transaction.CommitAsync(cancellationToken);
        }

        string? providerId;
        try
        {
            providerId = await SendAsync(decided.Channel, decided.Message, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await using var transaction = await database.BeginAsync(organizationId, CancellationToken.None);
            await NeedsAttention.UndecideAsync(transaction, deliveryId, CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
            return new Result.Failed(e is ChannelRefusedException or InvalidOperationException ? e.Message : "The provider did not answer; try again in a moment.");
        }

        var to = decided.Message?["to"]?.ToString();
        await using (var transaction = await database.BeginAsync(organizationId, CancellationToken.None))
        {
            await DeliveryLedger.CompleteAsync(
                transaction, decided.ExecutionId, decided.StepKey, DeliveryStatus.Sent, providerId,
                new JsonObject { ["channel"] = decided.Channel, ["to"] = to, ["resent"] = true }, CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }

        Log.InDoubtDecided(logger, deliveryId, "resent");
        return new Result.Done(decided.Channel == "sms" ? $"Text to {to} sent again." : $"Email to {to} sent again.");
    }

    async Task<string?> SendAsync(string channel, JsonObject? message, CancellationToken cancellationToken)
    {
        if (channel == "email" && message?["mime"]?.ToString() is { } mime)
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(mime));
            var loaded = await MimeMessage.LoadAsync(stream, cancellationToken);
            await email.SendAsync(loaded, cancellationToken);
            return loaded.MessageId;
        }

        if (channel == "sms" && message?["number"]?.ToString() is { } number && message["text"]?.ToString() is { } text)
        {
            return await telnyx.SendAsync(new TelnyxMessage(message["from"]?.ToString(), message["profile"]?.ToString(), number, text), cancellationToken) switch
            {
                ProviderAnswer.Accepted(var id) => id,
                _ => throw new InvalidOperationException("Telnyx did not take the text now; try again later."),
            };
        }

        throw new InvalidOperationException("This message cannot be resent from here: the app did not keep it.");
    }
}
