using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Engine;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary>
/// <c>POST /api/workflows/{id}/test</c> {context}: a dry run of the workflow as saved (active or not) on the records the
/// context names, like a manual run's: every step it would run, rendered and timed, with nothing sent or written.
/// </summary>
public sealed class DryRunApi(TenantDatabase database, WorkflowDryRun dryRun)
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

        var errors = body.Where(p => p.Key != "context")
            .Select(p => new FieldError(p.Key, "Unknown field: the body is {\"context\": {...}}, e.g. {\"context\": {\"jobId\": \"...\"}}."))
            .ToList();
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

    static IResult NotFound(string id) => Problems.NotFound($"No workflow '{id}' in your organization.");
}
