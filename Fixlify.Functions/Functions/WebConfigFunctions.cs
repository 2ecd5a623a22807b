using Fixlify.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fixlify.Functions;

internal sealed class WebConfigFunctions(WebConfigApi api)
{
    [Function("GetWebConfig")]
    public IResult Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "web-config")] HttpRequest request) => api.Get();
}
