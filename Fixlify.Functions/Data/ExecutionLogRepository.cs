using static Fixlify.Data.DapperConventions;
using System.Text.Json.Nodes;
using Dapper;

namespace Fixlify.Data;

/// <summary>automation_execution_logs, inside an organization's transaction.</summary>
public static class ExecutionLogRepository
{
    const string Columns = """
        id, workflow_id, organization_id, trigger_type, trigger_data::text AS trigger_data, status,
        coalesce(actions_executed, '[]')::text AS actions_executed, error_message, coalesce(retry_count, 0) AS retry_count,
        started_at, completed_at, execution_time_ms, created_at, workflow_version, definition::text AS definition, event_id,
        instance_id, chain_depth, updated_at
        """;

    /// <summary>A new execution, written as <c>pending</c> with the plan it will run.</summary>
    public sealed record NewExecution(
        Guid Id, Guid WorkflowId, Guid OrganizationId, string TriggerType, JsonObject TriggerData, int WorkflowVersion,
        JsonObject Definition, Guid? EventId, int ChainDepth);

    /// <summary>Inserts the row unless it exists; true only for the caller that inserted it.</summary>
    public static async Task<bool> InsertAsync(DatabaseTransaction transaction, NewExecution execution, CancellationToken cancellationToken)
    {
        var inserted = await transaction.ExecuteScalarAsync<Guid?>(
            """
            INSERT INTO automation_execution_logs (id, workflow_id, organization_id, trigger_type, trigger_data, status, workflow_version,
                                                   definition, event_id, instance_id, chain_depth)
            VALUES (@Id, @WorkflowId, @OrganizationId, @TriggerType, @TriggerData::jsonb, 'pending', @WorkflowVersion,
                    @Definition::jsonb, @EventId, @Id::text, @ChainDepth)
            ON CONFLICT (id) DO NOTHING
            RETURNING id
            """,
            new
            {
                execution.Id, execution.WorkflowId, execution.OrganizationId, execution.TriggerType, TriggerData = execution.TriggerData.ToJsonString(),
                execution.WorkflowVersion, Definition = execution.Definition.ToJsonString(), execution.EventId, execution.ChainDepth,
            },
            cancellationToken);
        if (inserted is null)
        {
            return false;
        }

        await transaction.ExecuteAsync(
            "UPDATE automation_workflows SET execution_count = coalesce(execution_count, 0) + 1, last_triggered_at = now() WHERE id = @WorkflowId",
            new { execution.WorkflowId },
            cancellationToken);
        return true;
    }

    public static async Task<ExecutionRecord?> GetAsync(DatabaseTransaction transaction, Guid id, CancellationToken cancellationToken, bool forUpdate = false)
    {
        var row = await transaction.QuerySingleOrDefaultAsync<Row>(
            $"SELECT {Columns} FROM automation_execution_logs WHERE id = @id{(forUpdate ? " FOR UPDATE" : "")}", new { id }, cancellationToken);
        return row?.ToRecord();
    }

    /// <summary>The filters of the execution list.</summary>
    public sealed record Filter(Guid? WorkflowId, string? Status, string? TriggerType, DateTimeOffset? From, DateTimeOffset? To, int? WorkflowVersion);

    /// <summary>A page of the organization's executions, newest first, after <paramref name="after"/>.</summary>
    public static async Task<List<ExecutionRecord>> ListAsync(
        DatabaseTransaction transaction, Filter filter, (DateTimeOffset At, Guid Id)? after, int limit, CancellationToken cancellationToken) =>
        [.. (await transaction.QueryAsync<Row>(
            $"""
            SELECT {Columns} FROM automation_execution_logs
             WHERE (@WorkflowId::uuid IS NULL OR workflow_id = @WorkflowId)
               AND (@Status::text IS NULL OR status = @Status)
               AND (@TriggerType::text IS NULL OR trigger_type = @TriggerType)
               AND (@From::timestamptz IS NULL OR created_at >= @From)
               AND (@To::timestamptz IS NULL OR created_at < @To)
               AND (@WorkflowVersion::integer IS NULL OR workflow_version = @WorkflowVersion)
               AND (@afterAt::timestamptz IS NULL OR (created_at, id) < (@afterAt, @afterId))
             ORDER BY created_at DESC, id DESC
             LIMIT @limit
            """,
            new { filter.WorkflowId, filter.Status, filter.TriggerType, filter.From, filter.To, filter.WorkflowVersion, afterAt = after?.At, afterId = after?.Id, limit },
            cancellationToken)).Select(r => r.ToRecord())];

