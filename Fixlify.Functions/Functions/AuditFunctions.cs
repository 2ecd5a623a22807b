using Fixlify.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fixlify.Functions;

internal sealed class AuditFunctions(AuditApi api)
{
    [Function("ListAuditEntries")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "audit")] HttpRequest request) =>
        api.ListAsync(request.HttpContext, request.HttpContext.RequestAborted);
}
