using Fixlify.Data;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary><c>GET /api/me</c>: who the token says the caller is, and their organization as the database shows it.</summary>
internal sealed class CallerApi(TenantDatabase database)
{
    /// <summary>The caller; <c>TimeZone</c> is the organization's IANA zone, in which the web app shows times;
    /// <c>Role</c> is what the caller may do (viewer, editor, admin, owner): the web app hides or disables the rest.</summary>
    internal sealed record Caller(Guid OrganizationId, string Subject, string? Name, string Role, string? OrganizationName, string TimeZone);

    public async Task<IResult> GetAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var identity = RequestIdentity.Of(context);
        await using var transaction = await database.BeginAsync(identity.OrganizationId, cancellationToken);
        var organization = await Organizations.NameAndZoneAsync(transaction, identity.OrganizationId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Results.Ok(new Caller(identity.OrganizationId, identity.Subject, identity.Name, ApiRoles.Name(identity.Role), organization?.Name, organization?.TimeZone ?? "UTC"));
    }
}
