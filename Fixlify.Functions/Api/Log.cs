using Fixlify.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Fixlify.Api;

static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Refused {Method} {Path}: {Reason}")]
    public static partial void RequestRefused(ILogger logger, string method, PathString path, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Unhandled error in {Method} {Path}")]
    public static partial void UnhandledError(ILogger logger, Exception error, string method, PathString path);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Text from {From} went to execution {ExecutionId}, waiting at step {StepKey}")]
    public static partial void ReplyRouted(ILogger logger, string from, Guid executionId, string stepKey);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Text from {From} ({Clients} client(s) with that number): no execution waits for a reply from it; kept briefly for a wait about to start")]
    public static partial void ReplyNotAwaited(ILogger logger, string from, int clients);

    // Kept its number from when it was logged by Channels (4xxx), so a log query on it still finds it.
    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Inbound SMS keyword from {From}: {Action} ({Clients} client(s))")]
    public static partial void SmsKeyword(ILogger logger, string action, MaskedPhone from, int clients);
}
