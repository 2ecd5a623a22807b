namespace Fixlify.Api;

/// <summary>Reading a role from a token's claim, and the words for a request a role may not make.</summary>
internal static class ApiRoles
{
    /// <summary>The claim's values, as identity providers send them (lower case; read without regard to case).</summary>
    public static readonly IReadOnlyList<string> Names = [.. Enum.GetValues<ApiRole>().Select(Name)];

    public static string Name(ApiRole role) => role.ToString().ToLowerInvariant();

    /// <summary>The role a claim value names (<c>owner</c>, <c>admin</c>, <c>editor</c>, <c>viewer</c>), or null.</summary>
    public static ApiRole? Parse(string? value) =>
        value?.Trim().ToLowerInvariant() switch
        {
            "owner" => ApiRole.Owner,
            "admin" => ApiRole.Admin,
            "editor" => ApiRole.Editor,
            "viewer" => ApiRole.Viewer,
            _ => null,
        };

    /// <summary>"Only an admin or the owner can manage SMS suppressions. You are signed in as an editor."</summary>
    public static string Refusal(ApiRoute route, ApiRole caller) =>
        $"Only {WhoMay(route.Role)} can {Doing(route)}. You are signed in as {WithArticle(caller)}.";

    /// <summary>"an editor, an admin or the owner".</summary>
    public static string WhoMay(ApiRole least)
    {
        string[] who = [.. Enum.GetValues<ApiRole>().Where(r => r >= least).Select(r => r == ApiRole.Owner ? "the owner" : WithArticle(r))];
        return who.Length == 1 ? who[0] : $"{string.Join(", ", who[..^1])} or {who[^1]}";
    }

    static string WithArticle(ApiRole role) => role == ApiRole.Owner ? "the owner" : (role == ApiRole.Admin || role == ApiRole.Editor ? "an " : "a ") + Name(role);

    /// <summary>What the route does, in a few words (its area's, unless the route says).</summary>
    static string Doing(ApiRoute route) =>
        route.Doing ?? route.Tag switch
        {
            "Workflows" or "Templates" => "change automations",
            "Executions" => "run, cancel or retry automations",
            "Channels" => "change SMS suppressions",
            "Clients" => "erase a client's data",
            _ => "do this",
        };
}
