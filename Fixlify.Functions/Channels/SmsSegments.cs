using System.Text;

namespace Fixlify.Channels;

/// <summary>How a text travels: its encoding, its length in that encoding's units, and how many segments carriers bill.</summary>
/// <param name="Encoding"><c>GSM-7</c> or <c>UCS-2</c>.</param>
/// <param name="Units">Septets for GSM-7 (an escaped character counts two), UTF-16 code units for UCS-2 (an emoji counts two).</param>
internal sealed record SmsSegments(string Encoding, int Units, int Segments)
{
    public const string Gsm7 = "GSM-7";
    public const string Ucs2 = "UCS-2";

    /// <summary>GSM 03.38 (3GPP TS 23.038 §6.2.1): the default alphabet, one septet each.</summary>
    const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    /// <summary>GSM 03.38's extension table: reached with the escape septet, so each costs two.</summary>
    const string Extension = "\f^{}\\[~]|€";

    /// <summary>
    /// Counts <paramref name="text"/> as a carrier does: GSM-7 when every character is in the GSM 03.38 alphabet (its
    /// extension characters count two septets), else UCS-2. One segment holds 160 septets or 70 UTF-16 units; a longer
    /// text is split into segments of 153 septets or 67 units (the rest is the concatenation header, 3GPP TS 23.040
    /// §9.2.3.24.1), never splitting an escaped character or a surrogate pair. An empty text has no segments.
    /// </summary>
    public static SmsSegments Of(string? text)
    {
        text ??= "";
        var gsm = text.All(c => Basic.Contains(c, StringComparison.Ordinal) || Extension.Contains(c, StringComparison.Ordinal));
        var costs = gsm
            ? text.Select(c => Extension.Contains(c, StringComparison.Ordinal) ? 2 : 1).ToList()
            : Characters(text).Select(c => c.Length).ToList();
        var (single, multi) = gsm ? (160, 153) : (70, 67);
        var units = costs.Sum();
        return new SmsSegments(gsm ? Gsm7 : Ucs2, units, units == 0 ? 0 : units <= single ? 1 : Split(costs, multi));
    }

    static int Split(List<int> costs, int capacity)
    {
        var segments = 1;
        var used = 0;
        foreach (var cost in costs)
        {
            if (used + cost > capacity)
            {
                segments++;
                used = 0;
            }

            used += cost;
        }

        return segments;
    }

    /// <summary>The text's characters as UTF-16 runs that must stay together (a surrogate pair is one run of two).</summary>
    static IEnumerable<string> Characters(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            yield return rune.ToString();
        }
    }
}
