namespace Fixlify.Api;

/// <summary>How bearer tokens are checked: issuer, audience and either an HS256 key or a JWKS URL.</summary>
internal sealed class AuthOptions
{
    public const string Section = "Auth";

    public string Issuer { get; set; } = "";

    public string Audience { get; set; } = "";

    /// <summary>Shared HS256 secret (at least 32 bytes of UTF-8). Used when <see cref="JwksUrl"/> is empty.</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>Where the identity provider publishes its signing keys (RS256/ES256 tokens).</summary>
    public string JwksUrl { get; set; } = "";

    /// <summary>The claim that carries the caller's organization id.</summary>
    public string OrganizationClaim { get; set; } = "org_id";

    /// <summary>The claim that carries the caller's role (<c>owner</c>, <c>admin</c>, <c>editor</c>, <c>viewer</c>; a single value or a list, the highest counts).</summary>
    public string RoleClaim { get; set; } = "role";

    /// <summary>
    /// The role of a token without the role claim: <c>owner</c> by default, so tokens issued before roles keep doing all
    /// they did (ADR 0020); set <c>viewer</c> once the identity provider gives every person a role.
    /// </summary>
    public string RoleWhenMissing { get; set; } = "owner";

    public const int MinimumKeyBytes = 32;

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Issuer))
        {
            problems.Add($"Setting '{Section}__{nameof(Issuer)}' is missing: the issuer (iss) tokens must carry.");
        }

        if (string.IsNullOrWhiteSpace(Audience))
        {
            problems.Add($"Setting '{Section}__{nameof(Audience)}' is missing: the audience (aud) tokens must carry.");
        }

        if (string.IsNullOrWhiteSpace(JwksUrl))
        {
            if (string.IsNullOrEmpty(SigningKey))
            {
                problems.Add($"Setting '{Section}__{nameof(SigningKey)}' is missing (and '{Section}__{nameof(JwksUrl)}' is not set): give an HS256 key of at least {MinimumKeyBytes} bytes or a JWKS URL.");
            }
            else if (System.Text.Encoding.UTF8.GetByteCount(SigningKey) < MinimumKeyBytes)
            {
                problems.Add($"Setting '{Section}__{nameof(SigningKey)}' is too short: HS256 needs at least {MinimumKeyBytes} bytes.");
            }
        }
        else if (!Uri.TryCreate(JwksUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && !uri.IsLoopback))
        {
            problems.Add($"Setting '{Section}__{nameof(JwksUrl)}' must be an absolute https URL.");
        }

        if (string.IsNullOrWhiteSpace(OrganizationClaim))
        {
            problems.Add($"Setting '{Section}__{nameof(OrganizationClaim)}' is empty.");
        }

        if (string.IsNullOrWhiteSpace(RoleClaim))
        {
            problems.Add($"Setting '{Section}__{nameof(RoleClaim)}' is empty: the claim that carries the caller's role (e.g. role).");
        }

        if (ApiRoles.Parse(RoleWhenMissing) is null)
        {
            problems.Add($"Setting '{Section}__{nameof(RoleWhenMissing)}' must be one of {string.Join(", ", ApiRoles.Names)}.");
        }

        return problems;
    }
}
