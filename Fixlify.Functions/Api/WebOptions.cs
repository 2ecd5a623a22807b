namespace Fixlify.Api;

/// <summary>
/// How the web app signs people in (<c>GET /api/web-config</c>). With <see cref="Authority"/> set: OpenID Connect
/// authorization code + PKCE (RFC 7636) against that identity provider, which must issue the tokens the API accepts
/// (<c>Auth__Issuer</c>, <c>Auth__JwksUrl</c>). Without it: local development, where <c>make run</c> prints a sign-in link
/// carrying a development token in its fragment.
/// </summary>
internal sealed class WebOptions
{
    public const string Section = "Web";

    /// <summary>The OpenID Connect issuer URL (its <c>/.well-known/openid-configuration</c> is read); https, or loopback for tests.</summary>
    public string Authority { get; set; } = "";

    /// <summary>The web app's client id at the identity provider (a public client: no secret).</summary>
    public string ClientId { get; set; } = "";

    /// <summary>Space-separated scopes to ask for; must yield an access token for the API's audience.</summary>
    public string Scope { get; set; } = "openid profile";

    public bool UsesOpenIdConnect => !string.IsNullOrWhiteSpace(Authority);

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!UsesOpenIdConnect)
        {
            return problems;
        }

        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && !uri.IsLoopback))
        {
            problems.Add($"Setting '{Section}__{nameof(Authority)}' must be an absolute https URL (the identity provider's issuer).");
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            problems.Add($"Setting '{Section}__{nameof(ClientId)}' is missing: the web app's client id at '{Authority}'.");
        }

        if (!Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("openid", StringComparer.Ordinal))
        {
            problems.Add($"Setting '{Section}__{nameof(Scope)}' must include 'openid'.");
        }

        return problems;
    }
}
