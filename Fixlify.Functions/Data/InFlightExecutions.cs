namespace Fixlify.Data;

/// <summary>
/// A workflow's executions still running or waiting, grouped by the version they run and the step they are at (the last
/// step they began), for the choice made when a new version is published (issue 26).
/// </summary>
internal static class InFlightExecutions
{
    /// <summary>Executions of one version at one step (<see cref="StepId"/> null: not begun yet).</summary>
    internal sealed record Group(int Version, string? StepId, string? StepLabel, string? StepType, long Count, long Waiting);

    public static async Task<List<Group>> GroupsAsync(DatabaseTransaction transaction, Guid workflowId, CancellationToken cancellationToken) =>
        [.. await transaction.QueryAsync<Group>(
            """
            SELECT coalesce(l.workflow_version, 0) AS version, s.step_id, s.label AS step_label, s.type AS step_type, count(*) AS count,
                   count(*) FILTER (WHERE l.status = 'waiting') AS waiting
              FROM automation_execution_logs l
              LEFT JOIN LATERAL (SELECT step_id, label, type FROM automation_execution_steps st
                                  WHERE st.execution_id = l.id ORDER BY st.sequence DESC LIMIT 1) s ON true
             WHERE l.workflow_id = @workflowId AND l.status IN ('pending', 'processing', 'waiting')
             GROUP BY 1, 2, 3, 4
             ORDER BY 1, 2
            """,
            new { workflowId },
            cancellationToken)];

    /// <summary>The executions of one group (<paramref name="stepId"/> null: those not begun).</summary>
    public static async Task<List<Guid>> IdsAsync(DatabaseTransaction transaction, Guid workflowId, int version, string? stepId, CancellationToken cancellationToken) =>
        [.. await transaction.QueryAsync<Guid>(
            """
            SELECT l.id
              FROM automation_execution_logs l
              LEFT JOIN LATERAL (SELECT step_id FROM automation_execution_steps st WHERE st.execution_id = l.id ORDER BY st.sequence DESC LIMIT 1) s ON true
             WHERE l.workflow_id = @workflowId AND l.status IN ('pending', 'processing', 'waiting')
               AND coalesce(l.workflow_version, 0) = @version AND s.step_id IS NOT DISTINCT FROM @stepId
            """,
            new { workflowId, version, stepId },
            cancellationToken)];
}
