using static Fixlify.Data.DapperConventions;
using System.Text.Json.Nodes;

namespace Fixlify.Data;

/// <summary>automation_execution_logs, inside an organization's transaction (or the service's, for dispatch).</summary>
internal static class ExecutionLogRepository
{
    const string Columns = """
        id, workflow_id, organization_id, trigger_type, trigger_data::text AS trigger_data, status,
        coalesce(actions_executed, '[]')::text AS actions_executed, error_message, coalesce(retry_count, 0) AS retry_count,
        started_at, completed_at, execution_time_ms, created_at, workflow_version, definition::text AS definition, event_id,
        instance_id, chain_depth, updated_at, warnings::text AS warnings
        """;

    /// <summary>
    /// A new execution, written as <c>pending</c>. It runs its workflow version's plan (automation_workflow_versions);
    /// <see cref="Definition"/> is only for executions whose plan is not a saved version's. <see cref="HeldOut"/>: its record
    /// is in the workflow's hold-out group, so it is written ended, <c>held_out</c>, and never runs.
    /// </summary>
    internal sealed record NewExecution(
        Guid Id, Guid WorkflowId, Guid OrganizationId, string TriggerType, JsonObject TriggerData, int WorkflowVersion,
        JsonObject? Definition, Guid? EventId, int ChainDepth, JsonArray? Warnings = null, bool HeldOut = false);

    /// <summary>Inserts the row unless it exists; true only for the caller that inserted it.</summary>
    public static async Task<bool> InsertAsync(DatabaseTransaction transaction, NewExecution execution, CancellationToken cancellationToken) =>
        (await InsertManyAsync(transaction, [execution], cancellationToken)).Count == 1;

    /// <summary>Inserts the rows that do not exist yet, in one statement; returns the ids this call inserted.</summary>
    public static async Task<IReadOnlySet<Guid>> InsertManyAsync(DatabaseTransaction transaction, IReadOnlyList<NewExecution> executions, CancellationToken cancellationToken)
    {
        if (executions.Count == 0)
        {
            return new HashSet<Guid>();
        }

        var rows = new JsonArray([.. executions.Select(e => (JsonNode)new JsonObject
        {
            ["id"] = e.Id,
            ["workflow_id"] = e.WorkflowId,
            ["organization_id"] = e.OrganizationId,
            ["trigger_type"] = e.TriggerType,
            ["trigger_data"] = e.TriggerData.DeepClone(),
            ["workflow_version"] = e.WorkflowVersion,
            ["definition"] = e.Definition?.DeepClone(),
            ["event_id"] = e.EventId,
            ["chain_depth"] = e.ChainDepth,
            ["warnings"] = e.Warnings?.DeepClone(),
            ["held_out"] = e.HeldOut,
        })]);
        var inserted = await transaction.QueryAsync<Guid>(
            """
            INSERT INTO automation_execution_logs (id, workflow_id, organization_id, trigger_type, trigger_data, status, workflow_version,
                                                   definition, event_id, instance_id, chain_depth, warnings, started_at, completed_at, execution_time_ms)
            SELECT r.id, r.workflow_id, r.organization_id, r.trigger_type, r.trigger_data, CASE WHEN r.held_out THEN 'held_out' ELSE 'pending' END,
                   r.workflow_version, r.definition, r.event_id, r.id::text, r.chain_depth, r.warnings,
                   CASE WHEN r.held_out THEN now() END, CASE WHEN r.held_out THEN now() END, CASE WHEN r.held_out THEN 0 END
              FROM jsonb_to_recordset(@rows::jsonb) AS r(id uuid, workflow_id uuid, organization_id uuid, trigger_type text, trigger_data jsonb,
                                                         workflow_version int, definition jsonb, event_id uuid, chain_depth int, warnings jsonb,
                                                         held_out boolean)
            ON CONFLICT (id) DO NOTHING
            RETURNING id
            """,
            new { rows = rows.ToJsonString() },
            cancellationToken);
        return inserted.ToHashSet();
    }

    /// <summary>Of <paramref name="ids"/>, those still pending after <paramref name="grace"/> (a starter may have died before scheduling them).</summary>
    public static async Task<HashSet<Guid>> StillPendingAsync(DatabaseTransaction transaction, Guid[] ids, TimeSpan grace, CancellationToken cancellationToken) =>
        (await transaction.QueryAsync<Guid>(
            "SELECT id FROM automation_execution_logs WHERE id = ANY(@ids) AND status = 'pending' AND created_at < now() - @grace",
            new { ids, grace },
            cancellationToken)).ToHashSet();

