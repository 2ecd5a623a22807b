using Microsoft.Extensions.Logging;

namespace Fixlify.Triggers;

static partial class Log
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Event {EventId} ({EventType}) came from an automation: workflow {WorkflowId} does not opt in")]
    public static partial void IgnoredAutomationEvent(ILogger logger, Guid eventId, string eventType, Guid workflowId);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Event {EventId} is {Depth} automations deep: workflow {WorkflowId} not started (chain-depth limit)")]
    public static partial void ChainTooDeep(ILogger logger, Guid eventId, int depth, Guid workflowId);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "Workflow {WorkflowId} cannot run: {Problem}")]
    public static partial void WorkflowInvalid(ILogger logger, Guid workflowId, string problem);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Execution {ExecutionId} step {StepKey} woken by event {EventId} ({EventType})")]
    public static partial void WaitWoken(ILogger logger, Guid executionId, string stepKey, Guid eventId, string eventType);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Relay starting on automation_events ({Mode})")]
    public static partial void RelayStarting(ILogger logger, string mode);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "Relay passed on {Count} event(s)")]
    public static partial void Relayed(ILogger logger, int count);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Warning, Message = "Relay could not pass on {Count} event(s); they stay in the outbox for the next try")]
    public static partial void RelayPublishFailed(ILogger logger, Exception error, int count);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Information, Message = "Scheduler tick: {Drained} from Service Bus, {Leftovers} from the outbox, {Fired} time trigger(s) fired, {Restarted} stuck execution(s) restarted, {Hours} metric hour(s) rolled up, {Failed} execution(s) failed by the watchdog")]
    public static partial void Tick(ILogger logger, int drained, int leftovers, int fired, int restarted, int hours, int failed);

    [LoggerMessage(EventId = 3025, Level = LogLevel.Warning, Message = "Execution {ExecutionId} ended {Status} by the watchdog: {Why}")]
    public static partial void WatchdogEnded(ILogger logger, Guid executionId, string status, string why);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Warning, Message = "Service Bus message {MessageId} dead-lettered: {Reason}")]
    public static partial void DeadLettered(ILogger logger, string messageId, string reason);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Warning, Message = "Service Bus message {MessageId} abandoned (it comes back, and goes to the dead-letter queue after its last delivery)")]
    public static partial void Abandoned(ILogger logger, Exception error, string messageId);

    [LoggerMessage(EventId = 3023, Level = LogLevel.Error, Message = "Scheduler tick part '{Part}' failed; the others went on")]
    public static partial void TickPartFailed(ILogger logger, Exception error, string part);

    [LoggerMessage(EventId = 3024, Level = LogLevel.Information, Message = "Recurring workflow {WorkflowId}: {Decision} the run due {Due}")]
    public static partial void Recurring(ILogger logger, Guid workflowId, string decision, DateTimeOffset due);

    [LoggerMessage(EventId = 3026, Level = LogLevel.Information, Message = "Event {EventId} started nothing for workflow {WorkflowId}: its record has a running execution, and the workflow keeps one per record")]
    public static partial void IgnoredForRunningExecution(ILogger logger, Guid eventId, Guid workflowId);

    [LoggerMessage(EventId = 3027, Level = LogLevel.Information, Message = "Execution {ExecutionId} cancelled: {Reason}")]
    public static partial void ExecutionStopped(ILogger logger, Guid executionId, string reason);
}
