using Fixlify.Api;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Fixlify.Hosting;

/// <summary>
/// Functions host: runs every HTTP function through <see cref="ApiMiddleware"/> with the route of the same name (the
/// runtime reserves its own <c>Bearer</c> scheme, so authentication is done in worker middleware). A function missing
/// from the route table is refused like an unknown route.
/// </summary>
internal sealed class FunctionsApiMiddleware(ApiMiddleware api) : IFunctionsWorkerMiddleware
{
    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next) =>
        context.GetHttpContext() is { } http
            ? api.InvokeAsync(http, ApiRoutes.Named(context.FunctionDefinition.Name), () => next(context))
            : next(context);
}
