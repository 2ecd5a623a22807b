using System.Text.Json.Nodes;

namespace Fixlify.Workflows;

/// <summary>
/// Writes down, as a JSON Schema (draft 2020-12), what a config check checks: an <see cref="ActionConfigValidation"/> in
/// recording mode calls it from each helper (<c>Text</c>, <c>Template</c>, <c>Duration</c>, <c>Section</c>, …) instead of
/// only checking, so the builder's catalog comes from the same code that validates and the two cannot drift.
/// Keywords beyond JSON Schema: <c>x-liquid</c> (a Liquid template), <c>x-recipient</c> (<c>email</c> or <c>phone</c>),
/// <c>x-context-path</c> (a variable path such as <c>job.scheduled_start</c>).
/// </summary>
internal sealed class ConfigSchemaRecorder
{
    readonly JsonObject _properties = [];
    readonly List<string> _required = [];
    readonly List<JsonObject> _rules = [];
    readonly Dictionary<string, ConfigSchemaRecorder> _nested = new(StringComparer.Ordinal);
    IReadOnlyList<string>? _known;

    /// <summary>Adds <paramref name="keywords"/> to the schema of <paramref name="field"/> (later keywords win).</summary>
    public void Property(string field, JsonObject keywords, bool required = false)
    {
        if (_properties[field] is not JsonObject property)
        {
            property = [];
            _properties[field] = property;
        }

        foreach (var (key, value) in keywords)
        {
            property[key] = value?.DeepClone();
        }

        if (required && !_required.Contains(field))
        {
            _required.Add(field);
        }
    }

    /// <summary>The recorder of an object inside this one (one channel's settings of send_message).</summary>
    public ConfigSchemaRecorder Nested(string field)
    {
        if (!_nested.TryGetValue(field, out var recorder))
        {
            recorder = new ConfigSchemaRecorder();
            _nested[field] = recorder;
        }

        return recorder;
    }

    /// <summary>No other keys are allowed (<c>additionalProperties: false</c>); each known key is a property.</summary>
    public void Only(IReadOnlyList<string> known) => _known = known;

    /// <summary>A rule across fields (exactly one of two, a field that needs another), kept under <c>allOf</c>.</summary>
    public void Rule(JsonObject schema) => _rules.Add(schema);

    public JsonObject ToSchema()
    {
        var properties = (JsonObject)_properties.DeepClone();
        foreach (var (field, recorder) in _nested)
        {
            var nested = recorder.ToSchema();
            if (properties[field] is JsonObject property)
            {
                foreach (var (key, value) in nested)
                {
                    property[key] = value?.DeepClone();
                }
            }
            else
            {
                properties[field] = nested;
            }
        }

        foreach (var key in _known ?? [])
        {
            properties[key] ??= new JsonObject();
        }

        var schema = new JsonObject { ["type"] = "object", ["properties"] = properties };
        if (_required.Count > 0)
        {
            schema["required"] = new JsonArray([.. _required.Select(r => (JsonNode?)r)]);
        }

        if (_known is not null)
        {
            schema["additionalProperties"] = false;
        }

        if (_rules.Count > 0)
        {
            schema["allOf"] = new JsonArray([.. _rules.Select(r => (JsonNode?)r.DeepClone())]);
        }

        return schema;
    }

    /// <summary><c>{"oneOf": [{"required": [a]}, {"required": [b]}]}</c>: exactly one of two fields.</summary>
    public static JsonObject ExactlyOne(string a, string b) =>
        new() { ["oneOf"] = new JsonArray(new JsonObject { ["required"] = new JsonArray(a) }, new JsonObject { ["required"] = new JsonArray(b) }) };

    /// <summary><c>{"anyOf": [{"required": [a]}, {"required": [b]}]}</c>: at least one of two fields.</summary>
    public static JsonObject AtLeastOne(string a, string b) =>
        new() { ["anyOf"] = new JsonArray(new JsonObject { ["required"] = new JsonArray(a) }, new JsonObject { ["required"] = new JsonArray(b) }) };
}
