using Fixlify.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Fixlify.Functions;

internal sealed class SmsFunctions(SmsInboundApi api, SmsSuppressionsApi suppressions)
{
    /// <summary>Anonymous to the Functions host: Telnyx's signature authenticates it.</summary>
    [Function("ReceiveSmsWebhook")]
    public Task<IResult> Receive(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sms/inbound")] HttpRequest request, [DurableClient] DurableTaskClient client) =>
        api.ReceiveAsync(request.HttpContext, client, request.HttpContext.RequestAborted);

    [Function("ListSmsSuppressions")]
    public Task<IResult> ListSuppressions([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "sms/suppressions")] HttpRequest request) =>
        suppressions.ListAsync(request.HttpContext, request.HttpContext.RequestAborted);

    [Function("AddSmsSuppression")]
    public Task<IResult> AddSuppression([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sms/suppressions")] HttpRequest request) =>
        suppressions.AddAsync(request.HttpContext, request.HttpContext.RequestAborted);

    [Function("RemoveSmsSuppression")]
    public Task<IResult> RemoveSuppression([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "sms/suppressions/{id}")] HttpRequest request, string id) =>
        suppressions.RemoveAsync(request.HttpContext, id, request.HttpContext.RequestAborted);
}
