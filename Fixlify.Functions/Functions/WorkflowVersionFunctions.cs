using Fixlify.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fixlify.Functions;

/// <summary>A workflow's versions, its draft and publishing (issue 26), on the Functions host.</summary>
internal sealed class WorkflowVersionFunctions(WorkflowVersionsApi versions)
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
}
