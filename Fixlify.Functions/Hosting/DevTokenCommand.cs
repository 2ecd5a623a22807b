using System.Globalization;
using Fixlify.Api;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Fixlify.Hosting;

/// <summary>
/// <c>dev-token --org ID [--sub SUBJECT] [--name "FULL NAME"] [--role owner|admin|editor|viewer] [--hours N]</c>: prints a
/// token signed with the configured HS256 key (without <c>--role</c> it has no role claim: <c>Auth__RoleWhenMissing</c> applies).
/// </summary>
internal static class DevTokenCommand
{
    public static int Run(string[] args)
    {
        var configuration = LocalSettings.ForCommand(args);
        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        if (!Guid.TryParse(configuration["org"], out var organizationId))
        {
            Console.Error.WriteLine("Usage: dev-token --org <organization id> [--sub <subject>] [--name <full name>] [--role owner|admin|editor|viewer] [--hours <lifetime>]");
            return 2;
        }

        var role = configuration["role"];
        if (role is not null && ApiRoles.Parse(role) is null)
        {
            Console.Error.WriteLine($"--role must be one of {string.Join(", ", ApiRoles.Names)}.");
            return 2;
        }

        var problems = auth.Problems();
        if (problems.Count > 0 || !string.IsNullOrEmpty(auth.JwksUrl))
        {
            throw new InvalidSettingsException([.. problems, .. string.IsNullOrEmpty(auth.JwksUrl) ? Array.Empty<string>() : ["dev-token signs with Auth__SigningKey; it cannot mint tokens for a JWKS issuer (Auth__JwksUrl is set)."]]);
        }

        var hours = double.Parse(configuration["hours"] ?? "12", CultureInfo.InvariantCulture);
        Console.WriteLine(Create(auth, organizationId, configuration["sub"] ?? "developer", TimeSpan.FromHours(hours), TimeProvider.System, configuration["name"], role is null ? null : ApiRoles.Parse(role)));
        return 0;
    }

    /// <summary>
    /// A token for <paramref name="subject"/> of the organization; <paramref name="name"/>, when given, is its <c>name</c>
    /// claim, and <paramref name="role"/> its role claim (<see cref="AuthOptions.RoleClaim"/>).
    /// </summary>
    public static string Create(AuthOptions auth, Guid organizationId, string subject, TimeSpan lifetime, TimeProvider clock, string? name = null, ApiRole? role = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = subject,
            [auth.OrganizationClaim] = organizationId.ToString(),
        };
        if (!string.IsNullOrWhiteSpace(name))
        {
            claims["name"] = name;
        }

        if (role is { } given)
        {
            claims[auth.RoleClaim] = ApiRoles.Name(given);
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = auth.Issuer,
            Audience = auth.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(BearerTokenValidator.SigningKeyOf(auth), SecurityAlgorithms.HmacSha256),
        });
    }
}