    /// <summary>The oldest <paramref name="limit"/> executions of any organization pending since before <paramref name="pendingSince"/> (service login).</summary>
    /// <summary>
    /// Claims executions pending since before <paramref name="pendingSince"/> for scheduling again (the caller commits):
    /// each is claimed by one caller per <paramref name="pendingSince"/>'s age, marked in <c>checked_at</c>, so two
    /// loops or hosts never schedule the same instance at the same moment (the task hub could start it twice).
    /// </summary>
    public static async Task<List<(Guid Id, Guid OrganizationId)>> PendingSinceAsync(
        DatabaseTransaction transaction, DateTimeOffset pendingSince, int limit, CancellationToken cancellationToken) =>
        [.. await transaction.QueryAsync<(Guid, Guid)>(
            """
            WITH due AS (
                SELECT id FROM automation_execution_logs
                 WHERE status = 'pending' AND created_at < @pendingSince AND coalesce(checked_at, 'epoch'::timestamptz) < @pendingSince
                 ORDER BY created_at
                 LIMIT @limit
                 FOR UPDATE SKIP LOCKED)
            UPDATE automation_execution_logs l SET checked_at = now() FROM due WHERE l.id = due.id
            RETURNING l.id, l.organization_id
            """,
            new { pendingSince, limit },
            cancellationToken)];

    /// <summary>
    /// What an action must know before it runs, in one read: whether its execution has ended (completed, failed or
    /// cancelled — a cancel can reach the row before its orchestration) and since when its automation is paused (null: not).
    /// </summary>
    internal sealed record ActionGate(bool Ended, DateTime? PausedSince);

    /// <summary>The <see cref="ActionGate"/> of an execution; an execution not found counts as ended.</summary>
    public static async Task<ActionGate> GateAsync(DatabaseTransaction transaction, Guid id, CancellationToken cancellationToken) =>
        await transaction.QuerySingleOrDefaultAsync<ActionGate>(
            """
            SELECT l.status = ANY(@final) AS ended, w.paused_at AS paused_since
              FROM automation_execution_logs l LEFT JOIN automation_workflows w ON w.id = l.workflow_id
             WHERE l.id = @id
            """,
            new { id, final = ExecutionStatuses.FinalText },
            cancellationToken) ?? new ActionGate(true, null);

    public static async Task<ExecutionRecord?> GetAsync(DatabaseTransaction transaction, Guid id, CancellationToken cancellationToken, bool forUpdate = false)
    {
        var row = await transaction.QuerySingleOrDefaultAsync<Row>(
            $"SELECT {Columns} FROM automation_execution_logs WHERE id = @id{(forUpdate ? " FOR UPDATE" : "")}", new { id }, cancellationToken);
        return row?.ToRecord();
    }

    /// <summary>The filters of the execution list.</summary>
    internal sealed record Filter(Guid? WorkflowId, string? Status, string? TriggerType, DateTimeOffset? From, DateTimeOffset? To, int? WorkflowVersion);

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

    /// <summary>
    /// Starts (or resumes) the execution in one statement: pending/waiting → processing, noting when it first started,
    /// with an update for the live stream; the row (locked until the transaction ends) and its workflow's name. Null when
    /// the execution does not exist or already ended (<see cref="GetAsync"/> tells which).
    /// </summary>
    public static async Task<(ExecutionRecord Execution, string? WorkflowName)?> StartAsync(
        DatabaseTransaction transaction, Guid id, Guid organizationId, CancellationToken cancellationToken)
    {
        var row = await transaction.QuerySingleOrDefaultAsync<StartedRow>(
            $"""
            WITH started AS (
                UPDATE automation_execution_logs SET status = 'processing', started_at = coalesce(started_at, now())
                 WHERE id = @id AND NOT (status = ANY(@final))
                RETURNING {Columns}),
            update AS (
                INSERT INTO automation_execution_updates (organization_id, execution_id, workflow_id, status)
                SELECT @organizationId, id, workflow_id, 'processing' FROM started)
            SELECT s.*, (SELECT name FROM automation_workflows w WHERE w.id = s.workflow_id AND w.deleted_at IS NULL) AS workflow_name FROM started s
            """,
            new { id, organizationId, final = ExecutionStatuses.FinalText },
            cancellationToken);
        return row is null ? null : (row.ToRow().ToRecord(), row.WorkflowName);
    }

