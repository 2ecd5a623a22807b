using System.Text.Json.Nodes;

namespace Fixlify.Workflows;

/// <summary>
/// A step's config being checked: helpers that add a {path, message} for each problem. In recording mode
/// (<see cref="Recording"/>) the same helpers also write what they check into a <see cref="ConfigSchemaRecorder"/>:
/// the builder's catalog is the JSON Schema of the checks themselves.
/// </summary>
internal sealed class ActionConfigValidation(JsonObject config, string path, ContextSchema schema, ICollection<FieldError> errors)
{
    /// <summary>An ISO-8601 duration as <see cref="IsoDuration"/> reads it (xs:duration, optionally negative).</summary>
    public const string DurationPattern = @"^-?P(?!$)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$";

    public JsonObject Config => config;

    public string Path => path;

    public ContextSchema Schema => schema;

    public void Error(string field, string message) => errors.Add(new FieldError($"{path}.{field}", message));

    /// <summary>A Liquid template: must parse and use only known variables; required ones must be non-empty.</summary>
    public string? Template(string field, bool required)
    {
        var text = Text(field, required);
        Recorder?.Property(field, new JsonObject { ["x-liquid"] = true });
        if (text is not null && TemplateVariables.Check(text, schema) is { } problem)
        {
            Error(field, problem);
        }

        return text;
    }

    public string? Text(string field, bool required, IReadOnlyCollection<string>? allowed = null)
    {
        Recorder?.Property(field, Recorded.Text(required, allowed), required);
        var node = config[field];
        if (node is null)
        {
            if (required)
            {
                Error(field, FillIn(field));
            }

            return null;
        }

        if (node is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            Error(field, $"{Quoted(field)} must be text.");
            return null;
        }

        if (required && string.IsNullOrWhiteSpace(text))
        {
            Error(field, FillIn(field));
            return null;
        }

        if (allowed is not null && !allowed.Contains(text))
        {
            Error(field, $"Choose {Quoted(field)} from the list.");
            return null;
        }

        return text;
    }

    public int? WholeNumber(string field, bool required, int min, int max)
    {
        Recorder?.Property(field, new JsonObject { ["type"] = "integer", ["minimum"] = min, ["maximum"] = max }, required);
        var node = config[field];
        if (node is null)
        {
            if (required)
            {
                Error(field, FillIn(field));
            }

            return null;
        }

        if (node is JsonValue value && value.TryGetValue<int>(out var number) && number >= min && number <= max)
        {
            return number;
        }

        Error(field, $"Enter a whole number from {min} to {max}.");
        return null;
    }

    public TimeSpan? Duration(string field, bool required)
    {
        var text = Text(field, required);
        Recorder?.Property(field, new JsonObject { ["format"] = "duration", ["pattern"] = DurationPattern, ["examples"] = new JsonArray("PT10M") });
        if (text is null)
        {
            return null;
        }

        if (IsoDuration.TryParse(text, out var duration))
        {
            return duration;
        }

        Error(field, "Enter a length of time, such as 3 days or 2 hours.");
        return null;
    }

    public JsonObject? Section(string field, bool required)
    {
        if (Recorder is { } recorder)
        {
            // Recording: every section is there (empty), so the checks of what is inside it are recorded too.
            recorder.Property(field, new JsonObject { ["type"] = "object" }, required);
            return config[field] as JsonObject ?? [];
        }

        var node = config[field];
        if (node is null)
        {
            if (required)
            {
                Error(field, FillIn(field));
            }

            return null;
        }

        if (node is JsonObject obj)
        {
            return obj;
        }

        Error(field, $"{Quoted(field)} cannot be read: fix it in code view.");
        return null;
    }

    /// <summary>The same checks on an object inside this config (e.g. one channel's settings of send_message).</summary>
    public ActionConfigValidation Nested(string field, JsonObject section) =>
        new(section, $"{path}.{field}", schema, errors) { Recorder = Recorder?.Nested(field) };

    /// <summary>Reports any key not in <paramref name="known"/>, so a typo does not silently do nothing.</summary>
    public void OnlyKnown(params string[] known)
    {
        Recorder?.Only(known);
        foreach (var key in config.Select(p => p.Key).Where(k => !known.Contains(k)))
        {
            Error(key, "This step has a setting it does not know: remove it in code view.");
        }
    }

    /// <summary>"Fill in “Subject”." — a missing setting, by its title in the builder.</summary>
    public string FillIn(string field) => $"Fill in {Quoted(field)}.";

    /// <summary>A setting's title in quotes, as the builder's form shows it: “Subject”.</summary>
    public string Quoted(string field) => $"“{Title(field)}”";

    string Title(string field) => _titles.TryGetValue(field, out var title) ? title : PlainText.Setting(field);

    readonly Dictionary<string, string> _titles = new(StringComparer.Ordinal);

    // Recording mode: the builder's catalog (see ConfigSchemaRecorder).

    /// <summary>Where the helpers write what they check; null when only checking.</summary>
    public ConfigSchemaRecorder? Recorder { get; private init; }

    /// <summary>Whether this run records the checks rather than checks a real config.</summary>
    public bool IsRecording => Recorder is not null;

    /// <summary>A validation of an empty config that records every check into <paramref name="recorder"/>; its errors are dropped.</summary>
    public static ActionConfigValidation Recording(ConfigSchemaRecorder recorder, ContextSchema schema) =>
        new([], "config", schema, new List<FieldError>()) { Recorder = recorder };

    /// <summary>Adds JSON Schema keywords to <paramref name="field"/> for a check written by hand beside this call.</summary>
    public void Describe(string field, JsonObject keywords, bool required = false) => Recorder?.Property(field, keywords, required);

    /// <summary><c>{"anyOf": [{"format": "uuid"}, {"pattern": "\{[{%]"}]}</c>: an id, or a template that renders one.</summary>
    public static JsonObject IdOrTemplateKeywords() => new()
    {
        ["anyOf"] = new JsonArray(new JsonObject { ["format"] = "uuid" }, new JsonObject { ["pattern"] = @"\{[{%]" }),
        ["x-record-kind"] = "id",
        ["examples"] = new JsonArray("8f14e45f-ceea-467f-a0e6-1a2b3c4d5e6f"),
    };

    /// <summary>The setting in words for the builder's form (overrides <see cref="PlainSchema"/>'s words for its key).</summary>
    public void Words(string field, string title, string? description = null)
    {
        _titles[field] = title;
        var keywords = new JsonObject { ["title"] = title };
        if (description is not null)
        {
            keywords["description"] = description;
        }

        Recorder?.Property(field, keywords);
    }


    /// <summary>Records a rule across fields (see <see cref="ConfigSchemaRecorder.ExactlyOne"/>) checked by hand beside this call.</summary>
    public void Rule(JsonObject schema) => Recorder?.Rule(schema);

    static class Recorded
    {
        public static JsonObject Text(bool required, IReadOnlyCollection<string>? allowed)
        {
            var keywords = new JsonObject { ["type"] = "string" };
            if (required)
            {
                keywords["pattern"] = @"\S";
            }

            if (allowed is not null)
            {
                keywords["enum"] = new JsonArray([.. allowed.Select(a => (JsonNode?)a)]);
            }

            return keywords;
        }
    }
}
