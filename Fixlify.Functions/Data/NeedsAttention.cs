using System.Text.Json.Nodes;
using static Fixlify.Data.DapperConventions;

namespace Fixlify.Data;

/// <summary>
/// What the office should look at now (one organization, under its row-level security): automations failing (their
/// open alerts, grouped by workflow), providers not answering, and sends in doubt waiting for a decision.
/// </summary>
internal static class NeedsAttention
{
    internal sealed record Failing(
        Guid WorkflowId, string WorkflowName, int Failures, DateTimeOffset FirstAt, DateTimeOffset LastAt, string? Error, Guid? ExecutionId, DateTimeOffset? MutedUntil);

    internal sealed record Outage(Guid Id, string Provider, string? Words, int? Waiting, DateTimeOffset Since);

    internal sealed record InDoubt(
        Guid Id, string Channel, Guid ExecutionId, Guid? WorkflowId, string? WorkflowName, DateTimeOffset ClaimedAt, JsonObject? Message);

    public static async Task<IReadOnlyList<Failing>> FailingAsync(DatabaseTransaction transaction, CancellationToken cancellationToken) =>
        [.. (await transaction.QueryAsync<FailingRow>(
            """
            SELECT a.workflow_id, w.name AS workflow_name, sum(1 + a.later_count)::int AS failures, min(a.first_at) AS first_at, max(a.last_at) AS last_at,
                   (array_agg(a.error ORDER BY a.last_at DESC))[1] AS error, (array_agg(a.execution_id ORDER BY a.last_at DESC))[1] AS execution_id,
                   (SELECT m.until FROM automation_alert_mutes m WHERE m.workflow_id = a.workflow_id AND m.until > now()) AS muted_until
              FROM automation_alerts a JOIN automation_workflows w ON w.id = a.workflow_id
             WHERE a.kind = 'failure' AND a.dismissed_at IS NULL AND (a.recovered_at IS NULL OR a.last_at > a.recovered_at)
             GROUP BY a.workflow_id, w.name
             ORDER BY max(a.last_at) DESC
            """,
            null,
            cancellationToken)).Select(r => r.ToFailing())];

    public static async Task<IReadOnlyList<Outage>> OutagesAsync(DatabaseTransaction transaction, CancellationToken cancellationToken) =>
        [.. (await transaction.QueryAsync<(Guid Id, string Provider, string? Words, int? Waiting, DateTime Since)>(
            "SELECT id, subject_key, words, waiting, first_at FROM automation_alerts WHERE kind = 'outage' AND recovered_at IS NULL ORDER BY first_at",
            null,
            cancellationToken)).Select(r => new Outage(r.Id, r.Provider, r.Words, r.Waiting, Utc(r.Since)))];

    public static async Task<IReadOnlyList<InDoubt>> InDoubtAsync(DatabaseTransaction transaction, CancellationToken cancellationToken) =>
        [.. (await transaction.QueryAsync<InDoubtRow>(
            """
            SELECT d.id, d.channel, d.execution_id, l.workflow_id, w.name AS workflow_name, d.updated_at AS claimed_at, d.message::text AS message
              FROM automation_deliveries d
              LEFT JOIN automation_execution_logs l ON l.id = d.execution_id
              LEFT JOIN automation_workflows w ON w.id = l.workflow_id
             WHERE d.in_doubt_at IS NOT NULL AND d.decision IS NULL AND d.status = 'sending'
             ORDER BY d.in_doubt_at
             LIMIT 200
            """,
            null,
            cancellationToken)).Select(r => r.ToInDoubt())];

    /// <summary>
    /// Takes the office's decision on a send in doubt, once: the delivery (with what it was) when it was still undecided,
    /// else null. Its alert is closed with it.
    /// </summary>
    public static async Task<(Guid ExecutionId, string StepKey, string Channel, JsonObject? Message)?> DecideAsync(
        DatabaseTransaction transaction, Guid deliveryId, string decision, CancellationToken cancellationToken)
    {
        var row = await transaction.QuerySingleOrDefaultAsync<(Guid ExecutionId, string StepKey, string Channel, string? Message)?>(
            """
            UPDATE automation_deliveries SET decision = @decision, decided_at = now()
             WHERE id = @deliveryId AND in_doubt_at IS NOT NULL AND decision IS NULL AND status = 'sending'
            RETURNING execution_id, step_key, channel, message::text
            """,
            new { deliveryId, decision },
            cancellationToken);
        if (row is not { } decided)
        {
            return null;
        }

        await transaction.ExecuteAsync(
            "UPDATE automation_alerts SET dismissed_at = now() WHERE kind = 'in_doubt' AND subject_key = @key",
            new { key = deliveryId.ToString() },
            cancellationToken);
        return (decided.ExecutionId, decided.StepKey, decided.Channel, decided.Message is null ? null : JsonNode.Parse(decided.Message) as JsonObject);
    }

    /// <summary>A resend that could not go: the decision is taken back, so the send stays in doubt for the office.</summary>
    public static Task UndecideAsync(DatabaseTransaction transaction, Guid deliveryId, CancellationToken cancellationToken) =>
        transaction.ExecuteAsync(
            """
            WITH d AS (UPDATE automation_deliveries SET decision = NULL, decided_at = NULL WHERE id = @deliveryId RETURNING id)
            UPDATE automation_alerts SET dismissed_at = NULL WHERE kind = 'in_doubt' AND subject_key = @key
            """,
            new { deliveryId, key = deliveryId.ToString() },
            cancellationToken);

    /// <summary>The office has seen a workflow's failures: its open alerts leave the list (new failures open a new one after the period).</summary>
    public static async Task<bool> DismissFailuresAsync(DatabaseTransaction transaction, Guid workflowId, CancellationToken cancellationToken) =>
        await transaction.ExecuteAsync(
            "UPDATE automation_alerts SET dismissed_at = now() WHERE kind = 'failure' AND workflow_id = @workflowId AND dismissed_at IS NULL",
            new { workflowId },
            cancellationToken) > 0;

    sealed record FailingRow(Guid WorkflowId, string WorkflowName, int Failures, DateTime FirstAt, DateTime LastAt, string? Error, Guid? ExecutionId, DateTime? MutedUntil)
    {
        public Failing ToFailing() => new(WorkflowId, WorkflowName, Failures, Utc(FirstAt), Utc(LastAt), Error, ExecutionId, Utc(MutedUntil));
    }

    sealed record InDoubtRow(Guid Id, string Channel, Guid ExecutionId, Guid? WorkflowId, string? WorkflowName, DateTime ClaimedAt, string? Message)
    {
        public InDoubt ToInDoubt() => new(Id, Channel, ExecutionId, WorkflowId, WorkflowName, Utc(ClaimedAt), Message is null ? null : JsonNode.Parse(Message) as JsonObject);
    }
}