    /// <summary>
    /// Ends the execution, once (a second call changes nothing): status, error, warnings, timing, the original design's
    /// actions_executed (from its step rows, in order), and an update for the live stream.
    /// </summary>
    public static async Task<bool> FinishAsync(
        DatabaseTransaction transaction, Guid id, Guid organizationId, ExecutionStatus status, string? error, JsonArray? warnings, CancellationToken cancellationToken) =>
        await transaction.ExecuteScalarAsync<bool>(
            """
            WITH ended AS (
                UPDATE automation_execution_logs l
                   SET status = @status, error_message = @error, completed_at = now(), started_at = coalesce(started_at, now()),
                       execution_time_ms = (extract(epoch FROM now() - coalesce(started_at, now())) * 1000)::integer,
                       warnings = coalesce(@warnings::jsonb, warnings),
                       actions_executed = coalesce((
                           SELECT jsonb_agg(jsonb_build_object(
                                      'stepKey', s.step_key, 'stepId', s.step_id, 'type', s.type, 'label', s.label, 'status', s.status,
                                      'startedAt', s.started_at, 'finishedAt', s.finished_at, 'attempts', s.attempts, 'output', s.output,
                                      'error', s.error) ORDER BY s.sequence, s.step_key)
                             FROM automation_execution_steps s WHERE s.execution_id = l.id), l.actions_executed)
                 WHERE l.id = @id AND NOT (l.status = ANY(@final))
                RETURNING l.id, l.workflow_id),
            update AS (
                INSERT INTO automation_execution_updates (organization_id, execution_id, workflow_id, status)
                SELECT @organizationId, id, workflow_id, @status FROM ended)
            SELECT EXISTS (SELECT 1 FROM ended)
            """,
            new { id, organizationId, status = status.Text(), error, warnings = warnings?.ToJsonString(), final = ExecutionStatuses.FinalText },
            cancellationToken);

    sealed record StartedRow(
        Guid Id, Guid? WorkflowId, Guid OrganizationId, string TriggerType, string TriggerData, string Status, string ActionsExecuted,
        string? ErrorMessage, int RetryCount, DateTime? StartedAt, DateTime? CompletedAt, int? ExecutionTimeMs,
        DateTime CreatedAt, int? WorkflowVersion, string? Definition, Guid? EventId, string? InstanceId, int ChainDepth,
        DateTime UpdatedAt, string? Warnings, string? WorkflowName)
    {
        public Row ToRow() => new(
            Id, WorkflowId, OrganizationId, TriggerType, TriggerData, Status, ActionsExecuted, ErrorMessage, RetryCount, StartedAt, CompletedAt,
            ExecutionTimeMs, CreatedAt, WorkflowVersion, Definition, EventId, InstanceId, ChainDepth, UpdatedAt, Warnings);
    }

    internal sealed record Row(
        Guid Id, Guid? WorkflowId, Guid OrganizationId, string TriggerType, string TriggerData, string Status, string ActionsExecuted,
        string? ErrorMessage, int RetryCount, DateTime? StartedAt, DateTime? CompletedAt, int? ExecutionTimeMs,
        DateTime CreatedAt, int? WorkflowVersion, string? Definition, Guid? EventId, string? InstanceId, int ChainDepth,
        DateTime UpdatedAt, string? Warnings)
    {
        public ExecutionRecord ToRecord() => new(
            Id, WorkflowId, OrganizationId, TriggerType, JsonNode.Parse(TriggerData) as JsonObject ?? [], ExecutionStatuses.Parse(Status),
            JsonNode.Parse(ActionsExecuted) as JsonArray ?? [], ErrorMessage, RetryCount, Utc(StartedAt), Utc(CompletedAt), ExecutionTimeMs, Utc(CreatedAt),
            WorkflowVersion, Definition is null ? null : JsonNode.Parse(Definition) as JsonObject, EventId, InstanceId, ChainDepth, Utc(UpdatedAt),
            Warnings is null ? null : JsonNode.Parse(Warnings) as JsonArray);
    }
}
