using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Fixlify.Api;

/// <summary>Validates bearer JWTs: signature (HS256 key or JWKS), issuer, audience, lifetime and the organization claim.</summary>
internal sealed class BearerTokenValidator
{
    readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    readonly TokenValidationParameters _parameters;
    readonly string _organizationClaim;
    readonly string _roleClaim;
    readonly ApiRole _roleWhenMissing;

    public BearerTokenValidator(IOptions<AuthOptions> options)
    {
        var auth = options.Value;
        _organizationClaim = auth.OrganizationClaim;
        _roleClaim = auth.RoleClaim;
        _roleWhenMissing = ApiRoles.Parse(auth.RoleWhenMissing) ?? ApiRole.Owner;
        _parameters = new TokenValidationParameters
        {
            ValidIssuer = auth.Issuer,
            ValidAudience = auth.Audience,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromSeconds(30),
        };

        if (string.IsNullOrWhiteSpace(auth.JwksUrl))
        {
            _parameters.IssuerSigningKey = SigningKeyOf(auth);
            _parameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
        }
        else
        {
            var uri = new Uri(auth.JwksUrl);
            _parameters.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                auth.JwksUrl,
                new JwksRetriever(),
                new HttpDocumentRetriever { RequireHttps = !uri.IsLoopback });
            _parameters.ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256];
        }
    }

    public static SymmetricSecurityKey SigningKeyOf(AuthOptions auth) => new(Encoding.UTF8.GetBytes(auth.SigningKey));

    /// <returns>The caller, or the reason the token was refused.</returns>
    public async Task<(RequestIdentity? Identity, string? Failure)> ValidateAsync(string? authorizationHeader)
    {
        const string scheme = "Bearer ";
        if (string.IsNullOrWhiteSpace(authorizationHeader))
        {
            return (null, "The request has no Authorization header: send 'Authorization: Bearer <token>'.");
        }

        if (!authorizationHeader.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return (null, "The Authorization header is not a bearer token.");
        }

        var token = authorizationHeader[scheme.Length..].Trim();
        TokenValidationResult result = await _handler.ValidateTokenAsync(token, _parameters);
        if (!result.IsValid)
        {
            return (null, Describe(result.Exception));
        }

        var subject = result.Claims.TryGetValue("sub", out var sub) ? sub?.ToString() ?? "" : "";
        if (!result.Claims.TryGetValue(_organizationClaim, out var org) || !Guid.TryParse(org?.ToString(), out var organizationId))
        {
            return (null, $"The token has no organization: claim '{_organizationClaim}' must hold an organization id.");
        }

        // OpenID Connect's "name": the person's full name, which the screens show ("Started by Dana Reyes").
        var name = result.Claims.TryGetValue("name", out var given) && given?.ToString() is { Length: > 0 } text ? text : null;
        if (!result.Claims.TryGetValue(_roleClaim, out var claim) || claim is null)
        {
            return (new RequestIdentity(organizationId, subject, name, _roleWhenMissing), null);
        }

        return RoleOf(claim) is { } role
            ? (new RequestIdentity(organizationId, subject, name, role), null)
            : (null, $"The token's role (claim '{_roleClaim}') is not one of {string.Join(", ", ApiRoles.Names)}.");
    }

    /// <summary>The highest role a claim names: one value, or a list of them (as Entra ID's <c>roles</c>); null when it names none.</summary>
    static ApiRole? RoleOf(object claim)
    {
        IEnumerable<string?> values = claim switch
        {
            string one => [one],
            System.Collections.IEnumerable many => many.Cast<object?>().Select(v => v?.ToString()),
            _ => [claim.ToString()],
        };
        var roles = values.Select(ApiRoles.Parse).OfType<ApiRole>().ToList();
        return roles.Count == 0 ? null : roles.Max();
    }

    static string Describe(Exception? error) => error switch
    {
        SecurityTokenExpiredException => "The token has expired.",
        SecurityTokenNotYetValidException => "The token is not valid yet.",
        SecurityTokenInvalidAudienceException => "The token is for another audience.",
        SecurityTokenInvalidIssuerException => "The token comes from an issuer this API does not trust.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The token's signature is not valid.",
        SecurityTokenMalformedException or ArgumentException => "The token is not a well-formed JWT.",
        SecurityTokenNoExpirationException => "The token has no expiry.",
        _ => "The token is not valid.",
    };

    /// <summary>Reads a bare JWKS document (not an OpenID discovery document) into signing keys.</summary>
    sealed class JwksRetriever : IConfigurationRetriever<OpenIdConnectConfiguration>
    {
        public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
        {
            var json = await retriever.GetDocumentAsync(address, cancel);
            var configuration = new OpenIdConnectConfiguration();
            foreach (var key in new JsonWebKeySet(json).GetSigningKeys())
            {
                configuration.SigningKeys.Add(key);
            }

            return configuration;
        }
    }
}
