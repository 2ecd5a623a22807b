using System.Diagnostics;
using Fixlify.Application;
using Fixlify.Data;
using Fixlify.Workflows;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary>The HTTP answers to the workflow use cases' results.</summary>
internal static class WorkflowAnswers
{
    /// <summary>201 with the workflow, or why none was made.</summary>
    public static IResult Created(WorkflowCreation result, Func<IResult>? templateNotFound = null) => result switch
    {
        WorkflowCreation.Created created => Results.Created($"/api/workflows/{created.Workflow.Id}", WorkflowJson.From(created.Workflow)),
        WorkflowCreation.RepeatOfDeleted => Problems.Conflict(
            "The automation this request already made was deleted since. To make it again, send the request as a new one (with a new Idempotency-Key)."),
        WorkflowCreation.KeyReused => Problems.Problem(
            StatusCodes.Status422UnprocessableEntity,
            "This Idempotency-Key was used for another request",
            "The Idempotency-Key was already sent with different details in the last 24 hours, so this request was not carried out. Send a new key for a new request.",
            "https://datatracker.ietf.org/doc/draft-ietf-httpapi-idempotency-key-header/",
            new Dictionary<string, object?> { ["errors"] = new[] { new FieldError("Idempotency-Key", "Already used for a request with different details: use a new key.") } }),
        WorkflowCreation.Invalid invalid => Problems.Validation(invalid.Errors, $"Template '{invalid.TemplateName}' does not make a valid workflow with these settings: "
            + (invalid.Errors.Count == 1 ? invalid.Errors[0].Message : $"{invalid.Errors.Count} problems were found.")),
        _ => templateNotFound?.Invoke() ?? throw new UnreachableException($"Creating a workflow answered {result}."),
    };

    /// <summary>200 with the saved workflow and its ETag, 404, or 412.</summary>
    public static IResult Changed(HttpContext context, WorkflowChange result, Func<IResult> notFound) => result switch
    {
        WorkflowChange.Saved saved => Found(context, saved.Workflow),
        WorkflowChange.Changed changed => Stale(changed.Current),
        _ => notFound(),
    };

    /// <summary>200 with the workflow and its ETag.</summary>
    public static IResult Found(HttpContext context, WorkflowRecord workflow)
    {
        context.Response.Headers.ETag = workflow.ETag;
        return Results.Ok(WorkflowJson.From(workflow));
    }

    /// <summary>412: the workflow changed since the caller read it (an edit, or someone switched it on or off).</summary>
    public static IResult Stale(WorkflowRecord current) =>
        Problems.Problem(
            StatusCodes.Status412PreconditionFailed,
            "The workflow changed",
            $"Workflow '{current.Name}' was changed since you loaded it (it is now version {current.Version}, {(current.IsActive ? "on" : "off")}): load it again, then make your change on top.",
            "https://datatracker.ietf.org/doc/html/rfc9110#section-15.5.13");
}
