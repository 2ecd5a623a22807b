using Fixlify.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fixlify.Functions;

internal sealed class TemplateFunctions(TemplatesApi api)
{
    [Function("ListTemplates")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "templates")] HttpRequest request) =>
        api.ListAsync(request.HttpContext, request.HttpContext.RequestAborted);

    [Function("InstantiateTemplate")]
    public Task<IResult> Instantiate([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "templates/{id}/instantiate")] HttpRequest request, string id) =>
        api.InstantiateAsync(request.HttpContext, id, request.HttpContext.RequestAborted);
}
