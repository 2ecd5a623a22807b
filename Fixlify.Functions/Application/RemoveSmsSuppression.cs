using Fixlify.Channels;
using Fixlify.Data;

namespace Fixlify.Application;

/// <summary>Takes a number off the organization's SMS suppression list (it opted back in); its clients' opt-out is cleared.</summary>
internal sealed class RemoveSmsSuppression(TenantDatabase database)
{
    /// <summary><see cref="Removed"/> false: no such entry in the organization.</summary>
    internal sealed record Result(bool Removed);

    /// <param name="by">Who removes it (the audit trail's row).</param>
    public async Task<Result> ExecuteAsync(Guid organizationId, Guid entryId, Actor by, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(organizationId, cancellationToken);
        var region = await ClientPhoneLookup.RegionAsync(transaction, organizationId, cancellationToken);
        if (await SmsSuppressionList.RemoveByIdAsync(transaction, organizationId, entryId, region, cancellationToken) is not { } removed)
        {
            return new Result(false);
        }

        await AuditTrail.RecordAsync(
            transaction,
            organizationId,
            by,
            new AuditTrail.Change(AuditAction.SuppressionRemoved, RecordId: entryId, SubjectName: removed.Entry is { } entry ? RecipientAddress.MaskPhone(entry.Phone) : null),
            cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        return new Result(true);
    }
}
