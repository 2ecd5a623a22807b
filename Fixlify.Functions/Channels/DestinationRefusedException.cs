namespace Fixlify.Channels;

/// <summary>
/// An outbound request the guard will not make: a scheme other than http(s), credentials in the URL, or a host that is
/// (or resolves to) an internal address. No retry can change that.
/// </summary>
internal sealed class DestinationRefusedException : Exception
{
    public DestinationRefusedException(string host, string reason)
        : base($"Refused {host}: {reason}.")
    {
        Host = host;
        Reason = reason;
    }

    public DestinationRefusedException()
    {
        Host = "";
        Reason = "";
    }

    public DestinationRefusedException(string message)
        : base(message)
    {
        Host = "";
        Reason = message;
    }

    public DestinationRefusedException(string message, Exception inner)
        : base(message, inner)
    {
        Host = "";
        Reason = message;
    }

    /// <summary>The URL's host (and port when not the default), never its path or query.</summary>
    public string Host { get; }

    public string Reason { get; }
}
