namespace Fixlify.Data;

/// <summary>
/// sms_inbound_messages (migration 0027): every inbound provider message handled, by the provider's message id. The
/// inbound route claims the id in the transaction that applies the message, so a retried or doubled delivery finds it
/// taken and changes nothing; a delivery whose transaction failed leaves the id free for the provider's retry. Rows are
/// kept <see cref="Lifetime"/> and purged by the scheduler tick; they hold no number and no text.
/// </summary>
internal static class InboundMessages
{
    public const string Telnyx = "telnyx";

    /// <summary>How long a handled message's id is remembered: far longer than any provider retries a webhook.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    /// <summary>
    /// Claims the message: true the first time, false when it was handled already (or is being handled by a concurrent
    /// delivery, which this call waits for: the unique key makes the second insert wait for the first's transaction).
    /// </summary>
    public static async Task<bool> ClaimAsync(DatabaseTransaction transaction, string provider, string messageId, DateTime receivedAt, CancellationToken cancellationToken) =>
        await transaction.ExecuteAsync(
            """
            INSERT INTO sms_inbound_messages (provider, message_id, received_at) VALUES (@provider, @messageId, @receivedAt)
            ON CONFLICT (provider, message_id) DO NOTHING
            """,
            new { provider, messageId, receivedAt = DateTime.SpecifyKind(receivedAt, DateTimeKind.Utc) },
            cancellationToken) == 1;

    /// <summary>Forgets the messages handled before <paramref name="before"/>.</summary>
    public static Task<int> PurgeAsync(DatabaseTransaction transaction, DateTimeOffset before, CancellationToken cancellationToken) =>
        transaction.ExecuteAsync("DELETE FROM sms_inbound_messages WHERE created_at < @before", new { before }, cancellationToken);
}
