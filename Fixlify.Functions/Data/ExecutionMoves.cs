using System.Text.Json.Nodes;

namespace Fixlify.Data;

/// <summary>An execution moved to another version of its workflow (ADR 0021), inside an organization's transaction.</summary>
internal static class ExecutionMoves
{
    /// <summary>
    /// Adds <paramref name="words"/> to the execution's warnings (what it shows), and sets its version to
    /// <paramref name="version"/> when given (null: not moved); nothing when it has ended. Adds an update for the live stream.
    /// </summary>
    public static Task MoveAsync(DatabaseTransaction transaction, Guid executionId, int? version, string words, CancellationToken cancellationToken) =>
        transaction.ExecuteAsync(
            """
            WITH moved AS (
                UPDATE automation_execution_logs
                   SET workflow_version = coalesce(@version, workflow_version),
                       warnings = coalesce(warnings, '[]'::jsonb) || @words::jsonb
                 WHERE id = @executionId AND NOT (status = ANY(@final))
                RETURNING organization_id, id, workflow_id, status)
            INSERT INTO automation_execution_updates (organization_id, execution_id, workflow_id, status)
            SELECT organization_id, id, workflow_id, status FROM moved
            """,
            new { executionId, version, words = new JsonArray(words).ToJsonString(), final = ExecutionStatuses.FinalText },
            cancellationToken);
}
