using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Fixlify.Api;

/// <summary>The one place both hosts authenticate a request: validate its bearer token and attach the caller.</summary>
internal sealed class RequestAuthenticator(BearerTokenValidator validator, ILogger<RequestAuthenticator> logger)
{
    /// <returns>Null when the caller is attached to the request; otherwise the 401 to send.</returns>
    public async Task<IResult?> AuthenticateAsync(HttpContext context)
    {
        var (identity, failure) = await validator.ValidateAsync(context.Request.Headers.Authorization.ToString());
        if (identity is null)
        {
            Log.RequestRefused(logger, context.Request.Method, context.Request.Path, failure!);
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Problems.Unauthorized(failure!);
        }

        identity.AttachTo(context);
        return null;
    }
}
