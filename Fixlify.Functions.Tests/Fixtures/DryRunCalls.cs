using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fixlify.Tests.Fixtures;

/// <summary>Dry runs over HTTP (<c>POST /api/workflows/{id}/test</c>) and reading their steps.</summary>
public static class DryRunCalls
{
    public static async Task<HttpResponseMessage> PostDryRunAsync(this HttpClient api, object workflowId, JsonObject? context, JsonObject? extra = null)
    {
        var body = new JsonObject { ["context"] = context ?? [] };
        foreach (var (name, value) in extra ?? [])
        {
            body[name] = value?.DeepClone();
        }

        return await api.PostAsJsonAsync(new Uri($"api/workflows/{workflowId}/test", UriKind.Relative), body);
    }

    /// <summary>The dry run's report; fails the test unless it is 200. <paramref name="extra"/>: more of the body (replies, events, a draft definition).</summary>
    public static async Task<JsonElement> DryRunAsync(this HttpClient api, Guid workflowId, JsonObject? context, JsonObject? extra = null)
    {
        using var response = await api.PostDryRunAsync(workflowId, context, extra);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"dry run: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static List<JsonElement> DryRunSteps(this JsonElement report) => [.. report.GetProperty("steps").EnumerateArray()];

    /// <summary>The dry run's step with the given key (<c>each[0].remind</c>).</summary>
    public static JsonElement DryRunStep(this JsonElement report, string stepKey) =>
        report.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("stepKey").GetString() == stepKey);

    public static string? Text(this JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null ? value.ToString() : null;

    public static DateTimeOffset Time(this JsonElement element, string property) => element.GetProperty(property).GetDateTimeOffset();
}
