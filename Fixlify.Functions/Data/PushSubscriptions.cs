namespace Fixlify.Data;

/// <summary>The Web Push subscriptions of the organization's users (one per device with the app), read as the execution's organization.</summary>
internal static class PushSubscriptions
{
    /// <summary>A device's subscription: the push service's endpoint and the keys the payload is encrypted with.</summary>
    internal sealed record Subscription(Guid Id, string Endpoint, string P256dh, string Auth);

    /// <summary>The user's subscriptions, oldest first.</summary>
    public static async Task<IReadOnlyList<Subscription>> OfUserAsync(DatabaseTransaction transaction, Guid userId, CancellationToken cancellationToken) =>
        [.. await transaction.QueryAsync<Subscription>(
            "SELECT id, endpoint, p256dh, auth FROM push_subscriptions WHERE user_id = @userId ORDER BY created_at", new { userId }, cancellationToken)];

    /// <summary>Forgets the subscriptions the push service says are gone.</summary>
    public static Task<int> RemoveAsync(DatabaseTransaction transaction, Guid[] ids, CancellationToken cancellationToken) =>
        transaction.ExecuteAsync("DELETE FROM push_subscriptions WHERE id = ANY(@ids)", new { ids }, cancellationToken);
}
