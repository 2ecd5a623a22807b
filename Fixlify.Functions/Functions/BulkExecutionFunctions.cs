using Fixlify.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Fixlify.Functions;

/// <summary>Bulk retry and bulk cancel, as HTTP functions (the routes of <see cref="BulkExecutionsApi"/>).</summary>
internal sealed class BulkExecutionFunctions(BulkExecutionsApi api)
{
    [Function("PreviewBulkExecutions")]
    public Task<IResult> Preview([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "executions/bulk/preview")] HttpRequest request) =>
        api.PreviewAsync(request.HttpContext, request.HttpContext.RequestAborted);

    [Function("RunBulkExecutions")]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "executions/bulk/run")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        api.RunAsync(request.HttpContext, client, request.HttpContext.RequestAborted);
}
