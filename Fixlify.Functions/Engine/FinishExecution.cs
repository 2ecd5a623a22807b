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

            var warnings = input.Warnings is { Count: > 0 } given ? new JsonArray([.. given.Select(w => (JsonNode?)w)]) : null;
            finished = await ExecutionLogRepository.FinishAsync(transaction, input.ExecutionId, input.OrganizationId, input.Status, input.Error, warnings, cancellationToken);
            if (finished)
            {
                // A failure opens (or counts into) its version's alert; a success tells the office it works again (ADR 0018).
                await OfficeAlerts.ExecutionEndedAsync(transaction, input.ExecutionId, input.OrganizationId, input.Status, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        if (finished)
        {
            updates.Changed(input.OrganizationId);
            if (input.Status == ExecutionStatus.Failed)
            {
                alerts?.Raise();
            }
            var status = input.Status.Text();
            AutomationMetrics.ExecutionEnded(status);
            Log.ExecutionFinished(logger, input.ExecutionId, status, input.Error ?? "");
        }

        return finished;
    }
}
