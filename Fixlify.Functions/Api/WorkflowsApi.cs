using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Workflows;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Fixlify.Api;

/// <summary>Workflows of the caller's organization: create, read, update (bumps the version) and run by hand.</summary>
public sealed class WorkflowsApi(TenantDatabase database, WorkflowCompiler compiler, ExecutionStarter starter, TimeProvider clock)
{
    public async Task<IResult> CreateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var identity = RequestIdentity.Of(context);
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

        await using var transaction = await database.BeginAsync(identity.OrganizationId, cancellationToken);
        var created = await WorkflowRepository.InsertAsync(transaction, identity.OrganizationId, fields, Guid.TryParse(identity.Subject, out var user) ? user : null, cancellationToken);
        created = await ScheduleAsync(transaction, created, cancellationToken);
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
        return workflow is null ? NotFound(id) : Results.Ok(WorkflowJson.From(workflow));
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

        await using var transaction = await database.BeginAsync(identity.OrganizationId, cancellationToken);
        var updated = await WorkflowRepository.UpdateAsync(transaction, workflowId, fields, cancellationToken);
        if (updated is null)
        {
            return NotFound(id);
        }

        updated = await ScheduleAsync(transaction, updated, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Results.Ok(WorkflowJson.From(updated));
    }

    /// <summary><c>POST /api/workflows/{id}/run</c> {context}: starts an execution now; 202 with where to follow it.</summary>
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

        var trigger = ExecutionContextBuilder.ManualTrigger(identity.Subject, body["context"]);
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

    /// <summary>Sets when a scheduled or recurring workflow next runs, from now.</summary>
    async Task<WorkflowRecord> ScheduleAsync(DatabaseTransaction transaction, WorkflowRecord workflow, CancellationToken cancellationToken)
    {
        var schedule = WorkflowSchedule.Read(workflow.TriggerType, workflow.Schedule, new List<FieldError>());
        var next = schedule?.NextAfter(clock.GetUtcNow());
        if (next == workflow.NextRunAt)
        {
            return workflow;
        }

        await WorkflowRepository.SetNextRunAsync(transaction, workflow.Id, next, cancellationToken);
        return workflow with { NextRunAt = next };
    }

    static IResult NotFound(string id) => Problems.NotFound($"No workflow '{id}' in your organization.");
}
