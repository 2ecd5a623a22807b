using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fixlify.Tests.Fixtures;

/// <summary>Linear-form steps for workflows built in tests.</summary>
public static class Steps
{
    public static JsonObject Action(string id, string actionType, JsonObject config, int? maxAttempts = null)
    {
        var step = new JsonObject { ["id"] = id, ["type"] = "action", ["actionType"] = actionType, ["config"] = config.DeepClone() };
        if (maxAttempts is { } attempts)
        {
            step["retry"] = new JsonObject { ["maxAttempts"] = attempts, ["firstInterval"] = "PT0.2S", ["backoffCoefficient"] = 1.5, ["maxInterval"] = "PT1S" };
        }

        return step;
    }

    public static JsonObject Delay(string id, string duration) =>
        new() { ["id"] = id, ["type"] = "delay", ["config"] = new JsonObject { ["duration"] = duration } };

    /// <summary>The step of an execution (as GET /api/executions/{id} shows it) with the given id.</summary>
    public static JsonElement Step(this JsonElement execution, string stepId) =>
        execution.GetProperty("steps").EnumerateArray().Last(s => s.GetProperty("stepId").GetString() == stepId);

    public static string? Status(this JsonElement element) => element.GetProperty("status").GetString();
}
