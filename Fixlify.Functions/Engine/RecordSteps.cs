using Fixlify.Data;

namespace Fixlify.Engine;

internal sealed record RecordStepsInput(Guid ExecutionId, Guid OrganizationId, IReadOnlyList<StepRecord> Steps, ExecutionStatus ExecutionStatus);

/// <summary>
/// Activity: records steps the walker settled and the execution's status, in one statement. Called only before the
/// execution waits (a delay): otherwise what the walker settles is recorded with the next action or the end.
/// </summary>
internal sealed class RecordSteps(TenantDatabase database, ExecutionUpdateNotifier updates)
{
    public async Task<bool> RunAsync(RecordStepsInput input, CancellationToken cancellationToken)
    {
        bool recorded;
        await using (var transaction = await database.BeginAsync(input.OrganizationId, cancellationToken))
        {
            recorded = await ExecutionStepRepository.RecordAsync(transaction, input.ExecutionId, input.OrganizationId, input.Steps, input.ExecutionStatus, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        updates.Changed(input.OrganizationId);
        return recorded;
    }
}
