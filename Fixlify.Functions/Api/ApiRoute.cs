using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary>
/// One HTTP route as both hosts serve it: the Functions host through an <c>[HttpTrigger]</c> function of the
/// same name, method and route, the standalone host by mapping <see cref="Handle"/> under <c>/api</c>. The rest
/// describes it: the OpenAPI document is generated from it, and its query parameters are checked from it.
/// </summary>
internal sealed record ApiRoute(string Name, string Method, string Template, bool Anonymous, Func<HttpContext, Task<IResult>> Handle)
{
    public string Path => "/api/" + Template;

    public string Summary { get; init; } = "";

    /// <summary>
    /// The least role that may call the route (<see cref="ApiRole"/>): required, so a route cannot be added without
    /// deciding who may call it. An anonymous route states <see cref="ApiRole.Viewer"/> (no token, so no role is checked).
    /// </summary>
    public required ApiRole Role { get; init; }

    /// <summary>What the route does, in a few words, for the refusal of a role below <see cref="Role"/> ("test automations"); by default its area's.</summary>
    public string? Doing { get; init; }

    /// <summary>The OpenAPI tag (the area: Workflows, Executions, …).</summary>
    public string Tag { get; init; } = "";

    /// <summary>The query parameters the route takes; any other is refused with 400.</summary>
    public IReadOnlyList<ApiParameter> Query { get; init; } = [];

    /// <summary>The request headers the route reads (documented, not checked: a client may send others).</summary>
    public IReadOnlyList<ApiParameter> Headers { get; init; } = [];

    /// <summary>The request body's schema (a name in <see cref="ApiSchemas"/>), or null for none.</summary>
    public string? Body { get; init; }

    /// <summary>Status code → response schema name (null: no body; problems use the Problem schema).</summary>
    public IReadOnlyDictionary<int, string?> Responses { get; init; } = new Dictionary<int, string?>();

    /// <summary>The response's media type when it is not JSON (the live stream).</summary>
    public string? ContentType { get; init; }
}

/// <summary>A query parameter: its type (<c>string</c>, <c>uuid</c>, <c>date-time</c>, <c>integer</c>, <c>boolean</c>) and, for enumerations, its allowed values.</summary>
internal sealed record ApiParameter(string Name, string Type, string Description, IReadOnlyList<string>? Allowed = null, int? Minimum = null, int? Maximum = null);
