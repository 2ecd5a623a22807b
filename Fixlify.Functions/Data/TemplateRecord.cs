using System.Text.Json.Nodes;

namespace Fixlify.Data;

/// <summary>A row of automation_templates, JSON columns parsed. <see cref="OrganizationId"/> is null for the shared catalog.</summary>
internal sealed record TemplateRecord(
    Guid Id,
    Guid? OrganizationId,
    string Name,
    string? Description,
    string? Category,
    string? TriggerType,
    JsonObject TriggerConfig,
    JsonArray Nodes,
    JsonArray Edges,
    JsonArray Steps,
    JsonObject? Schedule,
    int UsageCount,
    DateTimeOffset? CreatedAt);
