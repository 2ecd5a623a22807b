using static Fixlify.Data.DapperConventions;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;

namespace Fixlify.Data;

/// <summary>
/// automation_templates, always inside an organization's transaction: row-level security shows the shared catalog and
/// that organization's own templates, never another's. Of the catalog only the published rows (is_public) count.
/// </summary>
internal static class TemplateRepository
{
    const string Columns = """
        id, organization_id, name, description, category, trigger_type, coalesce(trigger_config, '{}')::text AS trigger_config,
        coalesce(nodes, '[]')::text AS nodes, coalesce(edges, '[]')::text AS edges, coalesce(steps, '[]')::text AS steps,
        schedule::text AS schedule, coalesce(usage_count, 0) AS usage_count, created_at
        """;

    const string Usable = "(organization_id IS NOT NULL OR coalesce(is_public, false))";

    /// <summary>The templates the organization can use, optionally of one category and one trigger type.</summary>
    public static async Task<List<TemplateRecord>> ListAsync(DatabaseTransaction transaction, string? category, string? triggerType, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder($"SELECT {Columns} FROM automation_templates WHERE {Usable}");
        var parameters = new DynamicParameters();
        if (category is not null)
        {
            sql.Append(" AND category = @category");
            parameters.Add("category", category);
        }

        if (triggerType is not null)
        {
            sql.Append(" AND trigger_type = @triggerType");
            parameters.Add("triggerType", triggerType);
        }

        sql.Append(" ORDER BY organization_id NULLS FIRST, category, name, id");
        return [.. (await transaction.QueryAsync<Row>(sql.ToString(), parameters, cancellationToken)).Select(r => r.ToRecord())];
    }

    /// <summary>One template the organization can use; null when it is missing, unpublished or another organization's.</summary>
    public static async Task<TemplateRecord?> GetAsync(DatabaseTransaction transaction, Guid id, CancellationToken cancellationToken)
    {
        var row = await transaction.QuerySingleOrDefaultAsync<Row>(
            $"SELECT {Columns} FROM automation_templates WHERE id = @id AND {Usable}", new { id }, cancellationToken);
        return row?.ToRecord();
    }

    /// <summary>Counts one more workflow made from the template (in the caller's transaction, so it counts only if that commits).</summary>
    public static Task CountUseAsync(DatabaseTransaction transaction, Guid id, CancellationToken cancellationToken) =>
        transaction.ExecuteAsync("UPDATE automation_templates SET usage_count = coalesce(usage_count, 0) + 1 WHERE id = @id", new { id }, cancellationToken);

    internal sealed record Row(
        Guid Id, Guid? OrganizationId, string Name, string? Description, string? Category, string? TriggerType, string TriggerConfig, string Nodes,
        string Edges, string Steps, string? Schedule, int UsageCount, DateTime? CreatedAt)
    {
        public TemplateRecord ToRecord() => new(
            Id, OrganizationId, Name, Description, Category, TriggerType, JsonNode.Parse(TriggerConfig) as JsonObject ?? [],
            JsonNode.Parse(Nodes) as JsonArray ?? [], JsonNode.Parse(Edges) as JsonArray ?? [], JsonNode.Parse(Steps) as JsonArray ?? [],
            Schedule is null ? null : JsonNode.Parse(Schedule) as JsonObject, UsageCount, Utc(CreatedAt));
    }
}
