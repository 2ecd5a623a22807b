using Microsoft.Extensions.Logging;

namespace Fixlify.Hosting;

static partial class Log
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Error, Message = "The scheduler tick failed; the next one runs on schedule")]
    public static partial void TickFailed(ILogger logger, Exception error);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Serving the web app from {WebRoot}")]
    public static partial void ServingWebApp(ILogger logger, string webRoot);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "No web app at {WebRoot} (no index.html): serving the API only. Build it with `npm ci && npm run build` in Fixlify.Web, or `make run`")]
    public static partial void NoWebApp(ILogger logger, string webRoot);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Could not renew the lock of activity work item {WorkItemId}; if it outlives the visibility timeout another worker may run it too")]
    public static partial void ActivityLockRenewalFailed(ILogger logger, Exception exception, string workItemId);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Error, Message = "{Operation} answered {Status} with a response the OpenAPI document does not allow: {Mismatch}")]
    public static partial void ResponseBreaksContract(ILogger logger, string operation, int status, string mismatch);
}
