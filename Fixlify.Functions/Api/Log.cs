using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Fixlify.Api;

static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Refused {Method} {Path}: {Reason}")]
    public static partial void RequestRefused(ILogger logger, string method, PathString path, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Unhandled error in {Method} {Path}")]
    public static partial void UnhandledError(ILogger logger, Exception error, string method, PathString path);
}
