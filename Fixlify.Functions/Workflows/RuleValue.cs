using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Fixlify.Workflows;

/// <summary>
/// How a condition rule reads a value (the context's, or the rule's own): as a number, an instant, text or nothing.
/// Shared by the evaluator and by validation, so a rule refused at save is one the evaluator could never make true.
/// </summary>
internal static partial class RuleValue
{
    /// <summary>
    /// A JSON number, or a string that is one in the invariant culture (<c>"1250.5"</c>, <c>"1,250.50"</c>, <c>"-3"</c>;
    /// thousands separators only in groups of three, no exponent, no currency sign); else null.
    /// </summary>
    public static decimal? Number(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.Number
            => decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String && NumericText().IsMatch(v.GetValue<string>())
            => decimal.Parse(v.GetValue<string>(), NumberStyles.Number, CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>
    /// A string in ISO-8601 form: a date (<c>2026-03-10</c>, midnight UTC), or a date and time with <c>Z</c>, an offset,
    /// or neither (read as UTC, as PostgreSQL's timestamps are written); else null.
    /// </summary>
    public static DateTimeOffset? Instant(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String && IsoInstant().IsMatch(v.GetValue<string>())
            && DateTimeOffset.TryParse(v.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    /// <summary>Missing, null, a blank string (empty or whitespace only), an empty list or an empty object.</summary>
    public static bool IsBlank(JsonNode? node) => node switch
    {
        null => true,
        JsonArray items => items.Count == 0,
        JsonObject fields => fields.Count == 0,
        JsonValue v => v.GetValueKind() == JsonValueKind.Null || (v.GetValueKind() == JsonValueKind.String && string.IsNullOrWhiteSpace(v.GetValue<string>())),
        _ => false,
    };

    /// <summary>The value as a person would name its kind: <c>missing or null</c>, <c>an empty string</c>, <c>the number 5</c>, ….</summary>
    public static string Describe(JsonNode? node) => node switch
    {
        null => "missing or null",
        JsonArray items => items.Count == 0 ? "an empty list" : $"a list of {items.Count}",
        JsonObject => "an object",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.Null => "missing or null",
            JsonValueKind.True or JsonValueKind.False => $"the boolean {v.ToJsonString()}",
            JsonValueKind.Number => $"the number {v.ToJsonString()}",
            JsonValueKind.String when v.GetValue<string>().Length == 0 => "an empty string",
            JsonValueKind.String when string.IsNullOrWhiteSpace(v.GetValue<string>()) => "a blank string",
            _ => $"the text {v.ToJsonString(RelaxedJson)}",
        },
        _ => node.ToJsonString(),
    };

    static readonly JsonSerializerOptions RelaxedJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [GeneratedRegex(@"^\s*[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex NumericText();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex IsoInstant();
}
