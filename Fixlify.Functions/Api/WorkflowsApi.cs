using System.Text.Json.Nodes;
using Fixlify.Application;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Workflows;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Fixlify.Api;

/// <summary>Workflows of the caller's organization: create, read, update (bumps the version), switch off, delete and run by hand — each write through its use case (<see cref="Fixlify.Application"/>).</summary>
public sealed class WorkflowsApi(
    TenantDatabase database,
    WorkflowCompiler compiler,
    TimeProvider clock,
    SaveWorkflow save,
    CreateWorkflow create,
    UpdateWorkflow update,
    DeactivateWorkflow deactivate,
    DeleteWorkflow delete,
    StartWorkflowRun startRun)
{
    public async Task<IResult> CreateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var (request, problem) = await ApiRequest.ReadAsync(context, RequestBody.Required, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (key, keyProblem) = IdempotentCreation.Read(context.Request, "create workflow", request!.Body);
        if (keyProblem is not null)
        {
            return keyProblem;
        }

        var (fields, errors) = WorkflowInput.ReadAndValidate(request.Body, compiler);
        if (fields is null)
        {
            return Problems.Validation(errors);
        }

        var created = await create.ExecuteAsync(new CreateWorkflow.Request(request.Identity.OrganizationId, request.UserId, fields, key), cancellationToken);
        return WorkflowAnswers.Created(created);
    }

    public async Task<IResult> GetAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        var (request, problem) = ApiRequest.Read(context, id, NotFound);
        if (problem is not null)
        {
            return problem;
        }

        await using var transaction = await database.BeginAsync(request!.Identity.OrganizationId, cancellationToken);
        var workflow = await WorkflowRepository.GetAsync(transaction, request.Id, cancellationToken);
        return workflow is null ? NotFound(id) : Found(context, workflow);
    }

    public async Task<IResult> UpdateAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        var (request, problem) = await ApiRequest.ReadAsync(context, id, NotFound, RequestBody.Required, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (fields, errors) = WorkflowInput.ReadAndValidate(request!.Body, compiler);
        if (fields is null)
        {
            return Problems.Validation(errors);
        }

        var (condition, ifMatchProblem) = IfMatch.Read(context.Request);
        if (ifMatchProblem is not null)
        {
            return ifMatchProblem;
        }

        var updated = await update.ExecuteAsync(
            new UpdateWorkflow.Request(request.Identity.OrganizationId, request.Id, fields, condition is null ? null : condition.Holds), cancellationToken);
        return WorkflowAnswers.Changed(context, updated, () => NotFound(id));
    }

    /// <summary><c>POST /api/workflows/{id}/run</c> {context}: starts an execution now; 202 with where to follow it.</summary>
    public async Task<IResult> RunAsync(HttpContext context, string id, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var (request, problem) = await ApiRequest.ReadAsync(context, id, NotFound, RequestBody.Optional, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (identity, workflowId, body) = request!;
        if (body["context"] is { } given && given is not JsonObject)
        {
            return Problems.BadRequest("Must be an object of values for the run, e.g. {\"jobId\": \"...\"}.", "context");
        }

        var run = new StartWorkflowRun.Request(identity.OrganizationId, workflowId, body["context"], identity.Subject, identity.Name);
        switch (await startRun.ExecuteAsync(run, client, cancellationToken))
        {
            case StartWorkflowRun.Result.Started started:
                var statusUrl = $"/api/executions/{started.ExecutionId}";
                context.Response.Headers.Location = statusUrl;
                return Results.Json(new JsonObject { ["executionId"] = started.ExecutionId.ToString(), ["statusUrl"] = statusUrl }, statusCode: StatusCodes.Status202Accepted);
            case StartWorkflowRun.Result.Inactive inactive:
                return Problems.Conflict($"Workflow '{inactive.Name}' is inactive: activate it before running it.");
            case StartWorkflowRun.Result.CannotRun cannot:
                return Problems.Conflict($"Workflow '{cannot.Name}' cannot run as saved: {cannot.Reason} Save it again to see every problem.");
            default:
                return NotFound(id);
        }
    }

    /// <summary><c>GET /api/workflows</c>: newest first, filtered by <c>active</c> and <c>triggerType</c>, a page at a time.</summary>
    public Task<IResult> ListAsync(HttpContext context, CancellationToken cancellationToken) =>
        Paging.ListAsync(
            context,
            database,
            (transaction, _, after, take) => WorkflowRepository.ListAsync(
                transaction, ApiQuery.Flag(context.Request, "active"), ApiQuery.Text(context.Request, "triggerType"), after, take, cancellationToken),
            WorkflowJson.From,
            w => (w.CreatedAt, w.Id),
            cancellationToken);

    /// <summary><c>DELETE /api/workflows/{id}</c>: soft delete; executions already running finish.</summary>
    public async Task<IResult> DeleteAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        var (request, problem) = ApiRequest.Read(context, id, NotFound);
        if (problem is not null)
        {
            return problem;
        }

        var deleted = await delete.ExecuteAsync(request!.Identity.OrganizationId, request.Id, cancellationToken);
        return deleted.Deleted ? Results.NoContent() : NotFound(id);
    }

    /// <summary><c>POST /api/workflows/{id}/deactivate</c>: stops starting on its trigger (executions already running go on).</summary>
    public async Task<IResult> DeactivateAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        var (request, problem) = ApiRequest.Read(context, id, NotFound);
        if (problem is not null)
        {
            return problem;
        }

        var (condition, ifMatchProblem) = IfMatch.Read(context.Request);
        if (ifMatchProblem is not null)
        {
            return ifMatchProblem;
        }

        var changed = await deactivate.ExecuteAsync(
            new DeactivateWorkflow.Request(request!.Identity.OrganizationId, request.Id, condition is null ? null : condition.Holds), cancellationToken);
        return WorkflowAnswers.Changed(context, changed, () => NotFound(id));
    }

    /// <summary>Activation checks the saved definition again (rules may have tightened since it was saved).</summary>
    public async Task<IResult> SetActiveAsync(HttpContext context, string id, bool active, CancellationToken cancellationToken)
    {
        var identity = RequestIdentity.Of(context);
        if (JsonBody.Id(id) is not { } workflowId)
        {
            return NotFound(id);
        }

        var (condition, ifMatchProblem) = IfMatch.Read(context.Request);
        if (ifMatchProblem is not null)
        {
            return ifMatchProblem;
        }

        await using var transaction = await database.BeginAsync(identity.OrganizationId, cancellationToken);
        var workflow = await WorkflowRepository.GetAsync(transaction, workflowId, cancellationToken, forUpdate: true);
        if (workflow is null)
        {
            return NotFound(id);
        }

        if (condition is not null && !condition.Holds(workflow.ETag))
        {
            return Changed(workflow);
        }

        if (active)
        {
            var (_, errors) = WorkflowInput.ReadAndValidate(WorkflowJson.From(workflow), compiler);
            if (errors.Count > 0)
            {
                return Problems.Validation(errors, $"Workflow '{workflow.Name}' cannot be activated: fix these problems first.");
            }
        }

        var changed = await WorkflowRepository.SetActiveAsync(transaction, workflowId, active, cancellationToken);
        changed = await ScheduleAsync(transaction, changed!, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Found(context, changed);
    }

    /// <summary><c>POST /api/workflows/validate</c>: would this draft save? Every problem with its path; nothing is saved.</summary>
    public async Task<IResult> ValidateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var (request, problem) = await ApiRequest.ReadAsync(context, RequestBody.Required, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (_, errors) = WorkflowInput.ReadAndValidate(request!.Body, compiler);
        return Results.Ok(new JsonObject
        {
            ["valid"] = errors.Count == 0,
            ["errors"] = new JsonArray([.. errors.Select(e => (JsonNode)new JsonObject { ["path"] = e.Path, ["message"] = e.Message })]),
        });
    }

    /// <summary>
    /// <c>GET /api/workflows/{id}/next-runs?count=N</c>: the next N (default 5, 1–100) runs of a scheduled or recurring
    /// workflow after now, as local times with offsets and in UTC (<see cref="SchedulesApi.Runs"/>), with whether it is
    /// active (an inactive one does not run them); 409 for a workflow that starts on an event.
    /// </summary>
    public async Task<IResult> NextRunsAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        var (request, problem) = ApiRequest.Read(context, id, NotFound);
        if (problem is not null)
        {
            return problem;
        }

        WorkflowRecord? workflow;
        await using (var transaction = await database.BeginAsync(request!.Identity.OrganizationId, cancellationToken))
        {
            workflow = await WorkflowRepository.GetAsync(transaction, request.Id, cancellationToken);
        }

        if (workflow is null)
        {
            return NotFound(id);
        }

        if (workflow.TriggerType is not ("scheduled" or "recurring"))
        {
            return Problems.Conflict($"Workflow '{workflow.Name}' starts on {workflow.TriggerType}, not on a schedule: it has no runs to list.");
        }

        var errors = new List<FieldError>();
        if (WorkflowSchedule.Read(workflow.TriggerType, workflow.Schedule, errors) is not { } schedule)
        {
            return Problems.Conflict($"Workflow '{workflow.Name}' has a schedule that cannot be read: {string.Join(" ", errors.Select(e => $"{e.Path}: {e.Message}"))}");
        }

        var runs = SchedulesApi.Runs(schedule, clock.GetUtcNow(), ApiQuery.Number(context.Request, "count") ?? SchedulesApi.DefaultCount);
        runs["workflowId"] = workflow.Id.ToString();
        runs["isActive"] = workflow.IsActive;
        return Results.Ok(runs);
    }

    static IResult Found(HttpContext context, WorkflowRecord workflow) => WorkflowAnswers.Found(context, workflow);

    static IResult Changed(WorkflowRecord current) => WorkflowAnswers.Stale(current);

    Task<WorkflowRecord> ScheduleAsync(DatabaseTransaction transaction, WorkflowRecord workflow, CancellationToken cancellationToken) =>
        save.ScheduleAsync(transaction, workflow, cancellationToken);

    static IResult NotFound(string id) => Problems.NotFound($"No workflow '{id}' in your organization.");
}
