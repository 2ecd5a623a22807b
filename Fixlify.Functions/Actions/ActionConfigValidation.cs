using System.Text.Json.Nodes;
using Fixlify.Api;
using Fixlify.Workflows;

namespace Fixlify.Actions;

/// <summary>A step's config being checked: helpers that add a {path, message} for each problem.</summary>
public sealed class ActionConfigValidation(JsonObject config, string path, ContextSchema schema, ICollection<FieldError> errors)
{
    public JsonObject Config => config;

    public string Path => path;

    public ContextSchema Schema => schema;

    public void Error(string field, string message) => errors.Add(new FieldError($"{path}.{field}", message));

    /// <summary>A Liquid template: must parse and use only known variables; required ones must be non-empty.</summary>
    public string? Template(string field, bool required)
    {
        var text = Text(field, required);
        if (text is not null && TemplateVariables.Check(text, schema) is { } problem)
        {
            Error(field, problem);
        }

        return text;
    }

    public string? Text(string field, bool required, IReadOnlyCollection<string>? allowed = null)
    {
        var node = config[field];
        if (node is null)
        {
            if (required)
            {
                Error(field, "Required.");
            }

            return null;
        }

        if (node is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            Error(field, "Must be a string.");
            return null;
        }

        if (required && string.IsNullOrWhiteSpace(text))
        {
            Error(field, "Must not be empty.");
            return null;
        }

        if (allowed is not null && !allowed.Contains(text))
        {
            Error(field, $"'{text}' is not one of {string.Join(", ", allowed)}.");
            return null;
        }

        return text;
    }

    public int? WholeNumber(string field, bool required, int min, int max)
    {
        var node = config[field];
        if (node is null)
        {
            if (required)
            {
                Error(field, "Required.");
            }

            return null;
        }

        if (node is JsonValue value && value.TryGetValue<int>(out var number) && number >= min && number <= max)
        {
            return number;
        }

        Error(field, $"Must be a whole number from {min} to {max}.");
        return null;
    }

    public TimeSpan? Duration(string field, bool required)
    {
        var text = Text(field, required);
        if (text is null)
        {
            return null;
        }

        if (IsoDuration.TryParse(text, out var duration))
        {
            return duration;
        }

        Error(field, $"'{text}' is not an ISO-8601 duration such as PT30M, P3D or -PT24H.");
        return null;
    }

    public JsonObject? Section(string field, bool required)
    {
        var node = config[field];
        if (node is null)
        {
            if (required)
            {
                Error(field, "Required.");
            }

            return null;
        }

        if (node is JsonObject obj)
        {
            return obj;
        }

        Error(field, "Must be an object.");
        return null;
    }

    /// <summary>The same checks on an object inside this config (e.g. one channel's settings of send_message).</summary>
    public ActionConfigValidation Nested(string field, JsonObject section) => new(section, $"{path}.{field}", schema, errors);

    /// <summary>Reports any key not in <paramref name="known"/>, so a typo does not silently do nothing.</summary>
    public void OnlyKnown(params string[] known)
    {
        foreach (var key in config.Select(p => p.Key).Where(k => !known.Contains(k)))
        {
            Error(key, $"Unknown setting '{key}': this action takes {string.Join(", ", known)}.");
        }
    }
}
