using System.Text.Json.Nodes;

namespace Fixlify.Data;

/// <summary>A row of automation_execution_logs, JSON columns parsed.</summary>
public sealed record ExecutionRecord(
    Guid Id,
    Guid? WorkflowId,
    Guid OrganizationId,
    string TriggerType,
    JsonObject TriggerData,
    string Status,
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
    DateTimeOffset UpdatedAt)
{
    public static readonly IReadOnlySet<string> FinalStatuses = new HashSet<string> { "completed", "failed", "cancelled" };

    public bool IsFinished => FinalStatuses.Contains(Status);
}
