using Fixlify.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Fixlify.Functions;

public sealed class ExecutionFunctions(ExecutionsApi api)
{
    [Function("GetExecution")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "executions/{id}")] HttpRequest request, string id) =>
        api.GetAsync(request.HttpContext, id, request.HttpContext.RequestAborted);

    [Function("CancelExecution")]
    public Task<IResult> Cancel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "executions/{id}/cancel")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) =>
        api.CancelAsync(request.HttpContext, id, client, request.HttpContext.RequestAborted);
}
