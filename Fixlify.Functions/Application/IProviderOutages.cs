namespace Fixlify.Application;

/// <summary>
/// Told when a provider stops answering an organization's messages (its circuit opens: steps are held, not failed) and
/// when it answers again (the circuit closes and the held steps go out). The circuits call it; the office alerts listen
/// (issue 25). Calls are made once per transition, after the transition is committed; an implementation must not
/// throw for a failed notification (it logs it).
/// </summary>
internal interface IProviderOutages
{
    /// <summary>A provider stopped answering: <paramref name="outage"/> says which, since when, why, and how many steps wait.</summary>
    Task OpenedAsync(ProviderOutage outage, CancellationToken cancellationToken);

    /// <summary>The provider answers again; the held steps are being sent.</summary>
    Task ClosedAsync(ProviderOutage outage, CancellationToken cancellationToken);
}

/// <summary>
/// One outage of one provider for one organization.
/// </summary>
/// <param name="OrganizationId">The organization whose messages are held.</param>
/// <param name="Provider">The provider's stored key: <c>smtp</c>, <c>telnyx</c>, <c>web_push</c> or <c>webhook:&lt;host&gt;</c>.</param>
/// <param name="Label">What a person calls it: "the email server", "Telnyx", "app notifications", "example.com".</param>
/// <param name="Cause">Why, in words: "not answering", "answers with an error (HTTP 503)", "asks to slow down (HTTP 429)".</param>
/// <param name="Since">When the first failure of this outage happened (UTC).</param>
/// <param name="Held">How many steps are held now.</param>
internal sealed record ProviderOutage(Guid OrganizationId, string Provider, string Label, string Cause, DateTimeOffset Since, int Held);
