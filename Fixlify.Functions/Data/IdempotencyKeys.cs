namespace Fixlify.Data;

/// <summary>
/// The <c>Idempotency-Key</c>s of creating requests, per organization (row-level security), kept <see cref="Lifetime"/>.
/// A key is claimed in the creating transaction before anything is created: a second request with the same key waits
/// on the first one's row until it commits (or rolls back), then finds what it created.
/// </summary>
internal static class IdempotencyKeys
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>What a key says about a request: new (go ahead, then <see cref="RecordAsync"/>), a repeat of the same request, or a reuse for another.</summary>
    internal abstract record Claim;

    internal sealed record Claimed : Claim;

    internal sealed record Repeat(Guid WorkflowId) : Claim;

    internal sealed record Reused : Claim;

    public static async Task<Claim> ClaimAsync(
        DatabaseTransaction transaction, Guid organizationId, string key, byte[] requestHash, CancellationToken cancellationToken)
    {
        // A key past its lifetime that the tick has not deleted yet is taken over.
        var claimed = await transaction.ExecuteAsync(
            """
            INSERT INTO idempotency_keys (organization_id, key, request_hash) VALUES (@organizationId, @key, @requestHash)
            ON CONFLICT (organization_id, key) DO UPDATE SET request_hash = excluded.request_hash, workflow_id = NULL, created_at = now()
             WHERE idempotency_keys.created_at < now() - @lifetime
            """,
            new { organizationId, key, requestHash, lifetime = Lifetime },
            cancellationToken);
        if (claimed == 1)
        {
            return new Claimed();
        }

        var (hash, workflowId) = await transaction.QuerySingleAsync<(byte[], Guid?)>(
            "SELECT request_hash, workflow_id FROM idempotency_keys WHERE organization_id = @organizationId AND key = @key",
            new { organizationId, key },
            cancellationToken);
        return hash.AsSpan().SequenceEqual(requestHash) && workflowId is { } id ? new Repeat(id) : new Reused();
    }

    /// <summary>Notes the workflow the claimed key's request created (in the same transaction).</summary>
    public static Task RecordAsync(DatabaseTransaction transaction, Guid organizationId, string key, Guid workflowId, CancellationToken cancellationToken) =>
        transaction.ExecuteAsync(
            "UPDATE idempotency_keys SET workflow_id = @workflowId WHERE organization_id = @organizationId AND key = @key",
            new { organizationId, key, workflowId },
            cancellationToken);

    /// <summary>Deletes keys older than <paramref name="before"/> across organizations (the service's transaction).</summary>
    public static Task<int> PruneAsync(DatabaseTransaction transaction, DateTimeOffset before, CancellationToken cancellationToken) =>
        transaction.ExecuteAsync("DELETE FROM idempotency_keys WHERE created_at < @before", new { before }, cancellationToken);
}
