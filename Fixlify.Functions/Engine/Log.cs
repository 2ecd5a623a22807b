using Microsoft.Extensions.Logging;

namespace Fixlify.Engine;

static partial class Log
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Execution {ExecutionId} of workflow {WorkflowId} started ({TriggerType})")]
    public static partial void ExecutionStarted(ILogger logger, Guid executionId, Guid? workflowId, string triggerType);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Execution {ExecutionId} does not exist; its orchestration does nothing")]
    public static partial void ExecutionMissing(ILogger logger, Guid executionId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Execution {ExecutionId} step {StepKey} ({ActionType}): {Status} on attempt {Attempt}")]
    public static partial void ActionDone(ILogger logger, Guid executionId, string stepKey, string actionType, ActionStatus status, int attempt);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Execution {ExecutionId} step {StepKey} ({ActionType}) attempt {Attempt} failed (permanent: {Permanent}): {Error}")]
    public static partial void ActionFailed(ILogger logger, Guid executionId, string stepKey, string actionType, int attempt, bool permanent, string error);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Execution {ExecutionId} ended {Status} {Error}")]
    public static partial void ExecutionFinished(ILogger logger, Guid executionId, string status, string error);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "Execution {ExecutionId} of workflow {WorkflowId} scheduled ({TriggerType})")]
    public static partial void ExecutionScheduled(ILogger logger, Guid executionId, Guid workflowId, string triggerType);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "Execution {ExecutionId} already exists: not started again")]
    public static partial void ExecutionExists(ILogger logger, Guid executionId);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Information, Message = "Execution {ExecutionId}: {Message}")]
    public static partial void Progress(ILogger logger, Guid executionId, string message);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Warning, Message = "Execution {ExecutionId}: its orchestration could not be scheduled ({Error}); it stays pending and is scheduled again")]
    public static partial void ScheduleFailed(ILogger logger, Guid executionId, string error);

    [LoggerMessage(EventId = 2051, Level = LogLevel.Warning, Message = "Execution {ExecutionId} step {StepKey} ({ActionType}) held: {Provider} is not answering or the automation is paused")]
    public static partial void ActionHeld(ILogger logger, Guid executionId, string stepKey, string actionType, string provider);
}
