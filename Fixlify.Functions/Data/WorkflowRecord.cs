using System.Text.Json.Nodes;

namespace Fixlify.Data;

/// <summary>A row of automation_workflows, JSON columns parsed.</summary>
internal sealed record WorkflowRecord(
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
    DateTimeOffset UpdatedAt,
    int Revision,
    DateTimeOffset? PausedAt = null,
    int WaitingToRun = 0)
{
    /// <summary>The strong entity tag of the workflow as it is now: its definition's version and how often a person changed it.</summary>
    public string ETag => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"\"v{Version}-{Revision}\"");
}
