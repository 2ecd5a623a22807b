using System.Globalization;
using System.Text.Json.Nodes;

namespace Fixlify.Engine;

/// <summary>
/// Bounds the texts an execution carries from its records and its trigger: a job description of megabytes is cut, with
/// a marker in the text and a warning naming the field, so a run never carries (or fails on) more than it can use.
/// </summary>
internal static class FieldLimits
{
    /// <summary>The longest text (in characters) a record field or trigger value keeps.</summary>
    public const int MaxTextLength = 8_000;

    /// <summary>Cuts, in place, every text in <paramref name="node"/> longer than <see cref="MaxTextLength"/>; says which, under <paramref name="path"/>.</summary>
    public static void Cut(JsonNode? node, string path, ICollection<string>? warnings)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (Shorten(value) is { } shorter)
                    {
                        obj[name] = shorter.Text;
                        warnings?.Add(Warning($"{path}.{name}", shorter.Length));
                    }
                    else
                    {
                        Cut(value, $"{path}.{name}", warnings);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (Shorten(array[i]) is { } shorter)
                    {
                        array[i] = shorter.Text;
                        warnings?.Add(Warning($"{path}[{i}]", shorter.Length));
                    }
                    else
                    {
                        Cut(array[i], $"{path}[{i}]", warnings);
                    }
                }

                break;
        }
    }

    static (string Text, int Length)? Shorten(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > MaxTextLength
            ? (string.Concat(text.AsSpan(0, MaxTextLength), $"… [cut: {text.Length.ToString("N0", CultureInfo.InvariantCulture)} characters in all]"), text.Length)
            : null;

    static string Warning(string path, int length) =>
        $"{path} is {length.ToString("N0", CultureInfo.InvariantCulture)} characters long: only the first {MaxTextLength.ToString("N0", CultureInfo.InvariantCulture)} are used.";
}
