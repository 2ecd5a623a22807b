using Microsoft.Extensions.Logging;

namespace Fixlify.Channels;

static partial class Log
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Outbound HTTP to {Host} refused: {Reason}")]
    public static partial void DestinationRefused(ILogger logger, string host, string reason);
}
