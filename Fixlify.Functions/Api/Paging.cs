using System.Text.Json.Nodes;
using Fixlify.Data;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary>Cursor pagination: <c>limit</c> (1–100, default 25) and an opaque <c>cursor</c> from the previous page.</summary>
internal static class Paging
{
    public static readonly ApiParameter Limit = new("limit", "integer", "Items per page (default 25).", Minimum: 1, Maximum: 100);
    public static readonly ApiParameter Cursor = new("cursor", "string", "The nextCursor of the previous page.");

    /// <summary>The page size and where to start; a problem when the cursor is not one this API issued.</summary>
    public static (int Limit, (DateTimeOffset At, Guid Id)? After, IResult? Problem) Read(HttpRequest request)
    {
        var limit = ApiQuery.Number(request, Limit.Name) ?? 25;
        var text = ApiQuery.Text(request, Cursor.Name);
        if (text is null)
        {
            return (limit, null, null);
        }

        return PageCursor.Decode(text) is { } cursor
            ? (limit, (cursor.At, cursor.Id), null)
            : (limit, null, Problems.BadRequest("The cursor is not one this API issued (it may have been altered): start again from the first page.", Cursor.Name));
    }

    /// <summary>{items, nextCursor}: one more item than the page was read to know whether another page follows.</summary>
    public static JsonObject Page<T>(IReadOnlyList<T> items, int limit, Func<T, JsonObject> json, Func<T, (DateTimeOffset At, Guid Id)> key)
    {
        var page = items.Take(limit).ToList();
        var next = items.Count > limit ? key(page[^1]) : ((DateTimeOffset, Guid)?)null;
        return new JsonObject
        {
            ["items"] = new JsonArray([.. page.Select(i => (JsonNode)json(i))]),
            ["nextCursor"] = next is { } n ? new PageCursor(n.Item1, n.Item2).Encode() : null,
        };
    }

    /// <summary>
    /// A list route's whole answer: the page the query asks for, read by <paramref name="read"/> in a transaction of the
    /// caller's organization (given where to start and how many rows to read: one more than the page), as {items, nextCursor}.
    /// </summary>
    public static async Task<IResult> ListAsync<T>(
        HttpContext context,
        TenantDatabase database,
        Func<DatabaseTransaction, Guid, (DateTimeOffset At, Guid Id)?, int, Task<List<T>>> read,
        Func<T, JsonObject> json,
        Func<T, (DateTimeOffset At, Guid Id)> key,
        CancellationToken cancellationToken)
    {
        var identity = RequestIdentity.Of(context);
        var (limit, after, problem) = Read(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        await using var transaction = await database.BeginAsync(identity.OrganizationId, cancellationToken);
        return Results.Ok(Page(await read(transaction, identity.OrganizationId, after, limit + 1), limit, json, key));
    }
}
