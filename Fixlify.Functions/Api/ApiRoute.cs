using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary>
/// One HTTP route as both hosts serve it: the Functions host through an <c>[HttpTrigger]</c> function of the
/// same name, method and route, the standalone host by mapping <see cref="Handle"/> under <c>/api</c>.
/// </summary>
public sealed record ApiRoute(string Name, string Method, string Template, bool Anonymous, Func<HttpContext, Task<IResult>> Handle)
{
    public string Path => "/api/" + Template;
}
