using Microsoft.Extensions.Logging;

namespace Fixlify.Hosting;

static partial class Log
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Error, Message = "The scheduler tick failed; the next one runs on schedule")]
    public static partial void TickFailed(ILogger logger, Exception error);
}
