using Microsoft.Extensions.Logging;

namespace Fixlify.Channels;

/// <summary>Channel logs: phone numbers are always masked, bodies and secrets never written.</summary>
static partial class Log
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Outbound HTTP to {Host} refused: {Reason}")]
    public static partial void DestinationRefused(ILogger logger, string host, string reason);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Email {MessageId} handed to {Host}:{Port}")]
    public static partial void EmailSent(ILogger logger, string? messageId, string host, int port);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Telnyx answered {Status} for a text to {To}")]
    public static partial void TelnyxAnswered(ILogger logger, MaskedPhone to, int status);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Could not remove {Count} expired push subscription(s); the next send tries again")]
    public static partial void PushCleanupFailed(ILogger logger, Exception error, int count);
}

/// <summary>A phone number that logs itself masked (<c>+1555•••1234</c>), and is only masked when the log is written.</summary>
readonly record struct MaskedPhone(string Value)
{
    public override string ToString() => RecipientAddress.MaskPhone(Value);
}
