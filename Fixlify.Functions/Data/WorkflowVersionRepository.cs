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

    /// <summary>Who saved a version, what it changed in one line, the schedule it was saved with, and which version it restored.</summary>
    internal sealed record VersionNote(string? SavedBy, string? SavedByName, string Summary, JsonObject? Schedule, int? RestoredFrom);

    /// <summary>Notes who saved a version and what changed (once: a version's note never changes).</summary>
    public static Task NoteAsync(DatabaseTransaction transaction, Guid workflowId, int version, VersionNote note, CancellationToken cancellationToken) =>
        transaction.ExecuteAsync(
            """
            UPDATE automation_workflow_versions
               SET saved_by = @SavedBy, saved_by_name = @SavedByName, summary = @Summary, schedule = @schedule::jsonb, restored_from = @RestoredFrom
             WHERE workflow_id = @workflowId AND version = @version AND summary IS NULL
            """,
            new { workflowId, version, note.SavedBy, note.SavedByName, note.Summary, schedule = note.Schedule?.ToJsonString(), note.RestoredFrom },
            cancellationToken);

    /// <summary>A version in the history: when, by whom, what changed, and how many executions started on it and run now.</summary>
    internal sealed record HistoryEntry(
        int Version, DateTime SavedAt, string? SavedBy, string? SavedByName, string? Summary, int? RestoredFrom, long Started, long Running);

    /// <summary>
    /// A workflow's stored versions, newest first, with their executions counted: those below <paramref name="before"/>
    /// (null: from the newest), at most <paramref name="limit"/>.
    /// </summary>
    public static async Task<List<HistoryEntry>> HistoryAsync(DatabaseTransaction transaction, Guid workflowId, int? before, int limit, CancellationToken cancellationToken) =>
        [.. await transaction.QueryAsync<HistoryEntry>(
            """
            SELECT v.version, v.created_at AS saved_at, v.saved_by, v.saved_by_name, v.summary, v.restored_from,
                   coalesce(e.started, 0) AS started, coalesce(e.running, 0) AS running
              FROM (SELECT * FROM automation_workflow_versions
                     WHERE workflow_id = @workflowId AND (@before::int IS NULL OR version < @before)
                     ORDER BY version DESC LIMIT @limit) v
              LEFT JOIN LATERAL (SELECT count(*) AS started,
                                        count(*) FILTER (WHERE status IN ('pending', 'processing', 'waiting')) AS running
                                   FROM automation_execution_logs
                                  WHERE workflow_id = @workflowId AND workflow_version = v.version) e ON true
             ORDER BY v.version DESC
            """,
            new { workflowId, before, limit },
            cancellationToken)];

    /// <summary>One version's place in the history; null when it was not stored.</summary>
    public static async Task<HistoryEntry?> EntryAsync(DatabaseTransaction transaction, Guid workflowId, int version, CancellationToken cancellationToken) =>
        (await HistoryAsync(transaction, workflowId, version + 1, 1, cancellationToken)).FirstOrDefault(e => e.Version == version);

    /// <summary>The schedule a version was saved with (null when none, or when it was saved before schedules were kept).</summary>
    public static async Task<JsonObject?> ScheduleAsync(DatabaseTransaction transaction, Guid workflowId, int version, CancellationToken cancellationToken) =>
        await transaction.ExecuteScalarAsync<string?>(
            "SELECT schedule::text FROM automation_workflow_versions WHERE workflow_id = @workflowId AND version = @version", new { workflowId, version }, cancellationToken)
            is { } text ? JsonNode.Parse(text) as JsonObject : null;

    sealed record Stored(Guid WorkflowId, int Version, Guid OrganizationId, string TriggerType, string TriggerConfig, string Nodes, string Edges, string Steps, string Plan, int PlanFormat)
    {
        public SavedVersion ToVersion() => new(
            WorkflowId, Version, OrganizationId, TriggerType, JsonNode.Parse(TriggerConfig) as JsonObject ?? [], JsonNode.Parse(Nodes) as JsonArray ?? [],
            JsonNode.Parse(Edges) as JsonArray ?? [], JsonNode.Parse(Steps) as JsonArray ?? [], JsonNode.Parse(Plan) as JsonObject ?? [], PlanFormat);
    }
}
