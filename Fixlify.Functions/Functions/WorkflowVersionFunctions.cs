using Fixlify.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Fixlify.Functions;

/// <summary>A workflow's versions, its draft and publishing (issue 26), on the Functions host.</summary>
internal sealed class WorkflowVersionFunctions(WorkflowVersionsApi versions, WorkflowDraftsApi drafts)
{
    [Function("ListWorkflowVersions")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "workflows/{id}/versions")] HttpRequest request, string id) =>
        versions.ListAsync(request.HttpContext, id, request.HttpContext.RequestAborted);

    [Function("GetWorkflowVersion")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "workflows/{id}/versions/{version}")] HttpRequest request, string id, string version) =>
        versions.GetAsync(request.HttpContext, id, version, request.HttpContext.RequestAborted);

    [Function("RestoreWorkflowVersion")]
    public Task<IResult> Restore(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "workflows/{id}/versions/{version}/restore")] HttpRequest request, string id, string version) =>
        versions.RestoreAsync(request.HttpContext, id, version, request.HttpContext.RequestAborted);

    [Function("GetWorkflowDraft")]
    public Task<IResult> GetDraft([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "workflows/{id}/draft")] HttpRequest request, string id) =>
        drafts.GetAsync(request.HttpContext, id, request.HttpContext.RequestAborted);

    [Function("SaveWorkflowDraft")]
    public Task<IResult> SaveDraft([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "workflows/{id}/draft")] HttpRequest request, string id) =>
        drafts.SaveAsync(request.HttpContext, id, request.HttpContext.RequestAborted);

    [Function("DiscardWorkflowDraft")]
    public Task<IResult> DiscardDraft([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "workflows/{id}/draft")] HttpRequest request, string id) =>
        drafts.DiscardAsync(request.HttpContext, id, request.HttpContext.RequestAborted);

    [Function("CompareWorkflowDraft")]
    public Task<IResult> Compare([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "workflows/{id}/draft/compare")] HttpRequest request, string id) =>
        drafts.CompareAsync(request.HttpContext, id, request.HttpContext.RequestAborted);

    [Function("GetWorkflowInFlight")]
    public Task<IResult> InFlight([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "workflows/{id}/in-flight")] HttpRequest request, string id) =>
        drafts.InFlightAsync(request.HttpContext, id, request.HttpContext.RequestAborted);

    [Function("PublishWorkflowDraft")]
    public Task<IResult> Publish(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "workflows/{id}/draft/publish")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) =>
        drafts.PublishAsync(request.HttpContext, id, client, request.HttpContext.RequestAborted);
}
