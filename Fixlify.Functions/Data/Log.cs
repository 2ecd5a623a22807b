using Microsoft.Extensions.Logging;

namespace Fixlify.Data;

static partial class Log
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Could not wake the live streams; they find the updates on their next poll")]
    public static partial void UpdateNotifyFailed(ILogger logger, Exception exception);
}
