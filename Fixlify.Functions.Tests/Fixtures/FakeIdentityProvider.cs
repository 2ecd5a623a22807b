using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Fixlify.Tests.Fixtures;

/// <summary>
/// An OpenID Connect provider on 127.0.0.1 for the sign-in tests: discovery, JWKS (one RS256 key), an authorize page
/// with a "Continue" button, and a token endpoint that checks the PKCE verifier (RFC 7636, S256) before it issues an
/// access token for the API (iss, aud, sub, org_id) and an ID token for the web app (aud = client id, nonce).
/// </summary>
public sealed class FakeIdentityProvider : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "test-key-1" };
    readonly ConcurrentDictionary<string, Grant> _grants = new();

    sealed record Grant(string ClientId, string RedirectUri, string Challenge, string? Nonce);

    FakeIdentityProvider(Uri issuer, string audience, Guid organizationId, string subject)
    {
        Issuer = issuer;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(issuer.ToString());
        builder.Logging.ClearProviders();
        _app = builder.Build();
        var root = issuer.ToString().TrimEnd('/');
        _app.Use(async (context, next) =>
        {
            // The browser calls discovery, JWKS and the token endpoint from the web app's origin.
            context.Response.Headers.AccessControlAllowOrigin = "*";
            context.Response.Headers.AccessControlAllowHeaders = "*";
            if (HttpMethods.IsOptions(context.Request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }

            await next(context);
        });
        _app.MapGet("/.well-known/openid-configuration", () => Results.Json(new JsonObject
        {
            ["issuer"] = root,
            ["authorization_endpoint"] = root + "/authorize",
            ["token_endpoint"] = root + "/token",
            ["jwks_uri"] = root + "/jwks",
            ["response_types_supported"] = new JsonArray("code"),
            ["subject_types_supported"] = new JsonArray("public"),
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["code_challenge_methods_supported"] = new JsonArray("S256"),
        }));
        _app.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(_key);
            return Results.Json(new JsonObject
            {
                ["keys"] = new JsonArray(new JsonObject { ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = _key.KeyId, ["n"] = jwk.N, ["e"] = jwk.E }),
            });
        });
        _app.MapGet("/authorize", (HttpRequest request) =>
        {
            var query = request.Query;
            if (query["response_type"] != "code" || query["code_challenge_method"] != "S256" || string.IsNullOrEmpty(query["code_challenge"]))
            {
                return Results.BadRequest("authorization code with PKCE (S256) only");
            }

            var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            _grants[code] = new Grant(query["client_id"]!, query["redirect_uri"]!, query["code_challenge"]!, query["nonce"]);
            var back = $"{query["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(query["state"]!)}";
            return Results.Content(
                $"""<!doctype html><html lang="en"><title>Test identity provider</title><link rel="icon" href="data:,"><h1>Sign in to Fixlify</h1><p>Signed in as {subject}.</p><a href="{System.Net.WebUtility.HtmlEncode(back)}">Continue</a></html>""",
                "text/html");
        });
        _app.MapPost("/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            if (form["grant_type"] != "authorization_code" || !_grants.TryRemove(form["code"].ToString(), out var grant))
            {
                return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
            }

            var verifier = form["code_verifier"].ToString();
            var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
            if (challenge != grant.Challenge || form["client_id"] != grant.ClientId || form["redirect_uri"] != grant.RedirectUri)
            {
                return Results.Json(new { error = "invalid_grant", error_description = "PKCE verifier, client or redirect URI does not match" }, statusCode: 400);
            }

            VerifiedExchanges++;
            var now = DateTime.UtcNow;
            var access = Sign(root, audience, subject, now, new Dictionary<string, object> { ["org_id"] = organizationId.ToString() });
            var claims = new Dictionary<string, object>();
            if (grant.Nonce is { } nonce)
            {
                claims["nonce"] = nonce;
            }

            var id = Sign(root, grant.ClientId, subject, now, claims);
            return Results.Json(new { access_token = access, id_token = id, token_type = "Bearer", expires_in = 3600, scope = form["scope"].ToString() });
        });
    }

    public Uri Issuer { get; }

    /// <summary>Code exchanges whose PKCE verifier matched.</summary>
    public int VerifiedExchanges { get; private set; }

    public string JwksUrl => Issuer + "jwks";

    /// <summary>The issuer as tokens carry it (no trailing slash).</summary>
    public string Authority => Issuer.ToString().TrimEnd('/');

    public static async Task<FakeIdentityProvider> StartAsync(string audience, Guid organizationId, string subject)
    {
        var provider = new FakeIdentityProvider(new Uri($"http://127.0.0.1:{StandaloneApp.FreePort()}/"), audience, organizationId, subject);
        await provider._app.StartAsync();
        return provider;
    }

    string Sign(string issuer, string audience, string subject, DateTime now, Dictionary<string, object> claims) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim("sub", subject)]),
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
