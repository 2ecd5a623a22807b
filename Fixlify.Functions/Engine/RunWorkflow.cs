using System.Globalization;
using System.Text.Json.Nodes;
using Fixlify.Actions;
using Fixlify.Workflows;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Fixlify.Engine;

public sealed record RunWorkflowInput(Guid ExecutionId, Guid OrganizationId);

public sealed record ExecutionSummary(Guid ExecutionId, string Status, string? Error);

/// <summary>
/// The orchestration that runs one execution: walks the plan snapshot, evaluating conditions itself, waiting on
/// durable timers, looping, and calling an activity per action with the step's retry settings. Deterministic:
/// time comes from the context, everything else from activity results. Every step lands in the execution log.
/// </summary>
public sealed class RunWorkflow : TaskOrchestrator<RunWorkflowInput, ExecutionSummary>
{
    /// <summary>Retries for the engine's own bookkeeping activities (a database blip must not fail an execution).</summary>
    static readonly TaskOptions Bookkeeping = TaskOptions.FromRetryPolicy(new RetryPolicy(6, TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(30)));

    public override async Task<ExecutionSummary> RunAsync(TaskOrchestrationContext context, RunWorkflowInput input)
    {
        var logger = context.CreateReplaySafeLogger(nameof(RunWorkflow));
        var start = await context.CallActivityAsync<ExecutionStart>(WorkflowTasks.StartExecution, new StartExecutionInput(input.ExecutionId, input.OrganizationId), Bookkeeping);
        if (!start.Proceed)
        {
            Log.Progress(logger, input.ExecutionId, start.Reason ?? "not started");
            return new ExecutionSummary(input.ExecutionId, "skipped", start.Reason);
        }

        var run = new Run(context, input, start.Plan!, start.Context!, start.ChainDepth);
        string status = "completed";
        string? error = null;
        try
        {
            await run.PathAsync(start.Plan!.Start, stopAt: null, keyPrefix: "");
        }
        catch (StepFailedException e)
        {
            status = "failed";
            error = e.Message;
        }

        await context.CallActivityAsync<bool>(WorkflowTasks.FinishExecution, new FinishExecutionInput(input.ExecutionId, input.OrganizationId, status, error), Bookkeeping);
        return new ExecutionSummary(input.ExecutionId, status, error);
    }

    /// <summary>How many times one step may be put off (quiet hours, rate limits) before it fails.</summary>
    public const int MaxDeferrals = 20;

    sealed class StepFailedException(string message) : Exception(message);

    sealed class Run(TaskOrchestrationContext context, RunWorkflowInput input, WorkflowPlan plan, JsonObject state, int chainDepth)
    {
        JsonObject Steps => (JsonObject)(state["steps"] ??= new JsonObject());

        /// <summary>Runs steps from <paramref name="stepId"/> until a path ends or comes back to <paramref name="stopAt"/> (a loop).</summary>
        public async Task PathAsync(string? stepId, string? stopAt, string keyPrefix)
        {
            while (stepId is not null && stepId != stopAt)
            {
                var step = plan[stepId];
                var key = keyPrefix + step.Id;
                stepId = step.Kind switch
                {
                    StepKind.Action => await ActionAsync(step, key),
                    StepKind.Condition => await ConditionAsync(step, key),
                    StepKind.Delay => await DelayAsync(step, key),
                    _ => await LoopAsync(step, key),
                };
            }
        }

        async Task<string?> ConditionAsync(PlanStep step, string key)
        {
            var now = context.CurrentUtcDateTime;
            var result = ConditionEvaluator.Evaluate(step.Condition!.When, state);
            var next = result ? step.Condition.WhenTrue : step.Condition.WhenFalse;
            var output = StepEvaluation.ConditionOutput(result);
            Steps[step.Id] = output.DeepClone();
            await RecordAsync(new StepEntry(key, step.Id, "condition", step.Label, "completed", now, now, 1, output, null), "processing");
            return next;
        }

        async Task<string?> DelayAsync(PlanStep step, string key)
        {
            var started = context.CurrentUtcDateTime;
            if (StepEvaluation.DelayUntil(step.Delay!, state, started) is not { } fireAt)
            {
                return await FailAsync(step, key, "delay", started, 1, StepEvaluation.NoDate(step), continueOnError: false);
            }

            var output = new JsonObject { ["until"] = fireAt.ToString("O", CultureInfo.InvariantCulture) };
            if (fireAt > started)
            {
                await RecordAsync(new StepEntry(key, step.Id, "delay", step.Label, "waiting", started, null, 1, output, null), "waiting");
                await context.CreateTimer(fireAt, CancellationToken.None);
            }

            await RecordAsync(new StepEntry(key, step.Id, "delay", step.Label, "completed", started, context.CurrentUtcDateTime, 1, output, null), "processing");
            return step.Next;
        }

