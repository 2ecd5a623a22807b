using Fixlify.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fixlify.Functions;

internal sealed class ScheduleFunctions(SchedulesApi schedules, WorkflowsApi workflows)
{
    [Function("PreviewSchedule")]
    public Task<IResult> Preview([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "schedules/preview")] HttpRequest request) =>
        schedules.PreviewAsync(request.HttpContext, request.HttpContext.RequestAborted);

    [Function("GetWorkflowNextRuns")]
    public Task<IResult> NextRuns([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "workflows/{id}/next-runs")] HttpRequest request, string id) =>
        workflows.NextRunsAsync(request.HttpContext, id, request.HttpContext.RequestAborted);
}
