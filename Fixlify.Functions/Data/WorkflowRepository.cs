using static Fixlify.Data.DapperConventions;
using Dapper;
using System.Text.Json.Nodes;

namespace Fixlify.Data;

/// <summary>automation_workflows, always inside an organization's transaction (row-level security scopes every query).</summary>
internal static class WorkflowRepository
{
    const string Columns = """
        id, organization_id, name, description, trigger_type, coalesce(trigger_config, '{}')::text AS trigger_config,
        coalesce(nodes, '[]')::text AS nodes, coalesce(edges, '[]')::text AS edges, coalesce(steps, '[]')::text AS steps,
        coalesce(is_active, false) AS is_active, version, schedule::text AS schedule, next_run_at,
        coalesce(execution_count, 0) AS execution_count, coalesce(success_count, 0) AS success_count,
        coalesce(failure_count, 0) AS failure_count, last_triggered_at, created_by, created_at, updated_at, revision, paused_at,
        CASE WHEN paused_at IS NULL THEN 0 ELSE (SELECT count(*)::int FROM automation_execution_logs p
                                                  WHERE p.workflow_id = automation_workflows.id AND p.status = 'paused') END AS waiting_to_run
        """;

    /// <summary>The fields a person edits. <see cref="IsActive"/> null: a new workflow is inactive, a saved one keeps its state.</summary>
    internal sealed record WorkflowFields(
        string Name, string? Description, string TriggerType, JsonObject TriggerConfig, JsonArray Nodes, JsonArray Edges, JsonArray Steps,
        bool? IsActive, JsonObject? Schedule);

    public static async Task<WorkflowRecord> InsertAsync(DatabaseTransaction transaction, Guid organizationId, WorkflowFields fields, Guid? createdBy, CancellationToken cancellationToken)
    {
        var row = await transaction.QuerySingleAsync<Row>(
            $"""
            INSERT INTO automation_workflows (organization_id, name, description, trigger_type, trigger_config, nodes, edges, steps, is_active, schedule, created_by)
            VALUES (@organizationId, @Name, @Description, @TriggerType, @TriggerConfig::jsonb, @Nodes::jsonb, @Edges::jsonb, @Steps::jsonb, coalesce(@IsActive::boolean, false), @Schedule::jsonb, @createdBy)
            RETURNING {Columns}
            """,
            Parameters(fields, new { organizationId, createdBy }),
            cancellationToken);
        return row.ToRecord();
    }

    /// <summary>Saves new fields and bumps the version; null when the workflow is missing (or another organization's).</summary>
    public static async Task<WorkflowRecord?> UpdateAsync(DatabaseTransaction transaction, Guid id, WorkflowFields fields, CancellationToken cancellationToken)
    {
        var row = await transaction.QuerySingleOrDefaultAsync<Row>(
            $"""
            UPDATE automation_workflows
               SET name = @Name, description = @Description, trigger_type = @TriggerType, trigger_config = @TriggerConfig::jsonb,
                   nodes = @Nodes::jsonb, edges = @Edges::jsonb, steps = @Steps::jsonb, is_active = coalesce(@IsActive::boolean, is_active),
                   schedule = @Schedule::jsonb, version = version + 1, revision = revision + 1
             WHERE id = @id AND deleted_at IS NULL
            RETURNING {Columns}
            """,
            Parameters(fields, new { id }),
            cancellationToken);
        return row?.ToRecord();
    }

    /// <summary>The organization's active workflows that start on <paramref name="triggerType"/>; only <paramref name="only"/> when given.</summary>
    public static async Task<List<WorkflowRecord>> ListActiveByTriggerAsync(
        DatabaseTransaction transaction, string triggerType, Guid? only, CancellationToken cancellationToken) =>
        [.. (await transaction.QueryAsync<Row>(
            $"SELECT {Columns} FROM automation_workflows WHERE trigger_type = @triggerType AND is_active AND deleted_at IS NULL AND (@only::uuid IS NULL OR id = @only) ORDER BY created_at",
            new { triggerType, only },
            cancellationToken)).Select(r => r.ToRecord())];

    /// <summary>
    /// The active workflows that start on any of <paramref name="triggers"/> (organization, trigger type), across
    /// organizations (the service's transaction): one query for a whole batch of events.
    /// </summary>
    public static async Task<List<WorkflowRecord>> ListActiveForAsync(
        DatabaseTransaction transaction, IReadOnlyCollection<(Guid OrganizationId, string TriggerType)> triggers, CancellationToken cancellationToken) =>
        [.. (await transaction.QueryAsync<Row>(
            $"""
            SELECT {Columns} FROM automation_workflows
             WHERE (organization_id, trigger_type) IN (SELECT * FROM unnest(@organizations::uuid[], @types::text[]))
               AND is_active AND deleted_at IS NULL
             ORDER BY created_at
            """,
            new { organizations = triggers.Select(t => t.OrganizationId).ToArray(), types = triggers.Select(t => t.TriggerType).ToArray() },
            cancellationToken)).Select(r => r.ToRecord())];

