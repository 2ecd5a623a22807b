using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Fixlify.Workflows;

/// <summary>How a plan is stored in an execution's <c>definition</c> column (the snapshot it runs).</summary>
internal static class WorkflowPlanJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        // jsonb orders an object's keys its own way: a step's "kind" is not first when the plan is read back.
        AllowOutOfOrderMetadataProperties = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static JsonObject ToJson(WorkflowPlan plan) => (JsonObject)JsonSerializer.SerializeToNode(plan, Options)!;

    public static WorkflowPlan FromJson(JsonObject json) =>
        json.Deserialize<WorkflowPlan>(Options) ?? throw new JsonException("The stored plan is empty.");
}
