using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Workflows;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary>
/// Trying a saved workflow without running it (the dry run, the backtest), the part both share: the request is read
/// (<see cref="OpenAsync"/>), then the workflow is read in the caller's organization only (404 otherwise), and one saved
/// before a rule tightened, which no longer compiles, is a 409 (<see cref="RunAsync"/>).
/// </summary>
static class WorkflowTrial
{
    /// <summary>The request, and a problem for each body field not in <paramref name="known"/> (worded <paramref name="unknown"/>).</summary>
    public static async Task<(ApiRequest? Request, List<FieldError> Errors, IResult? Problem)> OpenAsync(
        HttpContext context, string id, RequestBody body, string unknown, string[] known, CancellationToken cancellationToken)
    {
        var (request, problem) = await ApiRequest.ReadAsync(context, id, NotFound, body, cancellationToken);
        return problem is not null ? (null, [], problem) : (request, request!.UnknownFields(_ => unknown, known), null);
    }

    /// <summary>Every problem of the request at once (400), or the trial of the saved workflow.</summary>
    public static async Task<IResult> RunAsync(
        TenantDatabase database, ApiRequest request, List<FieldError> errors, Func<WorkflowRecord, Task<IResult>> trial, CancellationToken cancellationToken)
    {
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        WorkflowRecord? workflow;
        await using (var transaction = await database.BeginReadOnlyAsync(request.Identity.OrganizationId, cancellationToken))
        {
            workflow = await WorkflowRepository.GetAsync(transaction, request.Id, cancellationToken);
        }

        if (workflow is null)
        {
            return NotFound(request.Id.ToString());
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

    static IResult NotFound(string id) => Problems.NotFound($"No workflow '{id}' in your organization.");
}
