using Microsoft.Extensions.Logging;

namespace Fixlify.Hosting;

static partial class Log
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Error, Message = "The scheduler tick failed; the next one runs on schedule")]
    public static partial void TickFailed(ILogger logger, Exception error);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Could not renew the lock of activity work item {WorkItemId}; if it outlives the visibility timeout another worker may run it too")]
    public static partial void ActivityLockRenewalFailed(ILogger logger, Exception exception, string workItemId);
}
