namespace Fixlify.Engine;

/// <summary>
/// The step's message was not sent because its provider is not answering (its circuit is open): the step is held, not
/// failed (<see cref="ActionHeld"/>), and goes out when the provider answers again.
/// </summary>
internal sealed class ProviderHeldException : Exception
{
    public ProviderHeldException()
    {
    }

    public ProviderHeldException(string message)
        : base(message)
    {
    }

    public ProviderHeldException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ProviderHeldException(ProviderHold hold, Exception? inner = null)
        : base(hold.Reason, inner) => Hold = hold;

    public ProviderHold? Hold { get; }
}

/// <summary>Why a step is held, in words ("Held: the email server is not answering since 08:02."), for whom, and since when (UTC).</summary>
internal sealed record ProviderHold(string Provider, string Reason, DateTime HeldAt);