        async Task<string?> LoopAsync(PlanStep step, string key)
        {
            var started = context.CurrentUtcDateTime;
            var loop = step.Loop!;
            if (StepEvaluation.Items(loop, state) is not { } items)
            {
                return await FailAsync(step, key, "loop", started, 1, StepEvaluation.NotAList(step), continueOnError: false);
            }

            var outer = state[loop.As]?.DeepClone();
            var outerLoop = state["loop"]?.DeepClone();
            for (var i = 0; i < items.Count; i++)
            {
                state[loop.As] = items.Items[i]?.DeepClone();
                state["loop"] = StepEvaluation.LoopVariable(i, items.Count);
                await PathAsync(loop.Body, stopAt: step.Id, keyPrefix: StepEvaluation.IterationPrefix(key, i));
            }

            state[loop.As] = outer;
            state["loop"] = outerLoop;
            var output = StepEvaluation.LoopOutput(items);
            Steps[step.Id] = output.DeepClone();
            await RecordAsync(new StepEntry(key, step.Id, "loop", step.Label, "completed", started, context.CurrentUtcDateTime, 1, output, null), "processing");
            return step.Next;
        }

        async Task<string?> ActionAsync(PlanStep step, string key)
        {
            var action = step.Action!;
            var started = context.CurrentUtcDateTime;
            var retry = action.Retry;
            var deferrals = 0;
            for (var attempt = 1; ; attempt++)
            {
                if (attempt > 1)
                {
                    await context.CreateTimer(retry.DelayBefore(attempt), CancellationToken.None);
                }

                try
                {
                    var outcome = await CallAsync(attempt);
                    while (outcome.Status == "deferred" && outcome.NotBefore is { } notBefore && deferrals < MaxDeferrals)
                    {
                        // Not now (quiet hours, a rate limit): wait durably and ask again; it does not count as an attempt.
                        deferrals++;
                        await RecordAsync(new StepEntry(key, step.Id, action.ActionType, step.Label ?? outcome.Summary, "waiting", started, null, attempt, outcome.Output, null), "waiting");
                        if (notBefore > context.CurrentUtcDateTime)
                        {
                            await context.CreateTimer(notBefore, CancellationToken.None);
                        }

                        outcome = await CallAsync(attempt);
                    }

                    if (outcome.Status == "deferred")
                    {
                        return await FailAsync(step, key, action.ActionType, started, attempt, $"Step '{step.Id}' ({action.ActionType}) was put off {deferrals} times: {outcome.Summary}", action.ContinueOnError);
                    }

                    Steps[step.Id] = outcome.Output?.DeepClone();
                    if (outcome.SaveAs is { } saveAs)
                    {
                        state[saveAs] = outcome.Output?.DeepClone();
                    }

                    var output = outcome.Output?.DeepClone() ?? new JsonObject();
                    await RecordAsync(new StepEntry(key, step.Id, action.ActionType, step.Label ?? outcome.Summary, outcome.Status, started, context.CurrentUtcDateTime, attempt, output, null), "processing");
                    return step.Next;
                }
                catch (TaskFailedException e) when (IsPermanent(e.FailureDetails) || attempt == retry.MaxAttempts)
                {
                    return await FailAsync(step, key, action.ActionType, started, attempt, $"Step '{step.Id}' ({action.ActionType}) failed after {attempt} attempt(s): {e.FailureDetails.ErrorMessage}", action.ContinueOnError);
                }
                catch (TaskFailedException)
                {
                    // Retried after the step's backoff.
                }
            }

            Task<ActionOutcome> CallAsync(int attempt) => context.CallActivityAsync<ActionOutcome>(
                WorkflowTasks.ExecuteAction,
                new ExecuteActionInput(input.ExecutionId, input.OrganizationId, key, action.ActionType, action.Config, state, attempt, chainDepth, action.OnlyIf));
        }

        async Task<string?> FailAsync(PlanStep step, string key, string type, DateTime started, int attempts, string error, bool continueOnError)
        {
            await RecordAsync(new StepEntry(key, step.Id, type, step.Label, "failed", started, context.CurrentUtcDateTime, attempts, null, error), "processing");
            if (!continueOnError)
            {
                throw new StepFailedException(error);
            }

            Steps[step.Id] = new JsonObject { ["error"] = error };
            return step.Next;
        }

        /// <summary>
        /// By the type's name only (it is sealed): <c>IsCausedBy</c> loads the failure's type by name and throws when two
        /// loaded assemblies define it (System.Net.Http.HttpRequestException does), which would crash the orchestration.
        /// </summary>
        static bool IsPermanent(TaskFailureDetails failure) =>
            failure.ErrorType == typeof(PermanentActionException).FullName || (failure.InnerFailure is { } inner && IsPermanent(inner));

        Task<bool> RecordAsync(StepEntry entry, string executionStatus) =>
            context.CallActivityAsync<bool>(WorkflowTasks.RecordStep, new RecordStepInput(input.ExecutionId, input.OrganizationId, entry, executionStatus), Bookkeeping);
    }
}
