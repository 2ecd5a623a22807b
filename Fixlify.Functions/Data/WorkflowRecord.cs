using System.Text.Json.Nodes;

namespace Fixlify.Data;

/// <summary>A row of automation_workflows, JSON columns parsed.</summary>
public sealed record WorkflowRecord(
    Guid Id,
    Guid OrganizationId,
    string Name,
    string? Description,
    string TriggerType,
    JsonObject TriggerConfig,
    JsonArray Nodes,
    JsonArray Edges,
    JsonArray Steps,
    bool IsActive,
    int Version,
    JsonObject? Schedule,
    DateTimeOffset? NextRunAt,
    int ExecutionCount,
    int SuccessCount,
    int FailureCount,
    DateTimeOffset? LastTriggeredAt,
    Guid? CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
