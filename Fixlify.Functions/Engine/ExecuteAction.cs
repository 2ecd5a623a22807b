using System.Text.Json.Nodes;
using Fixlify.Actions;
using Microsoft.Extensions.Logging;

namespace Fixlify.Engine;

public sealed record ExecuteActionInput(
    Guid ExecutionId, Guid OrganizationId, string StepKey, string ActionType, JsonObject Config, JsonObject Context, int Attempt, int ChainDepth);

/// <summary>Activity: runs one action through the handler registered for its type.</summary>
public sealed class ExecuteAction(ActionHandlers handlers, ILogger<ExecuteAction> logger)
{
    public async Task<ActionOutcome> RunAsync(ExecuteActionInput input, CancellationToken cancellationToken)
    {
        var handler = handlers.Get(input.ActionType);
        try
        {
            var outcome = await handler.ExecuteAsync(
                new ActionRequest(input.ExecutionId, input.OrganizationId, input.StepKey, input.ActionType, input.Config, input.Context, input.Attempt, input.ChainDepth),
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
}
