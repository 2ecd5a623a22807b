using System.Text.Json.Nodes;

namespace Fixlify.Data;

/// <summary>Business rows as JSON objects (their columns as keys), for an execution's context.</summary>
public static class BusinessRecords
{
    /// <summary>Context name → table. Only these can be read.</summary>
    public static readonly IReadOnlyDictionary<string, string> Tables = new Dictionary<string, string>
    {
        ["organization"] = "organizations",
        ["client"] = "clients",
        ["job"] = "jobs",
        ["invoice"] = "invoices",
        ["estimate"] = "estimates",
        ["technician"] = "technicians",
    };

    /// <summary>The row, or null when it does not exist in the transaction's organization. Secrets are left out.</summary>
    public static async Task<JsonObject?> LoadAsync(DatabaseTransaction transaction, string record, Guid id, CancellationToken cancellationToken)
    {
        var table = Tables[record];
        var json = await transaction.QuerySingleOrDefaultAsync<string>(
            $"SELECT (to_jsonb(t) - 'webhook_secret')::text FROM {table} t WHERE id = @id", new { id }, cancellationToken);
        return json is null ? null : JsonNode.Parse(json) as JsonObject;
    }

    /// <summary>The organization's active technicians, for schedule-driven workflows.</summary>
    public static async Task<JsonArray> ActiveTechniciansAsync(DatabaseTransaction transaction, CancellationToken cancellationToken)
    {
        var json = await transaction.QuerySingleAsync<string>(
            "SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY t.first_name), '[]')::text FROM technicians t WHERE is_active", null, cancellationToken);
        return JsonNode.Parse(json) as JsonArray ?? [];
    }
}
