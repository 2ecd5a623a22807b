using System.Text.Json.Nodes;
using Fixlify.Application;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Workflows;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Fixlify.Api;

/// <summary>Workflows of the caller's organization: create, read, update (bumps the version) and run by hand.</summary>
public sealed class WorkflowsApi(
    TenantDatabase database, WorkflowCompiler compiler, WorkflowPlans plans, ExecutionStarter starter, TimeProvider clock,
    ActivateWorkflow activate, PreviewActivation previewActivation)
{
    public async Task<IResult> CreateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var identity = RequestIdentity.Of(context);
        var (body, problem) = await JsonBody.ReadObjectAsync(context.Request, required: true, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (idempotent, keyProblem) = IdempotentCreation.Read(context.Request, "create workflow", body!);
        if (keyProblem is not null)
        {
            return keyProblem;
        }

        var (fields, errors) = WorkflowInput.ReadAndValidate(body!, compiler);
        if (fields is null)
        {
            return Problems.Validation(errors);
        }

        await using var transaction = await database.BeginAsync(identity.OrganizationId, cancellationToken);
        if (idempotent is not null && await idempotent.ClaimAsync(transaction, identity.OrganizationId, cancellationToken) is { } earlier)
        {
            return earlier;
        }

        var created = await WorkflowRepository.InsertAsync(transaction, identity.OrganizationId, fields, Guid.TryParse(identity.Subject, out var user) ? user : null, cancellationToken);
        await plans.SaveAsync(transaction, created, plans.Compile(created), cancellationToken);
        created = await ScheduleAsync(transaction, created, cancellationToken);
        if (idempotent is not null)
        {
            await idempotent.RecordAsync(transaction, identity.OrganizationId, created.Id, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return Results.Created($"/api/workflows/{created.Id}", WorkflowJson.From(created));
    }

    public async Task<IResult> GetAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        var identity = RequestIdentity.Of(context);
        if (JsonBody.Id(id) is not { } workflowId)
        {
            return NotFound(id);
        }

        await using var transaction = await database.BeginAsync(identity.OrganizationId, cancellationToken);
        var workflow = await WorkflowRepository.GetAsync(transaction, workflowId, cancellationToken);
        return workflow is null ? NotFound(id) : Found(context, workflow);
    }

    public async Task<IResult> UpdateAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        var identity = RequestIdentity.Of(context);
        if (JsonBody.Id(id) is not { } workflowId)
        {
            return NotFound(id);
        }

        var (body, problem) = await JsonBody.ReadObjectAsync(context.Request, required: true, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (fields, errors) = WorkflowInput.ReadAndValidate(body!, compiler);
        if (fields is null)
        {
            return Problems.Validation(errors);
        }

        var (condition, ifMatchProblem) = IfMatch.Read(context.Request);
        if (ifMatchProblem is not null)
        {
            return ifMatchProblem;
        }

        await using var transaction = await database.BeginAsync(identity.OrganizationId, cancellationToken);
        var current = await WorkflowRepository.GetAsync(transaction, workflowId, cancellationToken, forUpdate: true);
        if (current is null)
        {
            return NotFound(id);
        }

        if (condition is not null && !condition.Holds(current.ETag))
        {
            return Changed(current);
        }

        var updated = (await WorkflowRepository.UpdateAsync(transaction, workflowId, fields, cancellationToken))!;
        await plans.SaveAsync(transaction, updated, plans.Compile(updated), cancellationToken);
        updated = await ScheduleAsync(transaction, updated, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Found(context, updated);
    }

    /// <summary>
    /// <c>POST /api/workflows/{id}/run</c> {context, confirm}: starts an execution now; 202 with where to follow it. Refused
    /// (400, naming <c>confirm</c>) unless the caller confirms: the run sends real messages.
    /// </summary>
    public async Task<IResult> RunAsync(HttpContext context, string id, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var identity = RequestIdentity.Of(context);
        if (JsonBody.Id(id) is not { } workflowId)
        {
            return NotFound(id);
        }

        var (body, problem) = await JsonBody.ReadObjectAsync(context.Request, required: false, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (body!["context"] is { } given && given is not JsonObject)
        {
            return Problems.BadRequest("Must be an object of values for the run, e.g. {\"jobId\": \"...\"}.", "context");
        }

        WorkflowRecord? workflow;
        await using (var transaction = await database.BeginAsync(identity.OrganizationId, cancellationToken))
        {
            workflow = await WorkflowRepository.GetAsync(transaction, workflowId, cancellationToken);
        }

        if (workflow is null)
        {
            return NotFound(id);
        }

        if (!workflow.IsActive)
        {
            return Problems.Conflict($"Workflow '{workflow.Name}' is inactive: activate it before running it.");
        }

        // A run sends real messages: the caller looks at what it would do (a dry run names the record and the recipients) and confirms.
        if (body["confirm"] is not JsonValue confirm || !confirm.TryGetValue<bool>(out var confirmed) || !confirmed)
        {
            return Problems.BadRequest(
                $"Running '{workflow.Name}' now sends real messages to real people. Check which record it runs on and who would receive what (try it first), then confirm the run.",
                "confirm");
        }

        var trigger = ExecutionContextBuilder.ManualTrigger(identity.Subject, body["context"], identity.Name);
        ExecutionStarter.StartResult started;
        try
        {
            started = await starter.StartAsync(
                client, new ExecutionStarter.StartRequest(identity.OrganizationId, workflow, workflow.TriggerType, trigger, EventId: null, ChainDepth: 0), cancellationToken);
        }
        catch (InvalidWorkflowException e)
        {
            return Problems.Conflict($"Workflow '{workflow.Name}' cannot run as saved: {e.Message} Save it again to see every problem.");
        }
        var statusUrl = $"/api/executions/{started.ExecutionId}";
        context.Response.Headers.Location = statusUrl;
        return Results.Json(new JsonObject { ["executionId"] = started.ExecutionId.ToString(), ["statusUrl"] = statusUrl }, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary><c>GET /api/workflows</c>: newest first, filtered by <c>active</c> and <c>triggerType</c>, a page at a time.</summary>
    public async Task<IResult> ListAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var identity = RequestIdentity.Of(context);
        var (limit, after, problem) = Paging.Read(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        await using var transaction = await database.BeginAsync(identity.OrganizationId, cancellationToken);
        var workflows = await WorkflowRepository.ListAsync(
            transaction, ApiQuery.Flag(context.Request, "active"), ApiQuery.Text(context.Request, "triggerType"), after, limit + 1, cancellationToken);
        return Results.Ok(Paging.Page(workflows, limit, WorkflowJson.From, w => (w.CreatedAt, w.Id)));
    }

    /// <summary><c>DELETE /api/workflows/{id}</c>: soft delete; executions already running finish.</summary>
    public async Task<IResult> DeleteAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        var identity = RequestIdentity.Of(context);
        if (JsonBody.Id(id) is not { } workflowId)
        {
            return NotFound(id);
        }

        await using var transaction = await database.BeginAsync(identity.OrganizationId, cancellationToken);
        if (!await WorkflowRepository.DeleteAsync(transaction, workflowId, cancellationToken))
        {
            return NotFound(id);
        }

        await transaction.CommitAsync(cancellationToken);
        return Results.NoContent();
    }

    /// <summary>
    /// <c>GET /api/workflows/{id}/activation</c>: what switching it on would meet — how many records already qualify for its
    /// trigger (overdue invoices, jobs booked ahead…), a sentence saying so and up to five named in words.
    /// </summary>
    public async Task<IResult> ActivationAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        var identity = RequestIdentity.Of(context);
        if (JsonBody.Id(id) is not { } workflowId)
        {
            return NotFound(id);
        }

        return await previewActivation.ExecuteAsync(identity.OrganizationId, workflowId, cancellationToken) is { } preview
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
        var identity = RequestIdentity.Of(context);
        if (JsonBody.Id(id) is not { } workflowId)
        {
            return NotFound(id);
        }

        var (body, problem) = await JsonBody.ReadObjectAsync(context.Request, required: false, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        ActivateWorkflow.Choice choice;
        switch (body!["existingRecords"])
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

        switch (await activate.ExecuteAsync(identity.OrganizationId, workflowId, choice, condition is null ? null : condition.Holds, cancellationToken))
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

    /// <summary><c>POST /api/workflows/{id}/deactivate</c>: stops running on the trigger; executions already running finish.</summary>
    public async Task<IResult> DeactivateAsync(HttpContext context, string id, CancellationToken cancellationToken)
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

        var changed = await WorkflowRepository.SetActiveAsync(transaction, workflowId, false, cancellationToken);
        changed = await ScheduleAsync(transaction, changed!, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Found(context, changed);
    }

    /// <summary><c>POST /api/workflows/validate</c>: would this draft save? Every problem with its path; nothing is saved.</summary>
    public async Task<IResult> ValidateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadObjectAsync(context.Request, required: true, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (_, errors) = WorkflowInput.ReadAndValidate(body!, compiler);
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
        var identity = RequestIdentity.Of(context);
        if (JsonBody.Id(id) is not { } workflowId)
        {
            return NotFound(id);
        }

        WorkflowRecord? workflow;
        await using (var transaction = await database.BeginAsync(identity.OrganizationId, cancellationToken))
        {
            workflow = await WorkflowRepository.GetAsync(transaction, workflowId, cancellationToken);
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

    /// <summary>200 with the workflow and its ETag.</summary>
    static IResult Found(HttpContext context, WorkflowRecord workflow)
    {
        context.Response.Headers.ETag = workflow.ETag;
        return Results.Ok(WorkflowJson.From(workflow));
    }

    /// <summary>412: the workflow changed since the caller read it (an edit, or someone switched it on or off).</summary>
    static IResult Changed(WorkflowRecord current) =>
        Problems.Problem(
            StatusCodes.Status412PreconditionFailed,
            "The workflow changed",
            $"Workflow '{current.Name}' was changed since you loaded it (it is now version {current.Version}, {(current.IsActive ? "on" : "off")}): load it again, then make your change on top.",
            "https://datatracker.ietf.org/doc/html/rfc9110#section-15.5.13");

    Task<WorkflowRecord> ScheduleAsync(DatabaseTransaction transaction, WorkflowRecord workflow, CancellationToken cancellationToken) =>
        ScheduleAsync(transaction, workflow, clock.GetUtcNow(), cancellationToken);

    /// <summary>Sets when a scheduled or recurring workflow next runs, after <paramref name="now"/>; an inactive one does not run.</summary>
    public static async Task<WorkflowRecord> ScheduleAsync(DatabaseTransaction transaction, WorkflowRecord workflow, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var next = WorkflowSchedule.NextRun(workflow.TriggerType, workflow.Schedule, workflow.IsActive, now);
        if (next == workflow.NextRunAt)
        {
            return workflow;
        }

        await WorkflowRepository.SetNextRunAsync(transaction, workflow.Id, next, cancellationToken);
        return workflow with { NextRunAt = next };
    }

    static IResult NotFound(string id) => Problems.NotFound($"No workflow '{id}' in your organization.");
}
