using Fixlify.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Fixlify.Api;

/// <summary>Executions of the caller's organization: status, timing, steps and error; cancel a running one.</summary>
public sealed class ExecutionsApi(TenantDatabase database)
{
    public async Task<IResult> GetAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        var identity = RequestIdentity.Of(context);
        if (JsonBody.Id(id) is not { } executionId)
        {
            return NotFound(id);
        }

        await using var transaction = await database.BeginAsync(identity.OrganizationId, cancellationToken);
        var execution = await ExecutionLogRepository.GetAsync(transaction, executionId, cancellationToken);
        return execution is null ? NotFound(id) : Results.Ok(WorkflowJson.From(execution));
    }

    /// <summary>Terminates the orchestration, then marks the execution cancelled. 409 when it already ended.</summary>
    public async Task<IResult> CancelAsync(HttpContext context, string id, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var identity = RequestIdentity.Of(context);
        if (JsonBody.Id(id) is not { } executionId)
        {
            return NotFound(id);
        }

        await using (var read = await database.BeginAsync(identity.OrganizationId, cancellationToken))
        {
            var execution = await ExecutionLogRepository.GetAsync(read, executionId, cancellationToken);
            if (execution is null)
            {
                return NotFound(id);
            }

            if (execution.IsFinished)
            {
                return Problems.Conflict($"Execution {id} already ended ({execution.Status}).");
            }
        }

        await client.TerminateInstanceAsync(executionId.ToString(), $"Cancelled by {identity.Subject}", cancellationToken);
        await using var transaction = await database.BeginAsync(identity.OrganizationId, cancellationToken);
        if (!await ExecutionLogRepository.FinishAsync(transaction, executionId, "cancelled", $"Cancelled by {identity.Subject}.", cancellationToken))
        {
            return Problems.Conflict($"Execution {id} ended before it could be cancelled.");
        }

        await ExecutionLogRepository.NotifyAsync(transaction, identity.OrganizationId, executionId, "cancelled", null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Results.Json(new { executionId, status = "cancelled" }, statusCode: StatusCodes.Status202Accepted);
    }

    static IResult NotFound(string id) => Problems.NotFound($"No execution '{id}' in your organization.");
}
