using Fixlify.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Fixlify.Functions;

internal sealed class ClientFunctions(ClientErasureApi api)
{
    [Function("EraseClient")]
    public Task<IResult> Erase(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "clients/{id}/erase")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) =>
        api.EraseAsync(request.HttpContext, id, client, request.HttpContext.RequestAborted);
}
