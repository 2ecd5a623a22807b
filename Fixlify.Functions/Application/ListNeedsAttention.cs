using Fixlify.Data;

namespace Fixlify.Application;

/// <summary>
/// What needs the office's attention, in its words: automations failing (grouped, with the cause and what to do),
/// providers not answering, and messages in doubt waiting for a decision (recipient masked, the words of the message).
/// </summary>
internal sealed class ListNeedsAttention(TenantDatabase database)
{
    internal sealed record Failing(NeedsAttention.Failing Alert, FailureWords.Words Words);

    internal sealed record Attention(
        bool InApp, IReadOnlyList<Failing> Failing, IReadOnlyList<NeedsAttention.Outage> Outages, IReadOnlyList<NeedsAttention.InDoubt> InDoubt);

    public async Task<Attention> ExecuteAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginReadOnlyAsync(organizationId, cancellationToken);
        var settings = await AlertSettingsRepository.LoadAsync(transaction, organizationId, cancellationToken);
        var failing = await NeedsAttention.FailingAsync(transaction, cancellationToken);
        return new Attention(
            settings.InApp,
            [.. failing.Select(f => new Failing(f, FailureWords.For(f.Error)))],
            await NeedsAttention.OutagesAsync(transaction, cancellationToken),
            await NeedsAttention.InDoubtAsync(transaction, cancellationToken));
    }
}
