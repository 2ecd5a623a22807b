using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Fixlify.Api;

/// <summary>
/// What both hosts do around an API request, so they cannot disagree; each host's middleware only finds the
/// <see cref="ApiRoute"/> the request was matched to. The route table decides who may call what:
/// <list type="bullet">
/// <item>a route marked <see cref="ApiRoute.Anonymous"/> needs no token;</item>
/// <item>every other request — a protected route, or one the table does not list (an unknown path or method, a function
/// missing from the table) — needs a valid bearer token, else 401 problem details with <c>WWW-Authenticate: Bearer</c>;</item>
/// <item>an authenticated request the table does not list gets 404 problem details and never reaches a handler
/// (401 comes first, so an anonymous caller cannot probe which routes exist);</item>
/// <item>a caller whose role (<see cref="RequestIdentity.Role"/>) is below the route's <see cref="ApiRoute.Role"/> gets 403
/// problem details naming the role needed, in words, and never reaches the handler;</item>
/// <item>a listed route's query string is checked against its parameters (400 problem details naming each one).</item>
/// </list>
/// An exception no handler caught becomes 500 problem details.
/// </summary>
internal sealed class ApiMiddleware(RequestAuthenticator authenticator, ILogger<ApiMiddleware> logger)
{
    /// <param name="route">The route table's entry the host matched the request to; null when it matched none.</param>
    /// <param name="next">Runs the route's handler.</param>
    public async Task InvokeAsync(HttpContext context, ApiRoute? route, Func<Task> next)
    {
        try
        {
            if (await RefusalAsync(context, route) is { } refusal)
            {
                await refusal.ExecuteAsync(context);
                return;
            }

            await next();
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            await ApiErrors.WriteUnhandledAsync(context, e, logger);
        }
    }

    async Task<IResult?> RefusalAsync(HttpContext context, ApiRoute? route)
    {
        if (route is not { Anonymous: true } && await authenticator.AuthenticateAsync(context) is { } unauthorized)
        {
            return unauthorized;
        }

        if (route is null)
        {
            return Problems.NotFound($"No route {context.Request.Method} {context.Request.Path}.");
        }

        if (!route.Anonymous && RequestIdentity.Of(context).Role is var role && role < route.Role)
        {
            return Problems.Forbidden(ApiRoles.Refusal(route, role));
        }

        return ApiQuery.Check(context.Request, route) is { Count: > 0 } errors ? Problems.Validation(errors) : null;
    }
}
