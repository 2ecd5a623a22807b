using System.Text.Json.Nodes;

namespace Fixlify.Data;

/// <summary>
/// automation_workflow_versions: each saved version of a workflow with the plan compiled from it, written when the
/// version is saved and never changed. Dispatch and start read the plan instead of compiling for every event.
/// </summary>
internal static class WorkflowVersionRepository
{
    /// <summary>A saved version: what a person saved, and its compiled plan (JSON) in a given plan format.</summary>
    internal sealed record SavedVersion(
        Guid WorkflowId, int Version, Guid OrganizationId, string TriggerType, JsonObject TriggerConfig, JsonArray Nodes, JsonArray Edges,
        JsonArray Steps, JsonObject Plan, int PlanFormat);

    /// <summary>Stores a version. A version is immutable: storing it again changes nothing, except a plan of an older format.</summary>
    public static Task SaveAsync(DatabaseTransaction transaction, SavedVersion version, CancellationToken cancellationToken) =>
        transaction.ExecuteAsync(
            """
            INSERT INTO automation_workflow_versions (workflow_id, version, organization_id, trigger_type, trigger_config, nodes, edges, steps, plan, plan_format)
            VALUES (@WorkflowId, @Version, @OrganizationId, @TriggerType, @triggerConfig::jsonb, @nodes::jsonb, @edges::jsonb, @steps::jsonb, @plan::jsonb, @PlanFormat)
            ON CONFLICT (workflow_id, version) DO UPDATE SET plan = EXCLUDED.plan, plan_format = EXCLUDED.plan_format
             WHERE automation_workflow_versions.plan_format <> EXCLUDED.plan_format
            """,
            new
            {
                version.WorkflowId, version.Version, version.OrganizationId, version.TriggerType, triggerConfig = version.TriggerConfig.ToJsonString(),
                nodes = version.Nodes.ToJsonString(), edges = version.Edges.ToJsonString(), steps = version.Steps.ToJsonString(),
                plan = version.Plan.ToJsonString(), version.PlanFormat,
            },
            cancellationToken);

    /// <summary>A version's stored plan and its format, or null when the version was saved before plans were stored.</summary>
    public static async Task<(JsonObject Plan, int Format)?> PlanAsync(DatabaseTransaction transaction, Guid workflowId, int version, CancellationToken cancellationToken)
    {
        var row = await transaction.QuerySingleOrDefaultAsync<(string Plan, int Format)?>(
            "SELECT plan::text, plan_format FROM automation_workflow_versions WHERE workflow_id = @workflowId AND version = @version",
            new { workflowId, version },
            cancellationToken);
        return row is { } found && JsonNode.Parse(found.Plan) is JsonObject plan ? (plan, found.Format) : null;
    }

    /// <summary>The definition a version was saved with, to compile it again; null when it was not stored.</summary>
    public static async Task<SavedVersion?> GetAsync(DatabaseTransaction transaction, Guid workflowId, int version, CancellationToken cancellationToken)
    {
        var row = await transaction.QuerySingleOrDefaultAsync<Stored>(
            """
            SELECT workflow_id, version, organization_id, trigger_type, trigger_config::text AS trigger_config, nodes::text AS nodes,
                   edges::text AS edges, steps::text AS steps, plan::text AS plan, plan_format
              FROM automation_workflow_versions WHERE workflow_id = @workflowId AND version = @version
            """,
            new { workflowId, version },
            cancellationToken);
        return row?.ToVersion();
    }

    sealed record Stored(Guid WorkflowId, int Version, Guid OrganizationId, string TriggerType, string TriggerConfig, string Nodes, string Edges, string Steps, string Plan, int PlanFormat)
    {
        public SavedVersion ToVersion() => new(
            WorkflowId, Version, OrganizationId, TriggerType, JsonNode.Parse(TriggerConfig) as JsonObject ?? [], JsonNode.Parse(Nodes) as JsonArray ?? [],
            JsonNode.Parse(Edges) as JsonArray ?? [], JsonNode.Parse(Steps) as JsonArray ?? [], JsonNode.Parse(Plan) as JsonObject ?? [], PlanFormat);
    }
}
