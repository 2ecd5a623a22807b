using System.Text.Json.Nodes;
using Fixlify.Data;

namespace Fixlify.Engine;

/// <summary>One entry of an execution's log: a step as it ran.</summary>
public sealed record StepEntry(
    string StepKey, string StepId, string Type, string? Label, string Status, DateTime StartedAt, DateTime? FinishedAt, int Attempts,
    JsonNode? Output, string? Error)
{
    public JsonObject ToJson() => new()
    {
        ["stepKey"] = StepKey,
        ["stepId"] = StepId,
        ["type"] = Type,
        ["label"] = Label,
        ["status"] = Status,
        ["startedAt"] = StartedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["finishedAt"] = FinishedAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["attempts"] = Attempts,
        ["output"] = Output?.DeepClone(),
        ["error"] = Error,
    };
}

public sealed record RecordStepInput(Guid ExecutionId, Guid OrganizationId, StepEntry Step, string ExecutionStatus);

/// <summary>Activity: writes a step's entry into actions_executed, sets the execution's status and tells listeners.</summary>
public sealed class RecordStep(TenantDatabase database)
{
    public async Task<bool> RunAsync(RecordStepInput input, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(input.OrganizationId, cancellationToken);
        var recorded = await ExecutionLogRepository.RecordStepAsync(transaction, input.ExecutionId, input.Step.ToJson(), input.ExecutionStatus, cancellationToken);
        if (recorded)
        {
            await ExecutionLogRepository.NotifyAsync(transaction, input.OrganizationId, input.ExecutionId, input.ExecutionStatus, input.Step.StepKey, cancellationToken, input.Step.Status);
        }

        await transaction.CommitAsync(cancellationToken);
        return recorded;
    }
}
