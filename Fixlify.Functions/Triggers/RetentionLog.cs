using Microsoft.Extensions.Logging;

namespace Fixlify.Triggers;

/// <summary>The retention's log messages (event ids 3090-3099), beside the area's <c>Log.cs</c>.</summary>
static partial class Log
{
    [LoggerMessage(EventId = 3090, Level = LogLevel.Information, Message = "Retention: deleted {Events} processed events, {Executions} ended executions (with their steps, deliveries and waits), {Updates} stream updates, {Replies} kept replies; purged {Histories} orchestration histories")]
    public static partial void RetentionDeleted(ILogger logger, int events, int executions, int updates, int replies, int histories);
}
