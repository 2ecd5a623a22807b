using Fixlify.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fixlify.Functions;

internal sealed class CallerFunctions(CallerApi api)
{
    [Function("GetCaller")]
    public Task<IResult> GetCaller([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me")] HttpRequest request) =>
        api.GetAsync(request.HttpContext, request.HttpContext.RequestAborted);
}
