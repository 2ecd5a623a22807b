using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fixlify.Engine;

/// <summary>Reads a dotted path (<c>job.status</c>, <c>steps.fetch.items[0].name</c>) from an execution's context.</summary>
internal static class ContextPath
{
    public static JsonNode? Get(JsonNode? context, string path)
    {
        var current = context;
        foreach (var raw in path.Split('.', StringSplitOptions.TrimEntries))
        {
            if (current is null)
            {
                return null;
            }

            var name = raw;
            var indexes = new List<int>();
            var bracket = raw.IndexOf('[', StringComparison.Ordinal);
            if (bracket >= 0)
            {
                name = raw[..bracket];
                foreach (var part in raw[bracket..].Split(['[', ']'], StringSplitOptions.RemoveEmptyEntries))
                {
                    if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                    {
                        return null;
                    }

                    indexes.Add(index);
                }
            }

            if (name.Length > 0)
            {
                current = current is JsonObject obj && obj.TryGetPropertyValue(name, out var child) ? child : null;
            }

            foreach (var index in indexes)
            {
                current = current is JsonArray array && index < array.Count ? array[index] : null;
            }
        }

        return current;
    }

    /// <summary>A date read from the context: an ISO timestamp, or a date (taken as midnight UTC).</summary>
    public static DateTimeOffset? GetDate(JsonNode? context, string path) =>
        Get(context, path) is JsonValue value && value.GetValueKind() == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date
            : null;
}
