using Fixlify.Data;

namespace Fixlify.Application;

/// <summary>A workflow's alerts: muted for a time (its failures still listed, nobody told), unmuted, or its failures dismissed as seen.</summary>
internal sealed class WorkflowAlerts(TenantDatabase database, TimeProvider clock)
{
    /// <summary>The longest mute: a week.</summary>
    public const int MaxMuteMinutes = 7 * 24 * 60;

    /// <returns>Until when it is muted; null when there is no such workflow.</returns>
    public async Task<DateTimeOffset?> MuteAsync(Guid organizationId, Guid workflowId, int minutes, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(organizationId, cancellationToken);
        if (await WorkflowRepository.GetAsync(transaction, workflowId, cancellationToken) is null)
        {
            return null;
        }

        var until = clock.GetUtcNow().AddMinutes(minutes);
        await AlertSettingsRepository.MuteAsync(transaction, organizationId, workflowId, until, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return until;
    }

    public async Task UnmuteAsync(Guid organizationId, Guid workflowId, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(organizationId, cancellationToken);
        await AlertSettingsRepository.MuteAsync(transaction, organizationId, workflowId, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <returns>False when the workflow had no failures listed.</returns>
    public async Task<bool> DismissAsync(Guid organizationId, Guid workflowId, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(organizationId, cancellationToken);
        var dismissed = await NeedsAttention.DismissFailuresAsync(transaction, workflowId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return dismissed;
    }
}
