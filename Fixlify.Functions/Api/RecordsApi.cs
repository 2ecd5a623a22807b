using System.Text.Json.Nodes;
using Fixlify.Data;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary>
/// <c>GET /api/records?type=job|invoice|client|estimate&amp;q=…</c>: the organization's records for the builder's dry-run
/// picker, newest first, a page at a time (<c>limit</c>, <c>cursor</c>), searched by name, title, number or email.
/// </summary>
internal sealed class RecordsApi(TenantDatabase database)
{
    public static readonly ApiParameter Type = new("type", "string", "The kind of record (required).", RecordSearch.Types);
    public static readonly ApiParameter Search = new("q", "string", "Words in a job's title, an invoice's or estimate's number, or a client's name, company or email.");

    public async Task<IResult> ListAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var identity = RequestIdentity.Of(context);
        if (ApiQuery.Text(context.Request, Type.Name) is not { } type)
        {
            return Problems.BadRequest($"Name the kind of record: type={string.Join("|", RecordSearch.Types)}.", Type.Name);
        }

        var (limit, after, problem) = Paging.Read(context.Request);
        if (problem is not null)
        {
            return problem;
        }

        var query = ApiQuery.Text(context.Request, Search.Name);
        if (query is { Length: > 200 })
        {
            return Problems.BadRequest("Search with at most 200 characters.", Search.Name);
        }

        await using var transaction = await database.BeginReadOnlyAsync(identity.OrganizationId, cancellationToken);
        var records = await RecordSearch.FindAsync(transaction, type, query, after, limit + 1, cancellationToken);
        return Results.Ok(Paging.Page(records, limit, Json, r => (r.CreatedAt, r.Id)));
    }

    static JsonObject Json(RecordSummary record) => new()
    {
        ["type"] = record.Type, ["id"] = record.Id.ToString(), ["label"] = record.Label, ["detail"] = record.Detail, ["createdAt"] = record.CreatedAt,
    };
}
