using System.Text.Json.Nodes;

namespace Fixlify.Workflows;

/// <summary>Reads a definition's JSON leniently: the readers report what is missing or mistyped themselves.</summary>
internal static class JsonText
{
    /// <summary>The node's string, or null when it is absent or not a string.</summary>
    public static string? Of(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
