using System.Diagnostics;
using System.Text.RegularExpressions;
using OpenTelemetry;

namespace Fixlify.Telemetry;

/// <summary>
/// The last word on personal data in traces: before a span is exported, every string attribute (and the status
/// description) that holds an email address or a phone number has it replaced by <see cref="Mask"/>. The app's own spans
/// carry ids only; this catches what libraries add (a URL path or query, a SQL text, a server's error).
/// </summary>
internal sealed partial class PersonalDataRedactor : BaseProcessor<Activity>
{
    public const string Mask = "[redacted]";

    public override void OnEnd(Activity data)
    {
        List<KeyValuePair<string, string>>? changed = null;
        foreach (var (key, value) in data.Tags)
        {
            if (value is not null && Redact(value) is var redacted && !ReferenceEquals(redacted, value))
            {
                (changed ??= []).Add(new(key, redacted));
            }
        }

        foreach (var (key, value) in changed ?? [])
        {
            data.SetTag(key, value);
        }

        if (data.StatusDescription is { } description && Redact(description) is var masked && !ReferenceEquals(masked, description))
        {
            data.SetStatus(data.Status, masked);
        }
    }

    /// <summary>The text with email addresses and phone numbers masked; the same instance when there was none.</summary>
    public static string Redact(string text)
    {
        if (text.Length < 7)
        {
            return text;
        }

        var result = EmailAddress().Replace(text, Mask);
        result = PhoneNumber().Replace(result, m => m.Value.Count(char.IsAsciiDigit) >= 7 ? Mask : m.Value);
        return result == text ? text : result;
    }

    /// <summary>Whether the text holds an email address or a phone number.</summary>
    public static bool HoldsPersonalData(string text) => !ReferenceEquals(Redact(text), text);

    [GeneratedRegex(@"[\w.%+-]+(@|%40)[\w-]+(\.[\w-]+)+", RegexOptions.CultureInvariant)]
    private static partial Regex EmailAddress();

    /// <summary>A run of digits with the separators numbers are written with, not inside a word, an id or a time.</summary>
    [GeneratedRegex(@"(?<![\w.:-])(\+|%2B)?\(?\d[\d ().-]{5,}\d(?![\w:-])", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneNumber();
}
