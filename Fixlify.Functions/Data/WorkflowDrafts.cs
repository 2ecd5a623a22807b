using static Fixlify.Data.DapperConventions;
using System.Text.Json.Nodes;

namespace Fixlify.Data;

/// <summary>automation_workflow_drafts: one draft per workflow, saved without going live (migration 0052), under forced RLS.</summary>
internal static class WorkflowDrafts
{
    const string Columns = """
        workflow_id, name, description, trigger_type, trigger_config::text AS trigger_config, nodes::text AS nodes, edges::text AS edges,
        steps::text AS steps, schedule::text AS schedule, based_on, saved_by, saved_by_name, saved_at
        """;

    /// <summary>Saves (or replaces) the workflow's draft.</summary>
    public static async Task<WorkflowDraftRecord> SaveAsync(
        DatabaseTransaction transaction, Guid organizationId, Guid workflowId, WorkflowRepository.WorkflowFields fields, int basedOn, string? savedBy, string? savedByName,
        CancellationToken cancellationToken)
    {
        var row = await transaction.QuerySingleAsync<Row>(
            $"""
            INSERT INTO automation_workflow_drafts
                   (workflow_id, organization_id, name, description, trigger_type, trigger_config, nodes, edges, steps, schedule, based_on, saved_by, saved_by_name)
            VALUES (@workflowId, @organizationId, @Name, @Description, @TriggerType, @triggerConfig::jsonb, @nodes::jsonb, @edges::jsonb, @steps::jsonb,
                    @schedule::jsonb, @basedOn, @savedBy, @savedByName)
            ON CONFLICT (workflow_id) DO UPDATE
               SET name = EXCLUDED.name, description = EXCLUDED.description, trigger_type = EXCLUDED.trigger_type, trigger_config = EXCLUDED.trigger_config,
                   nodes = EXCLUDED.nodes, edges = EXCLUDED.edges, steps = EXCLUDED.steps, schedule = EXCLUDED.schedule, based_on = EXCLUDED.based_on,
                   saved_by = EXCLUDED.saved_by, saved_by_name = EXCLUDED.saved_by_name, saved_at = now()
            RETURNING {Columns}
            """,
            new
            {
                workflowId, organizationId, fields.Name, fields.Description, fields.TriggerType, triggerConfig = fields.TriggerConfig.ToJsonString(),
                nodes = fields.Nodes.ToJsonString(), edges = fields.Edges.ToJsonString(), steps = fields.Steps.ToJsonString(),
                schedule = fields.Schedule?.ToJsonString(), basedOn, savedBy, savedByName,
            },
            cancellationToken);
        return row.ToRecord();
    }

    /// <summary>The workflow's draft, or null when it has none.</summary>
    public static async Task<WorkflowDraftRecord?> GetAsync(DatabaseTransaction transaction, Guid workflowId, CancellationToken cancellationToken) =>
        (await transaction.QuerySingleOrDefaultAsync<Row>(
            $"SELECT {Columns} FROM automation_workflow_drafts WHERE workflow_id = @workflowId", new { workflowId }, cancellationToken))?.ToRecord();

    /// <summary>Discards the workflow's draft; false when it had none.</summary>
    public static async Task<bool> DeleteAsync(DatabaseTransaction transaction, Guid workflowId, CancellationToken cancellationToken) =>
        await transaction.ExecuteAsync("DELETE FROM automation_workflow_drafts WHERE workflow_id = @workflowId", new { workflowId }, cancellationToken) == 1;

    sealed record Row(
        Guid WorkflowId, string Name, string? Description, string TriggerType, string TriggerConfig, string Nodes, string Edges, string Steps, string? Schedule,
        int BasedOn, string? SavedBy, string? SavedByName, DateTime SavedAt)
    {
        public WorkflowDraftRecord ToRecord() => new(
            WorkflowId, Name, Description, TriggerType, JsonNode.Parse(TriggerConfig) as JsonObject ?? [], JsonNode.Parse(Nodes) as JsonArray ?? [],
            JsonNode.Parse(Edges) as JsonArray ?? [], JsonNode.Parse(Steps) as JsonArray ?? [], Schedule is null ? null : JsonNode.Parse(Schedule) as JsonObject,
            BasedOn, SavedBy, SavedByName, Utc(SavedAt));
    }
}
