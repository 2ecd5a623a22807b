using Fixlify.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fixlify.Functions;

internal sealed class MetricsFunctions(MetricsApi api, WorkflowMetricsApi workflows)
{
    [Function("GetMetrics")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "metrics")] HttpRequest request) =>
        api.GetAsync(request.HttpContext, request.HttpContext.RequestAborted);

    [Function("GetWorkflowMetrics")]
    public Task<IResult> GetByWorkflow([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "metrics/workflows")] HttpRequest request) =>
        workflows.GetAsync(request.HttpContext, request.HttpContext.RequestAborted);
}
