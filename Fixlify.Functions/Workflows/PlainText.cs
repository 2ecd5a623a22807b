using System.Globalization;
using System.Text.RegularExpressions;

namespace Fixlify.Workflows;

/// <summary>
/// Writes what the code knows in the words a person reads: a duration as "3 days", a list as "a, b or c", a record field
/// as "Invoice › Status", a value as its choice's label ("Paid").
/// </summary>
internal static partial class PlainText
{
    /// <summary>3 days, 24 hours, 1 hour 30 minutes, 45 seconds (the largest units first; weeks when whole).</summary>
    public static string Duration(TimeSpan value)
    {
        var sign = value < TimeSpan.Zero ? "minus " : "";
        value = value.Duration();
        if (value == TimeSpan.Zero)
        {
            return "no time";
        }

        var parts = new List<string>();
        if (value.TotalDays >= 7 && value.Ticks % TimeSpan.FromDays(7).Ticks == 0)
        {
            return sign + Count((int)(value.TotalDays / 7), "week");
        }

        if (value.Days > 0)
        {
            parts.Add(Count(value.Days, "day"));
        }

        if (value.Hours > 0)
        {
            parts.Add(Count(value.Hours, "hour"));
        }

        if (value.Minutes > 0)
        {
            parts.Add(Count(value.Minutes, "minute"));
        }

        if (value.Seconds > 0 || value.Milliseconds > 0)
        {
            parts.Add(value.Milliseconds > 0 ? $"{value.Seconds + (value.Milliseconds / 1000.0):0.###} seconds" : Count(value.Seconds, "second"));
        }

        return sign + string.Join(" ", parts);
    }

    /// <summary>1 day, 3 days.</summary>
    public static string Count(long number, string unit) => number == 1 ? $"1 {unit}" : $"{number.ToString(CultureInfo.InvariantCulture)} {unit}s";

    /// <summary>"a", "a or b", "a, b or c" (with <paramref name="last"/> "and": a, b and c).</summary>
    public static string List(IEnumerable<string> items, string last = "or")
    {
        var list = items.ToList();
        return list.Count switch
        {
            0 => "",
            1 => list[0],
            _ => $"{string.Join(", ", list.Take(list.Count - 1))} {last} {list[^1]}",
        };
    }

    /// <summary>A record field's path in words: <c>invoice.status</c> → "Invoice › Status"; <c>steps.reply.intent</c> → "the step's result › What they meant"; else "the value you chose".</summary>
    public static string Field(string path)
    {
        var segments = ContextSchema.Segments(path);
        if (segments.Count >= 2 && ContextRecords.Label(segments[0]) is { } record)
        {
            return ContextRecords.Field(segments[0], segments[1]) is { } field ? $"{record} › {field.Label}" : $"{record} › {Words(segments[1])}";
        }

        if (segments.Count == 1 && ContextRecords.Label(segments[0]) is { } whole)
        {
            return whole;
        }

        if (segments.Count >= 3 && segments[0] == "steps")
        {
            return $"An earlier step's result › {Words(segments[2])}";
        }

        if (segments.Count >= 1 && segments[0] == "trigger")
        {
            return "What started the automation";
        }

        if (segments.Count >= 2 && segments[0] == "workflow")
        {
            return $"The automation › {Words(segments[1])}";
        }

        return segments.Count > 0 ? Words(segments[^1]) : "this field";
    }

    /// <summary>A value as a person reads it: a choice's label when the field has choices (paid → "Paid"), else the value's text.</summary>
    public static string Value(string path, string? value)
    {
        if (value is null)
        {
            return "empty";
        }

        var segments = ContextSchema.Segments(path);
        if (segments.Count >= 2 && ContextRecords.Field(segments[0], segments[1])?.Choices is { } choices
            && choices.FirstOrDefault(c => c.Value == value) is { } choice)
        {
            return choice.Label;
        }

        if (segments.Count >= 3 && segments[0] == "steps" && segments[2] == "intent")
        {
            return WaitStepReader.IntentLabel(value);
        }

        return value;
    }

    /// <summary>A code name in words: <c>first_name</c> → "first name", <c>dueIn</c> → "due in".</summary>
    public static string Words(string name)
    {
        var spaced = CamelHump().Replace(name, " $1").Replace('_', ' ').Trim().ToLowerInvariant();
        return spaced.Length == 0 ? name : char.ToUpperInvariant(spaced[0]) + spaced[1..];
    }

    /// <summary>A setting's title in the catalog's words, lower-cased for the middle of a sentence.</summary>
    public static string Setting(string key) => PlainSchema.Title(key) ?? Words(key);

    [GeneratedRegex("(?<=[a-z0-9])([A-Z])")]
    private static partial Regex CamelHump();
}
