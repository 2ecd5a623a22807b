namespace Fixlify.Channels;

/// <summary>
/// What a provider — Telnyx, a push service, the mail relay — answered to one message: a closed set, the one shape
/// every channel sender returns (a refusal for good is thrown as <see cref="ChannelRefusedException"/>; a transient
/// failure of the whole call is thrown plainly, for the engine to retry).
/// </summary>
internal abstract record ProviderAnswer
{
    ProviderAnswer()
    {
    }

    /// <summary>Taken, under the provider's id for it (a message id, the relay's answer) when it gave one.</summary>
    internal sealed record Accepted(string? ProviderId) : ProviderAnswer;

    /// <summary>Refused because the recipient opted out (Telnyx 40300).</summary>
    internal sealed record RecipientOptedOut : ProviderAnswer;

    /// <summary>Not now: the provider's rate limit lifts at <see cref="At"/>.</summary>
    internal sealed record RetryAt(DateTimeOffset At) : ProviderAnswer;

    /// <summary>The address is dead (a push subscription the service answers 404/410 for): remove it.</summary>
    internal sealed record AddressGone(string Error) : ProviderAnswer;

    /// <summary>Not taken, for a reason that may pass (<see cref="Transient"/>) or not.</summary>
    internal sealed record Failed(string Error, bool Transient) : ProviderAnswer;
}
