using System.Text.Json.Nodes;
using Fixlify.Application;
using Fixlify.Channels;
using Fixlify.Data;
using Fixlify.Workflows;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary>
/// The caller's organization's SMS suppression list (<see cref="SmsSuppressionList"/>): the numbers no text goes to.
/// Numbers are read as E.164 in the organization's <c>country_code</c>; adding or removing one also sets or clears
/// <c>sms_opt_out</c> of the clients with that number. Entries are addressed by id, so no phone number is ever in a URL.
/// </summary>
internal sealed class SmsSuppressionsApi(TenantDatabase database, AddSmsSuppression add, RemoveSmsSuppression remove)
{
    /// <summary><c>GET /api/sms/suppressions</c>: newest first, a page at a time (<c>limit</c>, <c>cursor</c>).</summary>
    public Task<IResult> ListAsync(HttpContext context, CancellationToken cancellationToken) =>
        Paging.ListAsync(
            context,
            database,
            async (transaction, organizationId, after, take) => (await SmsSuppressionList.ListAsync(transaction, organizationId, after, take, cancellationToken)).ToList(),
            Json,
            e => (e.CreatedAt, e.Id),
            cancellationToken);

    /// <summary>
    /// <c>POST /api/sms/suppressions</c> <c>{phone, note?}</c>: 201 with the new entry (and <c>clients</c>, how many were
    /// marked opted out), or 200 with the entry the number already had; 400 naming <c>phone</c> (masked) when it is not a
    /// phone number.
    /// </summary>
    public async Task<IResult> AddAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var (request, problem) = await ApiRequest.ReadAsync(context, RequestBody.Required, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var body = request!.Body;
        var errors = request.UnknownFields(key => $"Unknown field '{key}': give phone and, if you like, note.", "phone", "note");
        var phone = body["phone"] is JsonValue p && p.TryGetValue<string>(out var text) ? text : null;
        var note = body["note"] is JsonValue n && n.TryGetValue<string>(out var noteText) ? noteText.Trim() : null;
        if (body["note"] is not null && (note is null || note.Length > 500))
        {
            errors.Add(new FieldError("note", "Must be text of at most 500 characters."));
        }

        var result = await add.ExecuteAsync(new AddSmsSuppression.Request(request.Identity.OrganizationId, request.Identity.Actor, phone, note, errors), cancellationToken);
        if (result is not AddSmsSuppression.Result.Added added)
        {
            return Problems.Validation(((AddSmsSuppression.Result.Invalid)result).Errors);
        }

        var json = Json(added.Entry);
        json["clients"] = added.Clients;
        return added.New ? Results.Created($"/api/sms/suppressions/{added.Entry.Id}", json) : Results.Ok(json);
    }

    /// <summary><c>DELETE /api/sms/suppressions/{id}</c>: the number may be texted again; 204, or 404.</summary>
    public async Task<IResult> RemoveAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        var (request, problem) = ApiRequest.Read(context, id, NotFound);
        if (problem is not null)
        {
            return problem;
        }

        var removed = await remove.ExecuteAsync(request!.Identity.OrganizationId, request.Id, request.Identity.Actor, cancellationToken);
        return removed.Removed ? Results.NoContent() : NotFound(id);
    }

    static JsonObject Json(SmsSuppression entry) => new()
    {
        ["id"] = entry.Id.ToString(),
        ["phone"] = entry.Phone,
        ["source"] = entry.Source,
        ["detail"] = entry.Detail,
        ["createdAt"] = entry.CreatedAt,
    };

    static IResult NotFound(string id) => Problems.NotFound($"No SMS suppression '{id}' in your organization.");
}
