namespace Fixlify.Data;

/// <summary>
/// automation_provider_circuits and automation_held_steps (migration 0046): per organization and provider, how the
/// provider has been answering (a circuit, <c>closed</c> or <c>open</c>), and the steps held while it was not.
/// </summary>
internal static class ProviderCircuits
{
    public const string Closed = "closed";
    public const string Open = "open";

    /// <summary>A circuit as stored: its state, the failures in a row, the last cause, since when it fails, its next probe.</summary>
    internal sealed record Circuit(string State, int Failures, string? Cause, DateTime? FailingSince, DateTime? ProbeAt)
    {
        public bool IsOpen => State == Open;
    }

    /// <summary>One more failure in a row (the row is written on the first); the circuit as it is after it, locked.</summary>
    public static Task<Circuit> FailedAsync(DatabaseTransaction transaction, Guid organizationId, string provider, string cause, DateTime now, CancellationToken cancellationToken) =>
        transaction.QuerySingleAsync<Circuit>(
            """
            INSERT INTO automation_provider_circuits (organization_id, provider, state, failures, cause, failing_since, updated_at)
            VALUES (@organizationId, @provider, 'closed', 1, @cause, @now, @now)
            ON CONFLICT (organization_id, provider) DO UPDATE
               SET failures = automation_provider_circuits.failures + 1, cause = EXCLUDED.cause,
                   failing_since = COALESCE(automation_provider_circuits.failing_since, EXCLUDED.failing_since), updated_at = EXCLUDED.updated_at
            RETURNING state, failures, cause, failing_since, probe_at
            """,
            new { organizationId, provider, cause, now },
            cancellationToken);

    /// <summary>Opens the circuit (first probe at <paramref name="probeAt"/>); false when it was open already.</summary>
    public static async Task<bool> OpenAsync(DatabaseTransaction transaction, Guid organizationId, string provider, DateTime now, DateTime probeAt, CancellationToken cancellationToken) =>
        await transaction.ExecuteAsync(
            """
            UPDATE automation_provider_circuits SET state = 'open', opened_at = @now, probe_at = @probeAt, updated_at = @now
             WHERE organization_id = @organizationId AND provider = @provider AND state = 'closed'
            """,
            new { organizationId, provider, now, probeAt },
            cancellationToken) == 1;

    /// <summary>
    /// The provider answered: failures reset and the circuit closed. Returns the circuit as it was when it was open (a
    /// transition), else null; writes nothing when it had no failures.
    /// </summary>
    public static Task<Circuit?> AnsweredAsync(DatabaseTransaction transaction, Guid organizationId, string provider, DateTime now, CancellationToken cancellationToken) =>
        transaction.QuerySingleOrDefaultAsync<Circuit>(
            """
            WITH before AS (
                SELECT state, failures, cause, failing_since, probe_at FROM automation_provider_circuits
                 WHERE organization_id = @organizationId AND provider = @provider AND (state = 'open' OR failures > 0)
                   FOR UPDATE),
            changed AS (
                UPDATE automation_provider_circuits c SET state = 'closed', failures = 0, failing_since = NULL, probe_at = NULL, updated_at = @now
                  FROM before
                 WHERE c.organization_id = @organizationId AND c.provider = @provider)
            SELECT state, failures, cause, failing_since, probe_at FROM before WHERE state = 'open'
            """,
            new { organizationId, provider, now },
            cancellationToken);

    public static Task<Circuit?> FindAsync(DatabaseTransaction transaction, Guid organizationId, string provider, CancellationToken cancellationToken) =>
        transaction.QuerySingleOrDefaultAsync<Circuit>(
            "SELECT state, failures, cause, failing_since, probe_at FROM automation_provider_circuits WHERE organization_id = @organizationId AND provider = @provider",
            new { organizationId, provider },
            cancellationToken);

    /// <summary>Takes the probe when it is due: the next one is at <paramref name="next"/>. False when another took it.</summary>
    public static async Task<bool> ClaimProbeAsync(DatabaseTransaction transaction, Guid organizationId, string provider, DateTime now, DateTime next, CancellationToken cancellationToken) =>
        await transaction.ExecuteAsync(
            """
            UPDATE automation_provider_circuits SET probe_at = @next
             WHERE organization_id = @organizationId AND provider = @provider AND state = 'open' AND (probe_at IS NULL OR probe_at <= @now)
            """,
            new { organizationId, provider, now, next },
            cancellationToken) == 1;

    /// <summary>Holds a step (kept as first held when it was held already); returns when it was first held.</summary>
    public static Task<DateTime> HoldAsync(
        DatabaseTransaction transaction, Guid organizationId, Guid executionId, string stepKey, string provider, DateTime now, CancellationToken cancellationToken) =>
        transaction.QuerySingleAsync<DateTime>(
            """
            WITH held AS (
                INSERT INTO automation_held_steps (execution_id, step_key, organization_id, provider, held_at)
                VALUES (@executionId, @stepKey, @organizationId, @provider, @now)
                ON CONFLICT (execution_id, step_key) DO NOTHING
                RETURNING held_at)
            SELECT held_at FROM held
            UNION ALL
            SELECT held_at FROM automation_held_steps WHERE execution_id = @executionId AND step_key = @stepKey
            LIMIT 1
            """,
            new { organizationId, executionId, stepKey, provider, now },
            cancellationToken);

    /// <summary>When the step was held; null when it is not (released, or never held).</summary>
    public static Task<DateTime?> HeldAtAsync(DatabaseTransaction transaction, Guid executionId, string stepKey, CancellationToken cancellationToken) =>
        transaction.QuerySingleOrDefaultAsync<DateTime?>(
            "SELECT held_at FROM automation_held_steps WHERE execution_id = @executionId AND step_key = @stepKey",
            new { executionId, stepKey },
            cancellationToken);

    /// <summary>How many steps held for the provider were held before this one (the release goes oldest first).</summary>
    public static Task<int> AheadAsync(
        DatabaseTransaction transaction, Guid organizationId, string provider, DateTime heldAt, Guid executionId, CancellationToken cancellationToken) =>
        transaction.QuerySingleAsync<int>(
            """
            SELECT count(*)::int FROM automation_held_steps h JOIN automation_execution_logs l ON l.id = h.execution_id
             WHERE h.organization_id = @organizationId AND h.provider = @provider AND (h.held_at, h.execution_id) < (@heldAt, @executionId)
               AND l.status IN ('processing', 'waiting')
            """,
            new { organizationId, provider, heldAt, executionId },
            cancellationToken);

    /// <summary>How many steps are held for the provider now (of executions still running).</summary>
    public static Task<int> HeldCountAsync(DatabaseTransaction transaction, Guid organizationId, string provider, CancellationToken cancellationToken) =>
        transaction.QuerySingleAsync<int>(
            """
            SELECT count(*)::int FROM automation_held_steps h JOIN automation_execution_logs l ON l.id = h.execution_id
             WHERE h.organization_id = @organizationId AND h.provider = @provider AND l.status IN ('processing', 'waiting')
            """,
            new { organizationId, provider },
            cancellationToken);

    /// <summary>The step is no longer held (it goes, or it gave up).</summary>
    public static Task<int> ReleaseAsync(DatabaseTransaction transaction, Guid executionId, string stepKey, CancellationToken cancellationToken) =>
        transaction.ExecuteAsync(
            "DELETE FROM automation_held_steps WHERE execution_id = @executionId AND step_key = @stepKey",
            new { executionId, stepKey },
            cancellationToken);
}
