using static Fixlify.Data.DapperConventions;
using System.Text.Json.Nodes;

namespace Fixlify.Data;

/// <summary>
/// automation_deliveries: one row per side effect, keyed by (execution, step key). An activity claims its row
/// before acting; a retried or replayed activity that finds the row does not act again.
/// </summary>
internal static class DeliveryLedger
{
    /// <summary>A side effect already done (or being done) for this execution and step.</summary>
    internal sealed record Delivery(string Channel, DeliveryStatus Status, string? ProviderId, JsonObject? Result, DateTimeOffset UpdatedAt);

    public static async Task<Delivery?> FindAsync(DatabaseTransaction transaction, Guid executionId, string stepKey, CancellationToken cancellationToken)
    {
        var row = await transaction.QuerySingleOrDefaultAsync<Row>(
            "SELECT channel, status, provider_id, result::text AS result, updated_at FROM automation_deliveries WHERE execution_id = @executionId AND step_key = @stepKey",
            new { executionId, stepKey },
            cancellationToken);
        return row?.ToDelivery();
    }

    /// <summary>Claims the row; false when another attempt already holds it (nothing is written then).</summary>
    public static async Task<bool> ClaimAsync(
        DatabaseTransaction transaction, Guid organizationId, Guid executionId, string stepKey, string channel, DeliveryStatus status, Guid? clientId,
        CancellationToken cancellationToken, JsonObject? message = null) =>
        await transaction.ExecuteAsync(
            """
            INSERT INTO automation_deliveries (organization_id, execution_id, step_key, channel, status, client_id, message)
            VALUES (@organizationId, @executionId, @stepKey, @channel, @status, @clientId, @message::jsonb)
            ON CONFLICT (execution_id, step_key) DO NOTHING
            """,
            new { organizationId, executionId, stepKey, channel, status = status.Text(), clientId, message = message?.ToJsonString() },
            cancellationToken) == 1;

    /// <summary>
    /// Takes over a claim left in doubt, to send again (the organization resends this channel's in-doubt messages by
    /// itself): false when it is no longer in doubt.
    /// </summary>
    public static async Task<bool> ReclaimAsync(DatabaseTransaction transaction, Guid executionId, string stepKey, JsonObject? message, CancellationToken cancellationToken) =>
        await transaction.ExecuteAsync(
            """
            UPDATE automation_deliveries SET updated_at = now(), message = coalesce(@message::jsonb, message)
             WHERE execution_id = @executionId AND step_key = @stepKey AND status = 'sending'
            """,
            new { executionId, stepKey, message = message?.ToJsonString() },
            cancellationToken) == 1;

    /// <summary>
    /// Claims the row for a side effect done in the same transaction (a record written, a task created): the earlier
    /// delivery when another attempt already did it, else null and the row is this attempt's to complete.
    /// </summary>
    public static async Task<Delivery?> ClaimOrEarlierAsync(
        DatabaseTransaction transaction, Guid organizationId, Guid executionId, string stepKey, string channel, CancellationToken cancellationToken) =>
        await ClaimAsync(transaction, organizationId, executionId, stepKey, channel, DeliveryStatus.Sent, null, cancellationToken)
            ? null
            : await FindAsync(transaction, executionId, stepKey, cancellationToken) ?? throw new InvalidOperationException("The delivery claim vanished; try again.");

    /// <summary>Records a side effect that has already happened, in one statement; false when another attempt recorded it first.</summary>
    public static async Task<bool> RecordAsync(
        DatabaseTransaction transaction, Guid organizationId, Guid executionId, string stepKey, string channel, DeliveryStatus status, Guid? clientId,
        string? providerId, JsonObject? result, CancellationToken cancellationToken) =>
        await transaction.ExecuteAsync(
            """
            INSERT INTO automation_deliveries (organization_id, execution_id, step_key, channel, status, client_id, provider_id, result)
            VALUES (@organizationId, @executionId, @stepKey, @channel, @status, @clientId, @providerId, @result::jsonb)
            ON CONFLICT (execution_id, step_key) DO NOTHING
            """,
            new { organizationId, executionId, stepKey, channel, status = status.Text(), clientId, providerId, result = result?.ToJsonString() },
            cancellationToken) == 1;

    /// <summary>Records how the side effect ended.</summary>
    public static Task CompleteAsync(
        DatabaseTransaction transaction, Guid executionId, string stepKey, DeliveryStatus status, string? providerId, JsonObject? result, CancellationToken cancellationToken) =>
        transaction.ExecuteAsync(
            """
            UPDATE automation_deliveries SET status = @status, provider_id = @providerId, result = @result::jsonb, message = NULL, updated_at = now()
             WHERE execution_id = @executionId AND step_key = @stepKey
            """,
            new { executionId, stepKey, status = status.Text(), providerId, result = result?.ToJsonString() },
            cancellationToken);

    /// <summary>Gives a claim back after a failure that sent nothing, so a retry may try again.</summary>
    public static Task ReleaseAsync(DatabaseTransaction transaction, Guid executionId, string stepKey, CancellationToken cancellationToken) =>
        transaction.ExecuteAsync(
            "DELETE FROM automation_deliveries WHERE execution_id = @executionId AND step_key = @stepKey AND status = 'sending'",
            new { executionId, stepKey },
            cancellationToken);

    sealed record Row(string Channel, string Status, string? ProviderId, string? Result, DateTime UpdatedAt)
    {
        public Delivery ToDelivery() => new(Channel, DeliveryStatuses.Parse(Status), ProviderId, Result is null ? null : JsonNode.Parse(Result) as JsonObject, Utc(UpdatedAt));
    }
}
