using Fixlify.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Fixlify.Functions;

/// <summary>Pausing and resuming an automation, as HTTP functions (the routes of <see cref="WorkflowPauseApi"/>).</summary>
internal sealed class WorkflowPauseFunctions(WorkflowPauseApi api)
{
    [Function("PauseWorkflow")]
    public Task<IResult> Pause([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "workflows/{id}/pause")] HttpRequest request, string id) =>
        api.PauseAsync(request.HttpContext, id, request.HttpContext.RequestAborted);

    [Function("ResumeWorkflow")]
    public Task<IResult> Resume(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "workflows/{id}/resume")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) =>
        api.ResumeAsync(request.HttpContext, id, client, request.HttpContext.RequestAborted);
}
