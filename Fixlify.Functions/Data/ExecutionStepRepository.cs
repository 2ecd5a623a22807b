using System.Text;
using System.Text.Json.Nodes;

namespace Fixlify.Data;

/// <summary>
/// automation_execution_steps, inside an organization's transaction: recording steps is one statement (upsert by step
/// key, the execution's status, and a numbered update for the live stream per step), however long the execution is.
/// </summary>
internal static class ExecutionStepRepository
{
    /// <summary>The most of a step's output a row keeps; a larger output is replaced by a note naming its size and this cap.</summary>
    public const int MaxOutputBytes = 64 * 1024;

    /// <summary>
    /// Upserts <paramref name="steps"/> and sets the execution's status, unless the execution already ended (then nothing
    /// is written). Each step and each status change adds an update for the live stream. False when the execution ended.
    /// </summary>
    public static async Task<bool> RecordAsync(
        DatabaseTransaction transaction, Guid executionId, Guid organizationId, IReadOnlyList<StepRecord> steps, ExecutionStatus status,
        CancellationToken cancellationToken)
    {
        var rows = new JsonArray([.. steps.Select(s => (JsonNode)Row(s))]);
        var recorded = await transaction.ExecuteScalarAsync<bool?>(
            """
            WITH execution AS (
                SELECT id, workflow_id, status AS old_status FROM automation_execution_logs
                 WHERE id = @executionId AND NOT (status = ANY(@final)) FOR UPDATE),
            given AS (
                SELECT * FROM jsonb_to_recordset(@rows::jsonb) AS r(
                    step_key text, step_id text, type text, label text, sequence int, status text, started_at timestamptz,
                    finished_at timestamptz, attempts int, output jsonb, error text, warning text)),
            steps AS (
                INSERT INTO automation_execution_steps (execution_id, step_key, organization_id, workflow_id, sequence, step_id, type, label, status,
                                                        attempts, started_at, finished_at, output, error, warning)
                SELECT e.id, g.step_key, @organizationId, e.workflow_id, g.sequence, g.step_id, g.type, g.label, g.status,
                       g.attempts, g.started_at, g.finished_at, g.output, g.error, g.warning
                  FROM given g CROSS JOIN execution e
                ON CONFLICT (execution_id, step_key) DO UPDATE
                   SET status = EXCLUDED.status, attempts = EXCLUDED.attempts, finished_at = EXCLUDED.finished_at, output = EXCLUDED.output,
                       error = EXCLUDED.error, warning = EXCLUDED.warning, label = EXCLUDED.label, updated_at = now()
                RETURNING step_key, status, sequence),
            moved AS (
                UPDATE automation_execution_logs l SET status = @status
                  FROM execution e WHERE l.id = e.id AND l.status <> @status
                RETURNING l.id),
            updates AS (
                INSERT INTO automation_execution_updates (organization_id, execution_id, workflow_id, status, step_key, step_status)
                SELECT @organizationId, e.id, e.workflow_id, @status, s.step_key, s.status
                  FROM execution e CROSS JOIN (SELECT step_key, status, sequence FROM steps ORDER BY sequence) s
                UNION ALL
                SELECT @organizationId, e.id, e.workflow_id, @status, NULL, NULL
                  FROM execution e WHERE EXISTS (SELECT 1 FROM moved) AND NOT EXISTS (SELECT 1 FROM steps))
            SELECT EXISTS (SELECT 1 FROM execution)
            """,
            new { executionId, organizationId, rows = rows.ToJsonString(), status = status.Text(), final = ExecutionStatuses.FinalText },
            cancellationToken);
        return recorded == true;
    }

    /// <summary>The steps of the given executions, each execution's in the order they started.</summary>
    public static async Task<ILookup<Guid, StepRecord>> ListAsync(DatabaseTransaction transaction, IReadOnlyCollection<Guid> executionIds, CancellationToken cancellationToken)
    {
        var rows = await transaction.QueryAsync<Stored>(
            """
            SELECT execution_id, step_key, step_id, type, label, sequence, status, started_at, finished_at, attempts, output::text AS output, error, warning
              FROM automation_execution_steps WHERE execution_id = ANY(@ids) ORDER BY execution_id, sequence, step_key
            """,
            new { ids = executionIds.ToArray() },
            cancellationToken);
        return rows.ToLookup(r => r.ExecutionId, r => r.ToRecord());
    }

    /// <summary>The step's output as a row keeps it: whole when it fits <see cref="MaxOutputBytes"/>, else a note and the reason.</summary>
    public static (JsonNode? Output, string? Warning) Bound(JsonNode? output)
    {
        if (output is null)
        {
            return (null, null);
        }

        var bytes = Encoding.UTF8.GetByteCount(output.ToJsonString());
        if (bytes <= MaxOutputBytes)
        {
            return (output, null);
        }

        var warning = $"The output is {bytes:N0} bytes, more than the {MaxOutputBytes:N0} bytes a step's log keeps; later steps still read what they use of it.";
        return (new JsonObject { ["truncated"] = true, ["bytes"] = bytes, ["cap"] = MaxOutputBytes }, warning);
    }

    static JsonObject Row(StepRecord step)
    {
        var (output, warning) = Bound(step.Output);
        return new JsonObject
        {
            ["step_key"] = step.StepKey,
            ["step_id"] = step.StepId,
            ["type"] = step.Type,
            ["label"] = step.Label,
            ["sequence"] = step.Sequence,
            ["status"] = step.Status.Text(),
            ["started_at"] = DateTime.SpecifyKind(step.StartedAt, DateTimeKind.Utc),
            ["finished_at"] = step.FinishedAt is { } finished ? DateTime.SpecifyKind(finished, DateTimeKind.Utc) : null,
            ["attempts"] = step.Attempts,
            ["output"] = output?.DeepClone(),
            ["error"] = step.Error,
            ["warning"] = step.Warning ?? warning,
        };
    }

    sealed record Stored(
        Guid ExecutionId, string StepKey, string StepId, string Type, string? Label, int Sequence, string Status, DateTime StartedAt,
        DateTime? FinishedAt, int Attempts, string? Output, string? Error, string? Warning)
    {
        public StepRecord ToRecord() => new(
            StepKey, StepId, Type, Label, Sequence, StepStatuses.Parse(Status), DateTime.SpecifyKind(StartedAt, DateTimeKind.Utc),
            FinishedAt is { } f ? DateTime.SpecifyKind(f, DateTimeKind.Utc) : null, Attempts, Output is null ? null : JsonNode.Parse(Output), Error, Warning);
    }
}
