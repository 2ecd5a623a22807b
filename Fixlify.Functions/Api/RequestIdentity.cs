using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary>
/// Who is calling: taken from a validated bearer token, never from the request body. <see cref="Name"/> is the person's
/// name when the token gives one (OpenID Connect's <c>name</c> claim).
/// </summary>
internal sealed record RequestIdentity(Guid OrganizationId, string Subject, string? Name = null)
{
    static readonly object Key = typeof(RequestIdentity);

    public static RequestIdentity Of(HttpContext context) =>
        context.Items.TryGetValue(Key, out var value) && value is RequestIdentity identity
            ? identity
            : throw new InvalidOperationException("The request was not authenticated: its route must not be anonymous.");

    internal void AttachTo(HttpContext context) => context.Items[Key] = this;
}
