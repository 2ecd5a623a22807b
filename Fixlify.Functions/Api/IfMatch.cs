using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Fixlify.Api;

/// <summary>
/// The <c>If-Match</c> precondition of a write, as RFC 9110 §13.1.1 says: absent, it holds; <c>*</c> holds for a
/// resource that exists; otherwise it holds when one of the listed tags equals the current one by strong comparison
/// (a weak tag never matches). A header that is not <c>*</c> or a list of entity tags is a bad request.
/// </summary>
internal sealed record IfMatch(bool Any, IReadOnlyList<EntityTagHeaderValue> Tags)
{
    public static readonly ApiParameter Header = new("If-Match", "string",
        "The ETag the change is based on (or a list of them, or *): the write is refused with 412 when the workflow has changed since. Weak tags (W/\"…\") never match.");

    /// <summary>The request's precondition; null when it has none; a problem when the header cannot be read.</summary>
    public static (IfMatch? Condition, IResult? Problem) Read(HttpRequest request)
    {
        var values = request.Headers.IfMatch;
        if (values.Count == 0 || values.All(string.IsNullOrWhiteSpace))
        {
            return (null, null);
        }

        if (!EntityTagHeaderValue.TryParseStrictList(values, out var tags) || tags.Count == 0
            || (tags.Any(t => t.Equals(EntityTagHeaderValue.Any)) && tags.Count > 1))
        {
            return (null, Problems.BadRequest(
                "If-Match must be * or a list of ETags as this API sends them (for example \"v3-5\"): send back the ETag of the workflow you loaded.",
                "If-Match"));
        }

        return (tags.Count == 1 && tags[0].Equals(EntityTagHeaderValue.Any) ? new IfMatch(true, []) : new IfMatch(false, [.. tags]), null);
    }

    /// <summary>Whether the write may go ahead on the resource whose strong tag is <paramref name="current"/> (it exists).</summary>
    public bool Holds(string current)
    {
        if (Any)
        {
            return true;
        }

        var tag = new EntityTagHeaderValue(current);
        return Tags.Any(t => t.Compare(tag, useStrongComparison: true));
    }
}
