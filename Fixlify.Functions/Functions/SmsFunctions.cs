using Fixlify.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fixlify.Functions;

public sealed class SmsFunctions(SmsInboundApi api)
{
    /// <summary>Anonymous to the Functions host: Telnyx's signature authenticates it.</summary>
    [Function("ReceiveSmsWebhook")]
    public Task<IResult> Receive([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sms/inbound")] HttpRequest request) =>
        api.ReceiveAsync(request.HttpContext, request.HttpContext.RequestAborted);
}
