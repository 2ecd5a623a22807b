using System.Text.Json.Nodes;

namespace Fixlify.Data;

/// <summary>
/// A row of automation_execution_logs, JSON columns parsed. <see cref="ActionsExecuted"/> is the original design's
/// step list, filled once when the execution ends (the step rows are the live record); <see cref="Warnings"/> what a
/// person should know about a run that still completed (a loop cut by its bound, a field cut for size).
/// </summary>
internal sealed record ExecutionRecord(
    Guid Id,
    Guid? WorkflowId,
    Guid OrganizationId,
    string TriggerType,
    JsonObject TriggerData,
    ExecutionStatus Status,
    JsonArray ActionsExecuted,
    string? ErrorMessage,
    int RetryCount,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    int? ExecutionTimeMs,
    DateTimeOffset CreatedAt,
    int? WorkflowVersion,
    JsonObject? Definition,
    Guid? EventId,
    string? InstanceId,
    int ChainDepth,
    DateTimeOffset UpdatedAt,
    JsonArray? Warnings = null)
{
    public bool IsFinished => Status.IsFinal();
}
