using Fixlify.Data;
using Microsoft.Extensions.Logging;

namespace Fixlify.Engine;

public sealed record FinishExecutionInput(Guid ExecutionId, Guid OrganizationId, string Status, string? Error);

/// <summary>Activity: ends the execution (status, timing) and counts it on its workflow, once.</summary>
public sealed class FinishExecution(TenantDatabase database, ILogger<FinishExecution> logger)
{
    public async Task<bool> RunAsync(FinishExecutionInput input, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(input.OrganizationId, cancellationToken);
        var finished = await ExecutionLogRepository.FinishAsync(transaction, input.ExecutionId, input.Status, input.Error, cancellationToken);
        if (finished)
        {
            await ExecutionLogRepository.NotifyAsync(transaction, input.OrganizationId, input.ExecutionId, input.Status, null, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (finished)
        {
            Log.ExecutionFinished(logger, input.ExecutionId, input.Status, input.Error ?? "");
        }

        return finished;
    }
}
