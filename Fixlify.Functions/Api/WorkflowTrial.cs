using Fixlify.Data;
using Fixlify.Engine;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary>
/// Trying a saved workflow without running it (the dry run, the backtest): the workflow is read in the caller's
/// organization only (404 otherwise), and one saved before a rule tightened, which no longer compiles, is a 409.
/// </summary>
static class WorkflowTrial
{
    public static async Task<IResult> RunAsync(
        TenantDatabase database, Guid organizationId, string id, Func<WorkflowRecord, Task<IResult>> trial, CancellationToken cancellationToken)
    {
        if (JsonBody.Id(id) is not { } workflowId)
        {
            return NotFound(id);
        }

        WorkflowRecord? workflow;
        await using (var transaction = await database.BeginReadOnlyAsync(organizationId, cancellationToken))
        {
            workflow = await WorkflowRepository.GetAsync(transaction, workflowId, cancellationToken);
        }

        if (workflow is null)
        {
            return NotFound(id);
        }

        try
        {
            return await trial(workflow);
        }
        catch (InvalidWorkflowException e)
        {
            return Problems.Conflict($"Workflow '{workflow.Name}' cannot run as saved: {e.Message} Save it again to see every problem.");
        }
    }

    public static IResult NotFound(string id) => Problems.NotFound($"No workflow '{id}' in your organization.");
}
