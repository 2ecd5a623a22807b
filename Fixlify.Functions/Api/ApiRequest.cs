using System.Text.Json.Nodes;
using Fixlify.Workflows;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary>
/// The opening every handler shares: who is calling (<see cref="RequestIdentity"/>), the route's id (not a UUID: the
/// route's 404) and the JSON body (<see cref="JsonBody"/>). A handler reads it in one call and returns the problem, if any.
/// </summary>
/// <param name="Id">The route's id; <see cref="Guid.Empty"/> for a route without one.</param>
/// <param name="Body">The body; empty when the route reads none or it was empty and optional.</param>
internal sealed record ApiRequest(RequestIdentity Identity, Guid Id, JsonObject Body)
{
    /// <summary>A route without an id.</summary>
    public static Task<(ApiRequest? Request, IResult? Problem)> ReadAsync(HttpContext context, RequestBody body, CancellationToken cancellationToken) =>
        ReadAsync(context, null, _ => throw new InvalidOperationException("No route id."), body, cancellationToken);

    /// <summary>A route with an id; <paramref name="notFound"/> answers an id that is not a UUID.</summary>
    public static async Task<(ApiRequest? Request, IResult? Problem)> ReadAsync(
        HttpContext context, string? id, Func<string, IResult> notFound, RequestBody body, CancellationToken cancellationToken)
    {
        var identity = RequestIdentity.Of(context);
        var routeId = Guid.Empty;
        if (id is not null)
        {
            if (JsonBody.Id(id) is not { } parsed)
            {
                return (null, notFound(id));
            }

            routeId = parsed;
        }

        if (body == RequestBody.None)
        {
            return (new ApiRequest(identity, routeId, []), null);
        }

        var (read, problem) = await JsonBody.ReadObjectAsync(context.Request, required: body == RequestBody.Required, cancellationToken);
        return problem is not null ? (null, problem) : (new ApiRequest(identity, routeId, read!), null);
    }

    /// <summary>A route with an id and no body.</summary>
    public static (ApiRequest? Request, IResult? Problem) Read(HttpContext context, string id, Func<string, IResult> notFound) =>
        JsonBody.Id(id) is { } routeId ? (new ApiRequest(RequestIdentity.Of(context), routeId, []), null) : (null, notFound(id));

    /// <summary>A problem for each field of the body not in <paramref name="known"/>, worded by <paramref name="message"/>.</summary>
    public List<FieldError> UnknownFields(Func<string, string> message, params string[] known) =>
        [.. Body.Select(p => p.Key).Where(k => !known.Contains(k)).Select(k => new FieldError(k, message(k)))];

    /// <summary>The caller's user id, when the token's subject is one.</summary>
    public Guid? UserId => Guid.TryParse(Identity.Subject, out var user) ? user : null;
}
