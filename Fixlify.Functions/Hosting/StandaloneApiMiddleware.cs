using Fixlify.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Fixlify.Hosting;

/// <summary>Standalone host: the same authentication and error handling as <see cref="FunctionsApiMiddleware"/>.</summary>
public sealed class StandaloneApiMiddleware(RequestDelegate next, RequestAuthenticator authenticator, ILogger<StandaloneApiMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            var route = context.GetEndpoint()?.Metadata.GetMetadata<ApiRoute>();
            if (route is { Anonymous: false })
            {
                var refusal = await authenticator.AuthenticateAsync(context);
                if (refusal is not null)
                {
                    await refusal.ExecuteAsync(context);
                    return;
                }
            }

            if (route is not null && ApiQuery.Check(context.Request, route) is { Count: > 0 } errors)
            {
                await Problems.Validation(errors).ExecuteAsync(context);
                return;
            }

            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            await ApiErrors.WriteUnhandledAsync(context, e, logger);
        }
    }
}
