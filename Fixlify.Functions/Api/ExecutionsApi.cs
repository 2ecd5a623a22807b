using Fixlify.Application;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Fixlify.Api;

/// <summary>Executions of the caller's organization: status, timing, steps and error; retry an ended one, cancel a running one.</summary>
internal sealed class ExecutionsApi(TenantDatabase database, RetryExecution retry, CancelExecution cancel)
{
    /// <summary><c>GET /api/executions</c>: newest first, filtered by workflow, status, trigger type, time and workflow version.</summary>
    public async Task<IResult> ListAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var identity = RequestIdentity.Of(context);
        var (limit, after, problem) = Paging.Read(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        var request = context.Request;
        var filter = new ExecutionLogRepository.Filter(
            ApiQuery.Id(request, "workflowId"), ApiQuery.Text(request, "status"), ApiQuery.Text(request, "triggerType"),
            ApiQuery.Instant(request, "from"), ApiQuery.Instant(request, "to"), ApiQuery.Number(request, "workflowVersion"));
        if (filter.From > filter.To)
        {
            return Problems.BadRequest("'from' is after 'to'.", "from");
        }

        await using var transaction = await database.BeginAsync(identity.OrganizationId, cancellationToken);
        var executions = await ExecutionLogRepository.ListAsync(transaction, filter, after, limit + 1, cancellationToken);
        var steps = await ExecutionStepRepository.ListAsync(transaction, [.. executions.Select(e => e.Id)], cancellationToken);
        var subjects = await SubjectsAsync(transaction, executions, cancellationToken);
        return Results.Ok(Paging.Page(executions, limit, e => WorkflowJson.From(e, steps[e.Id], subjects.GetValueOrDefault(e.Id)), e => (e.CreatedAt, e.Id)));
    }

    /// <summary><c>POST /api/executions/{id}/retry</c>: a new execution of the workflow (as it is now) from the same event and context.</summary>
    public async Task<IResult> RetryAsync(HttpContext context, string id, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var (request, problem) = ApiRequest.Read(context, id, NotFound);
        if (problem is not null)
        {
            return problem;
        }

        switch (await retry.ExecuteAsync(request!.Identity.OrganizationId, request.Id, request.Identity.Actor, client, cancellationToken))
        {
            case RetryExecution.Result.Started started:
                var statusUrl = $"/api/executions/{started.ExecutionId}";
                context.Response.Headers.Location = statusUrl;
                return Results.Json(new { executionId = started.ExecutionId, statusUrl, retryOf = started.RetryOf }, statusCode: StatusCodes.Status202Accepted);
            case RetryExecution.Result.StillRunning running:
                return Problems.Conflict($"Execution {id} is still {running.Status.Text()}: cancel it or wait for it to end before retrying.");
            case RetryExecution.Result.HeldOut:
                return Problems.Conflict("This record is in the automation's hold-out group (comparison group): it is kept out on purpose, so it is not run.");
            case RetryExecution.Result.WorkflowDeleted:
                return Problems.Conflict("Its workflow was deleted.");
            case RetryExecution.Result.WorkflowInactive inactive:
                return Problems.Conflict($"Workflow '{inactive.Name}' is inactive: activate it before retrying.");
            case RetryExecution.Result.CannotRun cannot:
                return Problems.Conflict($"Workflow '{cannot.Name}' cannot run as saved: {cannot.Reason}");
            default:
                return NotFound(id);
        }
    }

    public async Task<IResult> GetAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        var (request, problem) = ApiRequest.Read(context, id, NotFound);
        if (problem is not null)
        {
            return problem;
        }

        var executionId = request!.Id;
        await using var transaction = await database.BeginAsync(request.Identity.OrganizationId, cancellationToken);
        var execution = await ExecutionLogRepository.GetAsync(transaction, executionId, cancellationToken);
        if (execution is null)
        {
            return NotFound(id);
        }

        var steps = await ExecutionStepRepository.ListAsync(transaction, [executionId], cancellationToken);
        var subjects = await SubjectsAsync(transaction, [execution], cancellationToken);
        var json = WorkflowJson.From(execution, steps[executionId], subjects.GetValueOrDefault(executionId));
        json["traceId"] = AutomationTelemetry.TraceIdOf(await EventTraces.ExecutionTraceParentAsync(transaction, executionId, cancellationToken));
        return Results.Ok(json);
    }

    /// <summary>Terminates the orchestration, then marks the execution cancelled. 409 when it already ended.</summary>
    public async Task<IResult> CancelAsync(HttpContext context, string id, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var (request, problem) = ApiRequest.Read(context, id, NotFound);
        if (problem is not null)
        {
            return problem;
        }

        return await cancel.ExecuteAsync(request!.Identity.OrganizationId, request.Id, request.Identity.Actor, client, cancellationToken) switch
        {
            CancelExecution.Result.Cancelled cancelled =>
                Results.Json(new { executionId = cancelled.ExecutionId, status = ExecutionStatus.Cancelled.Text() }, statusCode: StatusCodes.Status202Accepted),
            CancelExecution.Result.AlreadyEnded ended => Problems.Conflict($"Execution {id} already ended ({ended.Status.Text()})."),
            CancelExecution.Result.EndedFirst => Problems.Conflict($"Execution {id} ended before it could be cancelled."),
            _ => NotFound(id),
        };
    }

    /// <summary>What each execution is about (its record and client), read in the same transaction.</summary>
    static Task<IReadOnlyDictionary<Guid, ExecutionSubject>> SubjectsAsync(DatabaseTransaction transaction, IEnumerable<ExecutionRecord> executions, CancellationToken cancellationToken)
    {
        var records = new Dictionary<Guid, (string Record, Guid Id)>();
        foreach (var execution in executions)
        {
            if (ExecutionContextBuilder.SubjectOf(execution.TriggerType, execution.TriggerData) is { } record)
            {
                records[execution.Id] = record;
            }
        }

        return ExecutionSubjects.FindAsync(transaction, records, cancellationToken);
    }

    static IResult NotFound(string id) => Problems.NotFound($"No execution '{id}' in your organization.");
}
