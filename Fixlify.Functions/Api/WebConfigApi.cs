using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Fixlify.Api;

/// <summary><c>GET /api/web-config</c> (anonymous): how the web app signs people in, before anyone has.</summary>
internal sealed class WebConfigApi(IOptions<WebOptions> options)
{
    /// <summary><c>signIn</c> is <c>oidc</c> (with authority, clientId and scope) or <c>token</c> (a development token).</summary>
    internal sealed record WebConfig(string SignIn, string? Authority, string? ClientId, string? Scope);

    public IResult Get()
    {
        var web = options.Value;
        return Results.Ok(web.UsesOpenIdConnect
            ? new WebConfig("oidc", web.Authority, web.ClientId, web.Scope)
            : new WebConfig("token", null, null, null));
    }
}
