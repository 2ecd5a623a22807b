using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary>
/// Who is calling: taken from a validated bearer token, never from the request body. <see cref="Name"/> is the person's
/// name when the token gives one (OpenID Connect's <c>name</c> claim); <see cref="Role"/> what they may do (the role claim).
/// </summary>
internal sealed record RequestIdentity(Guid OrganizationId, string Subject, string? Name = null, ApiRole Role = ApiRole.Owner)
{
    static readonly object Key = typeof(RequestIdentity);

    public static RequestIdentity Of(HttpContext context) =>
        context.Items.TryGetValue(Key, out var value) && value is RequestIdentity identity
            ? identity
            : throw new InvalidOperationException("The request was not authenticated: its route must not be anonymous.");

    /// <summary>The caller as the audit trail records who made a change.</summary>
    public Data.Actor Actor => new(Subject, Name);

    internal void AttachTo(HttpContext context) => context.Items[Key] = this;
}
