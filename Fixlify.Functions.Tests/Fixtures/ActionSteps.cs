using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fixlify.Tests.Fixtures;

/// <summary>Steps of the linear workflow form for the action tests, and saving a workflow that should be refused.</summary>
public static class ActionSteps
{
    public static JsonObject Action(string id, string actionType, JsonObject config, int? maxAttempts = null)
    {
        var step = new JsonObject { ["id"] = id, ["type"] = "action", ["actionType"] = actionType, ["config"] = config };
        if (maxAttempts is { } attempts)
        {
            step["retry"] = new JsonObject { ["maxAttempts"] = attempts, ["firstInterval"] = "PT0.2S", ["backoffCoefficient"] = 1, ["maxInterval"] = "PT0.2S" };
        }

        return step;
    }

    public static JsonObject Condition(string id, JsonObject rule, JsonArray then, JsonArray otherwise) => new()
    {
        ["id"] = id,
        ["type"] = "condition",
        ["config"] = new JsonObject { ["all"] = new JsonArray(rule) },
        ["then"] = then,
        ["else"] = otherwise,
    };

    public static JsonObject Rule(string field, string op, JsonNode value) => new() { ["field"] = field, ["op"] = op, ["value"] = value };

    /// <summary>Saves a workflow that validation must refuse; returns the paths of the problems it reports.</summary>
    public static async Task<List<string>> RefusedAsync(this HttpClient api, JsonObject workflow)
    {
        using var response = await api.PostAsJsonAsync(new Uri("api/workflows", UriKind.Relative), workflow);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.BadRequest, $"expected 400, got {(int)response.StatusCode}: {body}");
        return [.. JsonDocument.Parse(body).RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()!)];
    }
}
