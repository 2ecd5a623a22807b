using Fixlify.Api;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Hosting;

/// <summary>
/// Standalone host: runs every request under <c>/api</c> through <see cref="ApiMiddleware"/> with the route its endpoint
/// carries (none for an unknown path or method). Paths outside <c>/api</c> are not the API (the web app's files).
/// </summary>
internal sealed class StandaloneApiMiddleware(RequestDelegate next, ApiMiddleware api)
{
    public Task InvokeAsync(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            ? api.InvokeAsync(context, context.GetEndpoint()?.Metadata.GetMetadata<ApiRoute>(), () => next(context))
            : next(context);
}
