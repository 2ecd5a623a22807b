using System.Text.Json.Nodes;
using Fixlify.Application;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Workflows;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Fixlify.Api;

/// <summary>Workflows of the caller's organization: create, read, update (bumps the version), switch off, delete and run by hand — each write through its use case (<see cref="Fixlify.Application"/>).</summary>
internal sealed class WorkflowsApi(
    TenantDatabase database,
    WorkflowCompiler compiler,
    TimeProvider clock,
    CreateWorkflow create,
    UpdateWorkflow update,
    DeactivateWorkflow deactivate,
    DeleteWorkflow delete,
    StartWorkflowRun startRun,
    ActivateWorkflow activate,
    PreviewActivation previewActivation)
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
            new UpdateWorkflow.Request(
                request.Identity.OrganizationId, request.Id, fields, condition is null ? null : condition.Holds, new VersionAuthor(request.Identity.Subject, request.Identity.Name)),
            cancellationToken);
        return WorkflowAnswers.Changed(context, updated, () => NotFound(id));
    }

    /// <summary>
    /// <c>POST /api/workflows/{id}/run</c> {context, confirm}: starts an execution now; 202 with where to follow it. Refused
    /// (400, naming <c>confirm</c>) unless the caller confirms: the run sends real messages.
    /// </summary>
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

        // A run sends real messages: the caller looks at what it would do (a dry run names the record and the recipients) and confirms.
        var confirmed = body["confirm"] is JsonValue confirm && confirm.TryGetValue<bool>(out var yes) && yes;
        var run = new StartWorkflowRun.Request(identity.OrganizationId, workflowId, body["context"], identity.Subject, identity.Name, confirmed);
        switch (await startRun.ExecuteAsync(run, client, cancellationToken))
        {
            case StartWorkflowRun.Result.Started started:
                var statusUrl = $"/api/executions/{started.ExecutionId}";
                context.Response.Headers.Location = statusUrl;
                return Results.Json(new JsonObject { ["executionId"] = started.ExecutionId.ToString(), ["statusUrl"] = statusUrl }, statusCode: StatusCodes.Status202Accepted);
            case StartWorkflowRun.Result.Inactive inactive:
                return Problems.Conflict($"Workflow '{inactive.Name}' is inactive: activate it before running it.");
            case StartWorkflowRun.Result.NotConfirmed unconfirmed:
                return Problems.BadRequest(
                    $"Running '{unconfirmed.Name}' now sends real messages to real people. Check which record it runs on and who would receive what (try it first), then confirm the run.",
                    "confirm");
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

    /// <summary>
    /// <c>GET /api/workflows/{id}/activation</c>: what switching it on would meet — how many records already qualify for its
    /// trigger (overdue invoices, jobs booked ahead…), a sentence saying so and up to five named in words.
    /// </summary>
    public async Task<IResult> ActivationAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        var (request, problem) = ApiRequest.Read(context, id, NotFound);
        if (problem is not null)
        {
            return problem;
        }

        return await previewActivation.ExecuteAsync(request!.Identity.OrganizationId, request.Id, cancellationToken) is { } preview
            ? Results.Ok(ActivationJson(preview.Workflow, preview.Existing))
            : NotFound(id);
    }

    /// <summary>
    /// <c>POST /api/workflows/{id}/activate</c> {existingRecords?: "skip" | "include"}: switches it on; the records that
    /// already qualify are left out ("skip", the default: only from now on) or started too ("include"). Answers with the
    /// workflow and its <c>activation</c> (the choice and how many records it concerned).
    /// </summary>
    public async Task<IResult> ActivateAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        var (request, problem) = await ApiRequest.ReadAsync(context, id, NotFound, RequestBody.Optional, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        ActivateWorkflow.Choice choice;
        switch (request!.Body["existingRecords"])
        {
            case null:
                choice = ActivateWorkflow.Choice.Skip;
                break;
            case JsonValue value when value.TryGetValue<string>(out var text) && text is "skip" or "include":
                choice = text == "include" ? ActivateWorkflow.Choice.Include : ActivateWorkflow.Choice.Skip;
                break;
            default:
                return Problems.BadRequest(
                    "Records that already qualify: choose \"skip\" (only from now on) or \"include\" (also start for them now).", "existingRecords");
        }

        var (condition, ifMatchProblem) = IfMatch.Read(context.Request);
        if (ifMatchProblem is not null)
        {
            return ifMatchProblem;
        }

        switch (await activate.ExecuteAsync(request.Identity.OrganizationId, request.Id, choice, condition is null ? null : condition.Holds, cancellationToken))
        {
            case ActivateWorkflow.Activated activated:
                context.Response.Headers.ETag = activated.Workflow.ETag;
                var json = WorkflowJson.From(activated.Workflow);
                json["activation"] = new JsonObject
                {
                    ["at"] = activated.At,
                    ["existingRecords"] = activated.ExistingRecords == ActivateWorkflow.Choice.Include ? "include" : "skip",
                    ["existing"] = activated.Existing.Count,
                    ["summary"] = activated.Existing.Summary,
                };
                return Results.Ok(json);
            case ActivateWorkflow.Changed changed:
                return Changed(changed.Current);
            case ActivateWorkflow.Invalid invalid:
                return Problems.Validation(invalid.Errors, $"Workflow '{invalid.Workflow.Name}' cannot be activated: fix these problems first.");
            default:
                return NotFound(id);
        }
    }

    static JsonObject ActivationJson(WorkflowRecord workflow, ExistingRecords existing) => new()
    {
        ["workflowId"] = workflow.Id.ToString(),
        ["triggerType"] = workflow.TriggerType,
        ["isActive"] = workflow.IsActive,
        ["applies"] = existing.Applies,
        ["existing"] = existing.Count,
        ["summary"] = existing.Summary,
        ["samples"] = new JsonArray([.. existing.Samples.Select(s => (JsonNode)JsonValue.Create(s))]),
    };

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

    static IResult NotFound(string id) => Problems.NotFound($"No workflow '{id}' in your organization.");
}
