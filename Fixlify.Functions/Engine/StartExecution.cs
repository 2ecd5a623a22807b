using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Workflows;
using Microsoft.Extensions.Logging;

namespace Fixlify.Engine;

public sealed record StartExecutionInput(Guid ExecutionId, Guid OrganizationId);

/// <summary>What an execution runs: its plan snapshot and context, or why it must not run (it already ended).</summary>
public sealed record ExecutionStart(bool Proceed, WorkflowPlan? Plan, JsonObject? Context, int ChainDepth, string? Reason);

/// <summary>
/// Activity: marks the execution processing and builds its context (<see cref="ExecutionContextBuilder"/>): the trigger,
/// the workflow, the organization and the business records the trigger concerns, freshly loaded.
/// </summary>
public sealed class StartExecution(TenantDatabase database, ILogger<StartExecution> logger)
{
    public async Task<ExecutionStart> RunAsync(StartExecutionInput input, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(input.OrganizationId, cancellationToken);
        var execution = await ExecutionLogRepository.GetAsync(transaction, input.ExecutionId, cancellationToken, forUpdate: true);
        if (execution is null || execution.Definition is null)
        {
            Log.ExecutionMissing(logger, input.ExecutionId);
            return new ExecutionStart(false, null, null, 0, "The execution does not exist.");
        }

        if (execution.IsFinished)
        {
            return new ExecutionStart(false, null, null, 0, $"The execution already ended ({execution.Status}).");
        }

        await ExecutionLogRepository.MarkProcessingAsync(transaction, execution.Id, cancellationToken);
        await ExecutionLogRepository.NotifyAsync(transaction, input.OrganizationId, execution.Id, "processing", null, cancellationToken);
        var plan = WorkflowPlanJson.FromJson(execution.Definition);
        var workflowName = execution.WorkflowId is { } workflowId ? await WorkflowRepository.NameAsync(transaction, workflowId, cancellationToken) : null;
        var context = await ExecutionContextBuilder.BuildAsync(
            transaction,
            new ExecutionContextSource(
                execution.Id, execution.OrganizationId, execution.WorkflowId, workflowName, execution.WorkflowVersion, execution.TriggerType, execution.TriggerData),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Log.ExecutionStarted(logger, execution.Id, execution.WorkflowId, execution.TriggerType);
        return new ExecutionStart(true, plan, context, execution.ChainDepth, null);
    }
}
