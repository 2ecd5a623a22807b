using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Telemetry;
using Microsoft.Extensions.Logging;

namespace Fixlify.Engine;

/// <param name="Pending">Steps the walker settled since the last activity, recorded before the end.</param>
/// <param name="Warnings">What a person should know about the run (a loop cut by its bound, a field cut for size).</param>
internal sealed record FinishExecutionInput(
    Guid ExecutionId, Guid OrganizationId, ExecutionStatus Status, string? Error, IReadOnlyList<StepRecord>? Pending = null, IReadOnlyList<string>? Warnings = null);

/// <summary>
/// Activity: ends the execution, once: its last steps, status, error, warnings, timing, and the original design's
/// actions_executed, filled from its step rows. A workflow's counters come from the hourly rollups, not from here.
/// </summary>
internal sealed class FinishExecution(TenantDatabase database, ExecutionUpdateNotifier updates, ILogger<FinishExecution> logger, OfficeAlertSignal? alerts = null)
{
    public async Task<bool> RunAsync(FinishExecutionInput input, CancellationToken cancellationToken)
    {
        bool finished;
        await using (var transaction = await database.BeginAsync(input.OrganizationId, cancellationToken))
        {
            if (input.Pending is { Count: > 0 } pending)
            {
                await ExecutionStepRepository.RecordAsync(transaction, input.ExecutionId, input.OrganizationId, pending, ExecutionStatus.Processing, cancellationToken);
            }

            finished = await EndAsync(transaction, input, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        if (finished)
        {
            updates.Changed(input.OrganizationId);
            if (input.Status == ExecutionStatus.Failed)
            {
                alerts?.Raise();
            }

            Ended(logger, input);
        }

        return finished;
    }

    /// <summary>
    /// Ends the execution in <paramref name="transaction"/> (not committed here), once: status, error, warnings, timing,
    /// actions_executed, and its version's office alert (ADR 0018). Also the last action's activity's, when nothing follows
    /// it (ADR 0023). False when it had already ended.
    /// </summary>
    public static async Task<bool> EndAsync(DatabaseTransaction transaction, FinishExecutionInput input, CancellationToken cancellationToken)
    {
        var warnings = input.Warnings is { Count: > 0 } given ? new JsonArray([.. given.Select(w => (JsonNode?)w)]) : null;
        var finished = await ExecutionLogRepository.FinishAsync(transaction, input.ExecutionId, input.OrganizationId, input.Status, input.Error, warnings, cancellationToken);
        if (finished)
        {
            // A failure opens (or counts into) its version's alert; a success tells the office it works again (ADR 0018).
            await OfficeAlerts.ExecutionEndedAsync(transaction, input.ExecutionId, input.OrganizationId, input.Status, cancellationToken);
        }

        return finished;
    }

    /// <summary>What is told once an ended execution is committed: the metric and the log line.</summary>
    public static void Ended(ILogger logger, FinishExecutionInput input)
    {
        var status = input.Status.Text();
        AutomationMetrics.ExecutionEnded(status);
        Log.ExecutionFinished(logger, input.ExecutionId, status, input.Error ?? "");
    }
}
