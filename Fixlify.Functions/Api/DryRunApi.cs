using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Workflows;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary>
/// <c>POST /api/workflows/{id}/test</c> {context, definition?}: a dry run of the workflow as saved (active or not) — or, with
/// <c>definition</c>, of a draft of it not yet saved (the builder's unsaved edits, checked as a save checks them) — on the
/// records the context names, like a manual run's: every step it would run, rendered and timed, with nothing sent or written.
/// </summary>
public sealed class DryRunApi(TenantDatabase database, WorkflowDryRun dryRun, WorkflowCompiler compiler)
{
    public async Task<IResult> TestAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        var identity = RequestIdentity.Of(context);
        if (JsonBody.Id(id) is not { } workflowId)
        {
            return NotFound(id);
        }

        var (read, problem) = await JsonBody.ReadObjectAsync(context.Request, required: false, cancellationToken);
        if (problem is not null || read is not { } body)
        {
            return problem!;
        }

        var errors = body.Where(p => p.Key is not ("context" or "definition"))
            .Select(p => new FieldError(p.Key, "Unknown field: the body is {\"context\": {...}, \"definition\": {...}}, e.g. {\"context\": {\"jobId\": \"...\"}}."))
            .ToList();
        if (body["definition"] is { } definitionNode && definitionNode is not JsonObject)
        {
            errors.Add(new FieldError("definition", "Must be an object: the draft to try ({triggerType, triggerConfig, nodes, edges} or {steps})."));
        }

        if (body["context"] is { } given && given is not JsonObject)
        {
            errors.Add(new FieldError("context", "Must be an object naming the record to try the workflow on, e.g. {\"jobId\": \"...\"}."));
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        WorkflowRecord? workflow;
        await using (var transaction = await database.BeginReadOnlyAsync(identity.OrganizationId, cancellationToken))
        {
            workflow = await WorkflowRepository.GetAsync(transaction, workflowId, cancellationToken);
        }

        if (workflow is null)
        {
            return NotFound(id);
        }

        if (body["definition"] is JsonObject definition)
        {
            var (draft, problems) = Draft(workflow, definition);
            if (draft is null)
            {
                return Problems.Validation(problems);
            }

            workflow = draft;
        }

        DryRunResult result;
        try
        {
            result = await dryRun.RunAsync(identity.OrganizationId, workflow, ExecutionContextBuilder.ManualTrigger(identity.Subject, body["context"]), cancellationToken);
        }
        catch (InvalidWorkflowException e)
        {
            return Problems.Conflict($"Workflow '{workflow.Name}' cannot run as saved: {e.Message} Save it again to see every problem.");
        }

        return result.Report is { } report ? Results.Ok(report) : Problems.Validation(result.Errors);
    }

    /// <summary>The saved workflow with the draft's definition in place of its own, or every problem of the draft (paths under <c>definition</c>).</summary>
    (WorkflowRecord? Draft, IReadOnlyList<FieldError> Errors) Draft(WorkflowRecord saved, JsonObject definition)
    {
        var input = (JsonObject)definition.DeepClone();
        input["name"] ??= saved.Name;
        input.Remove("isActive");
        var (fields, errors) = WorkflowInput.ReadAndValidate(input, compiler);
        return fields is null
            ? (null, [.. errors.Select(e => e with { Path = $"definition.{e.Path}" })])
            : (saved with
            {
                TriggerType = fields.TriggerType, TriggerConfig = fields.TriggerConfig, Nodes = fields.Nodes, Edges = fields.Edges, Steps = fields.Steps,
                Schedule = fields.Schedule,
            }, []);
    }

    static IResult NotFound(string id) => Problems.NotFound($"No workflow '{id}' in your organization.");
}