    /// <summary>pending/waiting → processing, noting when it first started. False when the execution already ended.</summary>
    public static async Task<bool> MarkProcessingAsync(DatabaseTransaction transaction, Guid id, CancellationToken cancellationToken) =>
        await transaction.ExecuteAsync(
            """
            UPDATE automation_execution_logs SET status = 'processing', started_at = coalesce(started_at, now())
             WHERE id = @id AND status IN ('pending', 'processing', 'waiting', 'retry')
            """,
            new { id },
            cancellationToken) == 1;

    /// <summary>Adds or replaces (by stepKey) one entry of actions_executed and sets the execution's status.</summary>
    public static async Task<bool> RecordStepAsync(DatabaseTransaction transaction, Guid id, JsonObject entry, string status, CancellationToken cancellationToken)
    {
        var current = await transaction.QuerySingleOrDefaultAsync<string>(
            "SELECT coalesce(actions_executed, '[]')::text FROM automation_execution_logs WHERE id = @id AND status NOT IN ('completed', 'failed', 'cancelled') FOR UPDATE",
            new { id },
            cancellationToken);
        if (current is null)
        {
            return false;
        }

        var entries = JsonNode.Parse(current) as JsonArray ?? [];
        var key = entry["stepKey"]?.GetValue<string>();
        var existing = entries.OfType<JsonObject>().FirstOrDefault(e => e["stepKey"]?.GetValue<string>() == key);
        if (existing is null)
        {
            entries.Add(entry);
        }
        else
        {
            entries[entries.IndexOf(existing)] = entry;
        }

        await transaction.ExecuteAsync(
            "UPDATE automation_execution_logs SET actions_executed = @entries::jsonb, status = @status WHERE id = @id",
            new { id, entries = entries.ToJsonString(), status },
            cancellationToken);
        return true;
    }

    /// <summary>Ends the execution (once: a second call changes nothing) and counts it on its workflow.</summary>
    public static async Task<bool> FinishAsync(DatabaseTransaction transaction, Guid id, string status, string? error, CancellationToken cancellationToken)
    {
        var workflowId = await transaction.ExecuteScalarAsync<Guid?>(
            """
            UPDATE automation_execution_logs
               SET status = @status, error_message = @error, completed_at = now(), started_at = coalesce(started_at, now()),
                   execution_time_ms = (extract(epoch FROM now() - coalesce(started_at, now())) * 1000)::integer
             WHERE id = @id AND status NOT IN ('completed', 'failed', 'cancelled')
            RETURNING workflow_id
            """,
            new { id, status, error },
            cancellationToken);
        if (workflowId is null)
        {
            return false;
        }

        if (status is "completed" or "failed")
        {
            await transaction.ExecuteAsync(
                status == "completed"
                    ? "UPDATE automation_workflows SET success_count = coalesce(success_count, 0) + 1 WHERE id = @workflowId"
                    : "UPDATE automation_workflows SET failure_count = coalesce(failure_count, 0) + 1 WHERE id = @workflowId",
                new { workflowId },
                cancellationToken);
        }

        return true;
    }

    /// <summary>Records the change for the live stream (numbered, so it can resume) and wakes its listeners.</summary>
    public static Task NotifyAsync(DatabaseTransaction transaction, Guid organizationId, Guid executionId, string status, string? stepKey, CancellationToken cancellationToken, string? stepStatus = null) =>
        transaction.ExecuteAsync(
            """
            WITH added AS (
                INSERT INTO automation_execution_updates (organization_id, execution_id, workflow_id, status, step_key, step_status)
                SELECT @organizationId, @executionId, (SELECT workflow_id FROM automation_execution_logs WHERE id = @executionId), @status, @stepKey, @stepStatus
                RETURNING id)
            SELECT pg_notify('automation_execution_updates', @organizationId::text || ':' || id) FROM added
            """,
            new { organizationId, executionId, status, stepKey, stepStatus },
            cancellationToken);

    internal sealed record Row(
        Guid Id, Guid? WorkflowId, Guid OrganizationId, string TriggerType, string TriggerData, string Status, string ActionsExecuted,
        string? ErrorMessage, int RetryCount, DateTime? StartedAt, DateTime? CompletedAt, int? ExecutionTimeMs,
        DateTime CreatedAt, int? WorkflowVersion, string? Definition, Guid? EventId, string? InstanceId, int ChainDepth,
        DateTime UpdatedAt)
    {
        public ExecutionRecord ToRecord() => new(
            Id, WorkflowId, OrganizationId, TriggerType, JsonNode.Parse(TriggerData) as JsonObject ?? [], Status,
            JsonNode.Parse(ActionsExecuted) as JsonArray ?? [], ErrorMessage, RetryCount, Utc(StartedAt), Utc(CompletedAt), ExecutionTimeMs, Utc(CreatedAt),
            WorkflowVersion, Definition is null ? null : JsonNode.Parse(Definition) as JsonObject, EventId, InstanceId, ChainDepth, Utc(UpdatedAt));
    }
}
