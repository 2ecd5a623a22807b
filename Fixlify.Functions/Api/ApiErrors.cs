using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Fixlify.Api;

/// <summary>What both hosts do with an exception no handler caught: log it, answer 500 problem details.</summary>
internal static class ApiErrors
{
    public static async Task WriteUnhandledAsync(HttpContext context, Exception error, ILogger logger)
    {
        Log.UnhandledError(logger, error, context.Request.Method, context.Request.Path);
        context.Response.Clear();
        await Problems.ServerError(context.TraceIdentifier).ExecuteAsync(context);
    }
}
