using Microsoft.Extensions.Logging;

namespace Fixlify.Data;

static partial class Log
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Could not wake the live streams; they find the updates on their next poll")]
    public static partial void UpdateNotifyFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Event capture installed again on {Tables}: their columns changed")]
    public static partial void CaptureRefreshed(ILogger logger, string[] tables);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Information, Message = "Listening on {Channel}")]
    public static partial void Listening(ILogger logger, string channel);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Warning, Message = "Listener on {Channel} lost its connection; reconnecting in {Delay}")]
    public static partial void Reconnecting(ILogger logger, Exception error, string channel, TimeSpan delay);
}
