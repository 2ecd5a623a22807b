using System.Text;

namespace Fixlify.Workflows;

/// <summary>What a text reply says about consent: nothing, stop texting me (opt-out), or text me again (opt-in).</summary>
internal enum SmsKeyword
{
    None,
    OptOut,
    OptIn,
}

/// <summary>
/// Reads a text reply for the consent keywords. Opting out: STOP, STOPALL, QUIT, END, REVOKE, OPT OUT, OPTOUT, CANCEL,
/// UNSUBSCRIBE — the seven words of the FCC's 2024 revocation rule (47 CFR § 64.1200(a)(10), adopted in FCC 24-24,
/// CG Docket No. 02-278, 89 FR 15756, in force since April 11, 2025: "stop", "quit", "end", "revoke", "opt out",
/// "cancel" or "unsubscribe" sent in reply to a text revokes consent) and the carriers' STOPALL and OPTOUT. Opting back
/// in: START, UNSTOP. The keyword must be the whole message: case, surrounding whitespace and punctuation (and emoji)
/// are ignored, and inner runs of spaces, hyphens or underscores count as one space ("Opt-out!" is OPT OUT); a keyword
/// inside a sentence ("please don't stop by before noon") is not one.
/// </summary>
internal static class SmsKeywords
{
    /// <summary>The opt-out keywords, as <see cref="Normalize"/> writes them.</summary>
    public static readonly IReadOnlySet<string> OptOutWords =
        new HashSet<string>(StringComparer.Ordinal) { "STOP", "STOPALL", "STOP ALL", "QUIT", "END", "REVOKE", "OPT OUT", "OPTOUT", "CANCEL", "UNSUBSCRIBE" };

    /// <summary>The opt-in keywords, as <see cref="Normalize"/> writes them.</summary>
    public static readonly IReadOnlySet<string> OptInWords = new HashSet<string>(StringComparer.Ordinal) { "START", "UNSTOP" };

    /// <summary>Whether <paramref name="text"/>, as a whole, is an opt-out or an opt-in keyword.</summary>
    public static SmsKeyword Classify(string? text)
    {
        var word = Normalize(text);
        return OptOutWords.Contains(word) ? SmsKeyword.OptOut : OptInWords.Contains(word) ? SmsKeyword.OptIn : SmsKeyword.None;
    }

    /// <summary>
    /// The message as the keywords are compared with it: upper case, without anything but letters and digits at its
    /// ends, inner whitespace, hyphens and underscores as one space (<c>"  Opt-Out!! "</c> → <c>OPT OUT</c>).
    /// </summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var start = 0;
        var end = text.Length;
        while (start < end && !char.IsLetterOrDigit(text[start]))
        {
            start++;
        }

        while (end > start && !char.IsLetterOrDigit(text[end - 1]))
        {
            end--;
        }

        var word = new StringBuilder(end - start);
        var separated = false;
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) || c is '-' or '_' or '\u2010' or '\u2011' or '\u2013' or '\u2014')
            {
                separated = true;
                continue;
            }

            if (separated)
            {
                word.Append(' ');
                separated = false;
            }

            word.Append(char.ToUpperInvariant(c));
        }

        return word.ToString();
    }
}
