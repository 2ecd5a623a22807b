using System.Text;
using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Workflows;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fixlify.Engine;

internal sealed record StartExecutionInput(Guid ExecutionId, Guid OrganizationId);

/// <summary>
/// What an execution runs: its plan and its starting state (only what the plan reads of its records), the chain depth
/// of the event that started it and the warnings so far; or, when it must not run, why not.
/// </summary>
/// <param name="MovedWaitGrace">The <c>Engine:MovedWaitGrace</c> setting, fixed for the execution when it starts (replays read it here).</param>
internal sealed record ExecutionStart(
    bool Proceed, string? Reason, WorkflowPlan? Plan, JsonObject? State, int ChainDepth, IReadOnlyList<string> Warnings, TimeSpan? MovedWaitGrace = null)
{
    public static ExecutionStart Stop(string reason) => new(false, reason, null, null, 0, []);
}

/// <summary>
/// Activity: marks the execution processing and builds its context (<see cref="ExecutionContextBuilder"/>: the trigger,
/// the workflow, the organization and the business records the trigger concerns, freshly loaded), keeping only what the
/// plan reads. An execution that cannot start (its plan is gone or no longer valid, its state too large to carry) is
/// failed here at once, saying why.
/// </summary>
internal sealed class StartExecution(
    TenantDatabase database, WorkflowPlans plans, ExecutionUpdateNotifier updates, ILogger<StartExecution> logger, IOptions<MovedWaitOptions>? moved = null)
{
    /// <summary>The most an execution's state may weigh when it starts (bytes of JSON); more fails the execution, naming both sizes.</summary>
    public const int MaxStateBytes = 1024 * 1024;

    public async Task<ExecutionStart> RunAsync(StartExecutionInput input, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(input.OrganizationId, cancellationToken);
        if (await ExecutionLogRepository.StartAsync(transaction, input.ExecutionId, input.OrganizationId, cancellationToken) is not var (execution, workflowName))
        {
            var ended = await ExecutionLogRepository.GetAsync(transaction, input.ExecutionId, cancellationToken);
            if (ended is null)
            {
                Log.ExecutionMissing(logger, input.ExecutionId);
                return ExecutionStart.Stop("The execution does not exist.");
            }

            return ExecutionStart.Stop($"The execution already ended ({ended.Status.Text()}).");
        }

        var (plan, problem) = await PlanAsync(transaction, execution, cancellationToken);
        if (plan is null)
        {
            return await FailAsync(transaction, execution, problem!, cancellationToken);
        }

        var built = await ExecutionContextBuilder.BuildAsync(
            transaction,
            new ExecutionContextSource(
                execution.Id, execution.OrganizationId, execution.WorkflowId, workflowName, execution.WorkflowVersion, execution.TriggerType, execution.TriggerData),
            cancellationToken);
        var state = ContextProjection.Project(built.Values, [.. plan.Reads, .. ContextProjection.Always]);
        state["steps"] = new JsonObject();
        var bytes = Encoding.UTF8.GetByteCount(state.ToJsonString());
        if (bytes > MaxStateBytes)
        {
            return await FailAsync(
                transaction, execution,
                $"What the workflow reads of its records is {bytes:N0} bytes; an execution can carry at most {MaxStateBytes:N0}. Read fewer fields (or fewer items of a list).",
                cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        updates.Changed(input.OrganizationId);
        Log.ExecutionStarted(logger, execution.Id, execution.WorkflowId, execution.TriggerType);
        var warnings = (execution.Warnings?.Select(w => w?.ToString()).OfType<string>() ?? []).Concat(built.Warnings).Distinct(StringComparer.Ordinal).ToList();
        return new ExecutionStart(true, null, plan, state, execution.ChainDepth, warnings, moved?.Value.MovedWaitGrace);
    }

    /// <summary>The plan of the execution's workflow version, or why there is none to run.</summary>
    async Task<(WorkflowPlan? Plan, string? Problem)> PlanAsync(DatabaseTransaction transaction, ExecutionRecord execution, CancellationToken cancellationToken)
    {
        try
        {
            if (execution.WorkflowId is { } workflowId && execution.WorkflowVersion is { } version
                && await plans.ForVersionAsync(transaction, workflowId, version, cancellationToken) is { } stored)
            {
                return (stored, null);
            }

            // Logged before plans were stored with their versions: the workflow as it is, if it is still at that version.
            if (execution.WorkflowId is { } id && await WorkflowRepository.GetAsync(transaction, id, cancellationToken) is { } workflow
                && workflow.Version == execution.WorkflowVersion)
            {
                return (await plans.ForAsync(transaction, workflow, cancellationToken), null);
            }

            return (null, $"The plan of version {execution.WorkflowVersion} of its workflow cannot be found (it was saved before plans were stored with their versions, and the workflow has changed since): retry the execution to run the current version.");
        }
        catch (InvalidWorkflowException e)
        {
            return (null, $"Its workflow cannot run as saved: {e.Message}");
        }
    }

    async Task<ExecutionStart> FailAsync(DatabaseTransaction transaction, ExecutionRecord execution, string reason, CancellationToken cancellationToken)
    {
        await ExecutionLogRepository.FinishAsync(transaction, execution.Id, execution.OrganizationId, ExecutionStatus.Failed, reason, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        updates.Changed(execution.OrganizationId);
        var status = ExecutionStatus.Failed.Text();
        Log.ExecutionFinished(logger, execution.Id, status, reason);
        return ExecutionStart.Stop(reason);
    }
}
