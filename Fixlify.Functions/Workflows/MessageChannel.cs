namespace Fixlify.Workflows;

/// <summary>
/// The ways a message reaches a person: a closed set, parsed once at the edge (a step's settings, a ledger row) with
/// <see cref="MessageChannels.TryParse"/> and written back by <see cref="MessageChannels.Name"/> — the same words the
/// stored workflows, the API and automation_deliveries.channel have always used.
/// </summary>
internal enum MessageChannel
{
    Email,
    Sms,
    Push,
}

/// <summary>The stored names of <see cref="MessageChannel"/>, and what each is called on screen.</summary>
internal static class MessageChannels
{
    /// <summary>The channels in the order send_message's settings and the builder list them.</summary>
    public static IReadOnlyList<MessageChannel> All { get; } = [MessageChannel.Push, MessageChannel.Sms, MessageChannel.Email];

    /// <summary>The stored name: <c>email</c>, <c>sms</c> or <c>push</c>.</summary>
    public static string Name(this MessageChannel channel) => channel switch
    {
        MessageChannel.Email => "email",
        MessageChannel.Sms => "sms",
        _ => "push",
    };

    /// <summary>What the channel is called in words a person reads ("Text", not "sms").</summary>
    public static string Label(this MessageChannel channel) => channel switch
    {
        MessageChannel.Email => "Email",
        MessageChannel.Sms => "Text",
        _ => "App notification",
    };

    /// <summary>Reads a stored name; false for anything else.</summary>
    public static bool TryParse(string? name, out MessageChannel channel)
    {
        (var known, channel) = name switch
        {
            "email" => (true, MessageChannel.Email),
            "sms" => (true, MessageChannel.Sms),
            "push" => (true, MessageChannel.Push),
            _ => (false, default),
        };
        return known;
    }

    /// <summary>Reads a stored name that was checked before (a saved step's settings); throws on anything else.</summary>
    public static MessageChannel Parse(string name) =>
        TryParse(name, out var channel) ? channel : throw new FormatException($"'{name}' is not a message channel.");
}
