using Fixlify.Data;

namespace Fixlify.Application;

/// <summary>
/// A request's idempotency key (its <c>Idempotency-Key</c>) and the hash of what it asked for: a repeat with the same key
/// and the same request gets the workflow the first one made; the same key with another request makes nothing. Keys are
/// the organization's own and kept for <see cref="IdempotencyKeys.Lifetime"/>.
/// </summary>
internal sealed record CreationKey(string Key, byte[] RequestHash)
{
    /// <summary>Claims the key in <paramref name="transaction"/>: null when this request is the first (create, then <see cref="RecordAsync"/>); otherwise the answer to give instead.</summary>
    internal async Task<WorkflowCreation?> ClaimAsync(DatabaseTransaction transaction, Guid organizationId, CancellationToken cancellationToken) =>
        await IdempotencyKeys.ClaimAsync(transaction, organizationId, Key, RequestHash, cancellationToken) switch
        {
            IdempotencyKeys.Claimed => null,
            IdempotencyKeys.Repeat repeat => await WorkflowRepository.GetAsync(transaction, repeat.WorkflowId, cancellationToken) is { } workflow
                ? new WorkflowCreation.Created(workflow)
                : new WorkflowCreation.RepeatOfDeleted(),
            _ => new WorkflowCreation.KeyReused(),
        };

    /// <summary>Notes the workflow this request created, in the transaction that created it.</summary>
    internal Task RecordAsync(DatabaseTransaction transaction, Guid organizationId, Guid workflowId, CancellationToken cancellationToken) =>
        IdempotencyKeys.RecordAsync(transaction, organizationId, Key, workflowId, cancellationToken);
}