    /// <summary>A page of the organization's workflows, newest first, after <paramref name="after"/> (the last of the previous page).</summary>
    public static async Task<List<WorkflowRecord>> ListAsync(
        DatabaseTransaction transaction, bool? active, string? triggerType, (DateTimeOffset At, Guid Id)? after, int limit, CancellationToken cancellationToken) =>
        [.. (await transaction.QueryAsync<Row>(
            $"""
            SELECT {Columns} FROM automation_workflows
             WHERE deleted_at IS NULL
               AND (@active::boolean IS NULL OR coalesce(is_active, false) = @active)
               AND (@triggerType::text IS NULL OR trigger_type = @triggerType)
               AND (@afterAt::timestamptz IS NULL OR (created_at, id) < (@afterAt, @afterId))
             ORDER BY created_at DESC, id DESC
             LIMIT @limit
            """,
            new { active, triggerType, afterAt = after?.At, afterId = after?.Id, limit },
            cancellationToken)).Select(r => r.ToRecord())];

    /// <summary>Soft delete: the workflow stops starting and disappears; executions already running finish on their snapshot.</summary>
    public static async Task<bool> DeleteAsync(DatabaseTransaction transaction, Guid id, CancellationToken cancellationToken) =>
        await transaction.ExecuteAsync(
            "UPDATE automation_workflows SET deleted_at = now(), is_active = false, next_run_at = NULL, revision = revision + 1 WHERE id = @id AND deleted_at IS NULL",
            new { id },
            cancellationToken) == 1;

    public static async Task<WorkflowRecord?> SetActiveAsync(DatabaseTransaction transaction, Guid id, bool active, CancellationToken cancellationToken)
    {
        var row = await transaction.QuerySingleOrDefaultAsync<Row>(
            $"UPDATE automation_workflows SET is_active = @active, revision = revision + 1 WHERE id = @id AND deleted_at IS NULL RETURNING {Columns}", new { id, active }, cancellationToken);
        return row?.ToRecord();
    }

    /// <summary>When the scheduler should next fire a scheduled or recurring workflow (null: never).</summary>
    public static Task SetNextRunAsync(DatabaseTransaction transaction, Guid id, DateTimeOffset? nextRunAt, CancellationToken cancellationToken) =>
        transaction.ExecuteAsync("UPDATE automation_workflows SET next_run_at = @nextRunAt WHERE id = @id", new { id, nextRunAt }, cancellationToken);

    /// <summary>Whether the organization has or had this workflow (a deleted one counts: its executions and metrics remain).</summary>
    public static async Task<bool> KnownAsync(DatabaseTransaction transaction, Guid id, CancellationToken cancellationToken) =>
        await transaction.ExecuteScalarAsync<int>("SELECT count(*) FROM automation_workflows WHERE id = @id", new { id }, cancellationToken) > 0;

    /// <summary>The name of a workflow that is not deleted; null otherwise.</summary>
    public static Task<string?> NameAsync(DatabaseTransaction transaction, Guid id, CancellationToken cancellationToken) =>
        transaction.ExecuteScalarAsync<string?>("SELECT name FROM automation_workflows WHERE id = @id AND deleted_at IS NULL", new { id }, cancellationToken);

    public static async Task<WorkflowRecord?> GetAsync(DatabaseTransaction transaction, Guid id, CancellationToken cancellationToken, bool forUpdate = false)
    {
        var row = await transaction.QuerySingleOrDefaultAsync<Row>(
            $"SELECT {Columns} FROM automation_workflows WHERE id = @id AND deleted_at IS NULL{(forUpdate ? " FOR UPDATE" : "")}",
            new { id },
            cancellationToken);
        return row?.ToRecord();
    }

    static DynamicParameters Parameters(WorkflowFields fields, object extra)
    {
        var parameters = new DynamicParameters(extra);
        parameters.Add(nameof(fields.Name), fields.Name);
        parameters.Add(nameof(fields.Description), fields.Description);
        parameters.Add(nameof(fields.TriggerType), fields.TriggerType);
        parameters.Add(nameof(fields.TriggerConfig), fields.TriggerConfig.ToJsonString());
        parameters.Add(nameof(fields.Nodes), fields.Nodes.ToJsonString());
        parameters.Add(nameof(fields.Edges), fields.Edges.ToJsonString());
        parameters.Add(nameof(fields.Steps), fields.Steps.ToJsonString());
        parameters.Add(nameof(fields.IsActive), fields.IsActive);
        parameters.Add(nameof(fields.Schedule), fields.Schedule?.ToJsonString());
        return parameters;
    }

    internal sealed record Row(
        Guid Id, Guid OrganizationId, string Name, string? Description, string TriggerType, string TriggerConfig, string Nodes, string Edges,
        string Steps, bool IsActive, int Version, string? Schedule, DateTime? NextRunAt, int ExecutionCount, int SuccessCount,
        int FailureCount, DateTime? LastTriggeredAt, Guid? CreatedBy, DateTime CreatedAt, DateTime UpdatedAt, int Revision,
        DateTime? PausedAt, int WaitingToRun)
    {
        public WorkflowRecord ToRecord() => new(
            Id, OrganizationId, Name, Description, TriggerType, JsonNode.Parse(TriggerConfig) as JsonObject ?? [],
            JsonNode.Parse(Nodes) as JsonArray ?? [], JsonNode.Parse(Edges) as JsonArray ?? [], JsonNode.Parse(Steps) as JsonArray ?? [],
            IsActive, Version, Schedule is null ? null : JsonNode.Parse(Schedule) as JsonObject, Utc(NextRunAt), ExecutionCount, SuccessCount,
            FailureCount, Utc(LastTriggeredAt), CreatedBy, Utc(CreatedAt), Utc(UpdatedAt), Revision, Utc(PausedAt), WaitingToRun);
    }
}
