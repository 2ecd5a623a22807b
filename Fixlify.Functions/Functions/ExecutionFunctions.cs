using Fixlify.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Fixlify.Functions;

internal sealed class ExecutionFunctions(ExecutionsApi api, ExecutionStreamApi stream)
{
    [Function("GetExecution")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "executions/{id}")] HttpRequest request, string id) =>
        api.GetAsync(request.HttpContext, id, request.HttpContext.RequestAborted);

    [Function("CancelExecution")]
    public Task<IResult> Cancel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "executions/{id}/cancel")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) =>
        api.CancelAsync(request.HttpContext, id, client, request.HttpContext.RequestAborted);

    [Function("ListExecutions")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "executions")] HttpRequest request) =>
        api.ListAsync(request.HttpContext, request.HttpContext.RequestAborted);

    [Function("StreamExecutions")]
    public Task<IResult> Stream([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "executions/stream")] HttpRequest request) =>
        stream.StreamAsync(request.HttpContext, request.HttpContext.RequestAborted);

    [Function("RetryExecution")]
    public Task<IResult> Retry(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "executions/{id}/retry")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) =>
        api.RetryAsync(request.HttpContext, id, client, request.HttpContext.RequestAborted);
}
