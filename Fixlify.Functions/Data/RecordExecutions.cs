namespace Fixlify.Data;

/// <summary>
/// The running executions about one record: those whose trigger's event was about it (<c>trigger_data.entityId</c>,
/// idx_logs_running_record, migration 0028). The dispatcher reads them to keep one execution per record and to end the
/// executions whose exit condition an event on their record meets.
/// </summary>
internal static class RecordExecutions
{
    /// <summary>A running execution: its id and organization.</summary>
    internal sealed record Running(Guid ExecutionId, Guid OrganizationId);

    /// <summary>The running executions of <paramref name="workflowId"/> about the record, but <paramref name="except"/>.</summary>
    public static async Task<IReadOnlyList<Running>> OfWorkflowAsync(
        DatabaseTransaction transaction, Guid organizationId, Guid workflowId, Guid entityId, IReadOnlyCollection<Guid> except, CancellationToken cancellationToken) =>
        [.. await transaction.QueryAsync<Running>(
            """
            SELECT id AS execution_id, organization_id FROM automation_execution_logs
             WHERE organization_id = @organizationId AND (trigger_data ->> 'entityId') = @entity
               AND status IN ('pending', 'processing', 'waiting') AND workflow_id = @workflowId AND id <> ALL(@except)
            """,
            new { organizationId, entity = entityId.ToString(), workflowId, except = except.ToArray() },
            cancellationToken)];

    /// <summary>
    /// The running executions about the record whose workflow version says to stop when its record reaches the state
    /// <paramref name="eventType"/> puts it in (<c>trigger_config.stopWhen.states</c>).
    /// </summary>
    public static async Task<IReadOnlyList<Running>> StoppedByAsync(
        DatabaseTransaction transaction, Guid organizationId, Guid entityId, string eventType, CancellationToken cancellationToken) =>
        [.. await transaction.QueryAsync<Running>(
            """
            SELECT l.id AS execution_id, l.organization_id FROM automation_execution_logs l
              JOIN automation_workflow_versions v ON v.workflow_id = l.workflow_id AND v.version = l.workflow_version
             WHERE l.organization_id = @organizationId AND (l.trigger_data ->> 'entityId') = @entity
               AND l.status IN ('pending', 'processing', 'waiting')
               AND v.trigger_config -> 'stopWhen' -> 'states' ? @eventType
            """,
            new { organizationId, entity = entityId.ToString(), eventType },
            cancellationToken)];

    /// <summary>A running execution about a record whose workflow version stops on a rule: its trigger and <c>stopWhen</c> as saved.</summary>
    internal sealed record WithStopRule(Guid ExecutionId, Guid OrganizationId, string TriggerType, string StopWhen);

    /// <summary>
    /// The running executions about <paramref name="entityId"/> whose workflow version has a <c>stopWhen.rule</c> (checked
    /// by the dispatcher on the record as an event on it shows it, while the execution waits).
    /// </summary>
    public static async Task<IReadOnlyList<WithStopRule>> WithStopRuleAsync(
        DatabaseTransaction transaction, Guid organizationId, Guid entityId, CancellationToken cancellationToken) =>
        [.. await transaction.QueryAsync<WithStopRule>(
            """
            SELECT l.id AS execution_id, l.organization_id, l.trigger_type, (v.trigger_config -> 'stopWhen')::text AS stop_when
              FROM automation_execution_logs l
              JOIN automation_workflow_versions v ON v.workflow_id = l.workflow_id AND v.version = l.workflow_version
             WHERE l.organization_id = @organizationId AND (l.trigger_data ->> 'entityId') = @entity
               AND l.status IN ('pending', 'processing', 'waiting')
               AND v.trigger_config -> 'stopWhen' ? 'rule'
            """,
            new { organizationId, entity = entityId.ToString() },
            cancellationToken)];
}
