using System.Text.Json.Nodes;
using Fixlify.Actions;
using Fixlify.Data;
using Fixlify.Workflows;
using Microsoft.Extensions.Logging;

namespace Fixlify.Engine;

/// <param name="OnlyIf">The step's guard: checked on freshly loaded records before the handler runs.</param>
public sealed record ExecuteActionInput(
    Guid ExecutionId, Guid OrganizationId, string StepKey, string ActionType, JsonObject Config, JsonObject Context, int Attempt, int ChainDepth,
    ConditionGroup? OnlyIf = null);

/// <summary>
/// Activity: runs one action through the handler registered for its type. A step with an <c>onlyIf</c> guard first
/// reloads the execution's records (they may have changed since it started: an invoice paid during a delay) and is
/// skipped, without calling the handler, when the guard is false; the handler then sees the fresh records.
/// </summary>
public sealed class ExecuteAction(ActionHandlers handlers, TenantDatabase database, ILogger<ExecuteAction> logger)
{
    public async Task<ActionOutcome> RunAsync(ExecuteActionInput input, CancellationToken cancellationToken)
    {
        var handler = handlers.Get(input.ActionType);
        try
        {
            var context = input.Context;
            if (input.OnlyIf is { } guard)
            {
                context = await RefreshAsync(input, cancellationToken);
                if (!ConditionEvaluator.Evaluate(guard, context))
                {
                    var skipped = ActionOutcome.Skipped(OnlyIfNotMet(guard));
                    Log.ActionDone(logger, input.ExecutionId, input.StepKey, input.ActionType, skipped.Status, input.Attempt);
                    return skipped;
                }
            }

            var outcome = await handler.ExecuteAsync(
                new ActionRequest(input.ExecutionId, input.OrganizationId, input.StepKey, input.ActionType, input.Config, context, input.Attempt, input.ChainDepth),
                cancellationToken);
            Log.ActionDone(logger, input.ExecutionId, input.StepKey, input.ActionType, outcome.Status, input.Attempt);
            return outcome;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.ActionFailed(logger, input.ExecutionId, input.StepKey, input.ActionType, input.Attempt, e is PermanentActionException, e.Message);
            throw;
        }
    }

    /// <summary>Why a guarded step did not run: <c>onlyIf not met: invoice.status ne "paid"</c>.</summary>
    public static string OnlyIfNotMet(ConditionGroup guard) => $"onlyIf not met: {ConditionEvaluator.Describe(guard)}";

    /// <summary>The context with its business records read again (a record deleted since is null).</summary>
    async Task<JsonObject> RefreshAsync(ExecuteActionInput input, CancellationToken cancellationToken)
    {
        var context = (JsonObject)input.Context.DeepClone();
        await using var transaction = await database.BeginAsync(input.OrganizationId, cancellationToken);
        foreach (var record in BusinessRecords.Tables.Keys)
        {
            if (ActionContext.RecordId(context, record) is { } id)
            {
                context[record] = await BusinessRecords.LoadAsync(transaction, record, id, cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return context;
    }
}
