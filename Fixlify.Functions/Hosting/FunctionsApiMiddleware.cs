using Fixlify.Api;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace Fixlify.Hosting;

/// <summary>
/// Functions host: authenticates HTTP functions with the bearer token (the runtime reserves its own
/// <c>Bearer</c> scheme, so this is done in worker middleware) and turns unhandled errors into problem details.
/// </summary>
public sealed class FunctionsApiMiddleware(RequestAuthenticator authenticator, ILogger<FunctionsApiMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var http = context.GetHttpContext();
        if (http is null)
        {
            await next(context);
            return;
        }

        try
        {
            // A function missing from the route table is treated as protected.
            var route = ApiRoutes.Named(context.FunctionDefinition.Name);
            if (route is not { Anonymous: true })
            {
                var refusal = await authenticator.AuthenticateAsync(http);
                if (refusal is not null)
                {
                    await refusal.ExecuteAsync(http);
                    return;
                }
            }

            if (route is not null && ApiQuery.Check(http.Request, route) is { Count: > 0 } errors)
            {
                await Problems.Validation(errors).ExecuteAsync(http);
                return;
            }

            await next(context);
        }
        catch (Exception e) when (!http.Response.HasStarted && e is not OperationCanceledException)
        {
            await ApiErrors.WriteUnhandledAsync(http, e, logger);
        }
    }
}
