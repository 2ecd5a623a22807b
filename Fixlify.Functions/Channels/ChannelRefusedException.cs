namespace Fixlify.Channels;

/// <summary>
/// A channel refused a message for good (a mail server's 5xx for a recipient, a carrier's refusal, a channel with no
/// credentials configured): sending it again cannot help. The actions turn it into a step that fails at once.
/// </summary>
internal sealed class ChannelRefusedException : Exception
{
    public ChannelRefusedException()
    {
    }

    public ChannelRefusedException(string message)
        : base(message)
    {
    }

    public ChannelRefusedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
