using System.Text.RegularExpressions;

namespace Fixlify.Channels;

/// <summary>Checks and masks the addresses messages go to. A masked value is what logs and error messages show.</summary>
public static partial class RecipientAddress
{
    const string Dots = "•••";

    /// <summary>An E.164 number (<c>+15550001234</c>); spaces, dashes, dots and parentheses are dropped first.</summary>
    public static string? NormalizePhone(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var compact = string.Concat(text.Where(c => c is not (' ' or '-' or '(' or ')' or '.')));
        return E164().IsMatch(compact) ? compact : null;
    }

    /// <summary>A plain mailbox address (<c>name@example.com</c>).</summary>
    public static bool IsEmail(string? text) => text is not null && Email().IsMatch(text);

    /// <summary><c>+15550001234</c> → <c>+1555•••1234</c>.</summary>
    public static string MaskPhone(string? text)
    {
        text = text?.Trim() ?? "";
        if (text.Length == 0)
        {
            return "(empty)";
        }

        // A full E.164 number keeps its country and area code and last four; anything shorter keeps less.
        var (head, tail) = text.Length >= 12 ? (5, 4) : (Math.Max(1, text.Length / 3), text.Length / 4);
        return text[..head] + Dots + text[^tail..];
    }

    /// <summary><c>alex@example.com</c> → <c>a•••@example.com</c>.</summary>
    public static string MaskEmail(string? text)
    {
        text = text?.Trim() ?? "";
        var at = text.LastIndexOf('@');
        return text.Length == 0 ? "(empty)" : at > 0 ? text[..1] + Dots + text[at..] : text[..1] + Dots;
    }

    /// <summary>Masks every address in a text (a server's reply such as <c>550 &lt;alex@example.com&gt;: no such user</c>).</summary>
    public static string MaskEmailsIn(string text) => AnyEmail().Replace(text, m => MaskEmail(m.Value));

    [GeneratedRegex(@"[^@\s<>(),;:""\[\]]+@[A-Za-z0-9.-]+", RegexOptions.CultureInvariant)]
    private static partial Regex AnyEmail();

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex E164();

    [GeneratedRegex(@"^[^@\s<>(),;:""\[\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$", RegexOptions.CultureInvariant)]
    private static partial Regex Email();
}
