using static Fixlify.Data.DapperConventions;
using System.Text.Json.Nodes;

namespace Fixlify.Data;

/// <summary>
/// automation_deliveries: one row per side effect, keyed by (execution, step key). An activity claims its row
/// before acting; a retried or replayed activity that finds the row does not act again.
/// </summary>
public static class DeliveryLedger
{
    /// <summary>A side effect already done (or being done) for this execution and step.</summary>
    public sealed record Delivery(string Channel, string Status, string? ProviderId, JsonObject? Result, DateTimeOffset UpdatedAt);

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
        DatabaseTransaction transaction, Guid organizationId, Guid executionId, string stepKey, string channel, string status, Guid? clientId,
        CancellationToken cancellationToken) =>
        await transaction.ExecuteAsync(
            """
            INSERT INTO automation_deliveries (organization_id, execution_id, step_key, channel, status, client_id)
            VALUES (@organizationId, @executionId, @stepKey, @channel, @status, @clientId)
            ON CONFLICT (execution_id, step_key) DO NOTHING
            """,
            new { organizationId, executionId, stepKey, channel, status, clientId },
            cancellationToken) == 1;

    /// <summary>Records how the side effect ended.</summary>
    public static Task CompleteAsync(
        DatabaseTransaction transaction, Guid executionId, string stepKey, string status, string? providerId, JsonObject? result, CancellationToken cancellationToken) =>
        transaction.ExecuteAsync(
            """
            UPDATE automation_deliveries SET status = @status, provider_id = @providerId, result = @result::jsonb, updated_at = now()
             WHERE execution_id = @executionId AND step_key = @stepKey
            """,
            new { executionId, stepKey, status, providerId, result = result?.ToJsonString() },
            cancellationToken);

    /// <summary>Gives a claim back after a failure that sent nothing, so a retry may try again.</summary>
    public static Task ReleaseAsync(DatabaseTransaction transaction, Guid executionId, string stepKey, CancellationToken cancellationToken) =>
        transaction.ExecuteAsync(
            "DELETE FROM automation_deliveries WHERE execution_id = @executionId AND step_key = @stepKey AND status = 'sending'",
            new { executionId, stepKey },
            cancellationToken);

    sealed record Row(string Channel, string Status, string? ProviderId, string? Result, DateTime UpdatedAt)
    {
        public Delivery ToDelivery() => new(Channel, Status, ProviderId, Result is null ? null : JsonNode.Parse(Result) as JsonObject, Utc(UpdatedAt));
    }
}
