using System.Text.Json.Nodes;

namespace Fixlify.Data;

/// <summary>A workflow's draft: a definition saved and checked, not live; <see cref="BasedOn"/> is the live version it was made from.</summary>
internal sealed record WorkflowDraftRecord(
    Guid WorkflowId, string Name, string? Description, string TriggerType, JsonObject TriggerConfig, JsonArray Nodes, JsonArray Edges, JsonArray Steps,
    JsonObject? Schedule, int BasedOn, string? SavedBy, string? SavedByName, DateTimeOffset SavedAt)
{
    /// <summary>The fields a publish saves (whether the workflow is on stays as it is).</summary>
    public WorkflowRepository.WorkflowFields Fields() =>
        new(Name, Description, TriggerType, TriggerConfig, Nodes, Edges, Steps, null, Schedule);

    /// <summary>The live workflow as it would be with this draft published (for a comparison: nothing is saved).</summary>
    public WorkflowRecord AppliedTo(WorkflowRecord live) => live with
    {
        Name = Name, Description = Description, TriggerType = TriggerType, TriggerConfig = TriggerConfig, Nodes = Nodes, Edges = Edges, Steps = Steps,
        Schedule = Schedule, Version = live.Version + 1,
    };
}
