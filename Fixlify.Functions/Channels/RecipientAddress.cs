using System.Text.RegularExpressions;
using PhoneNumbers;

namespace Fixlify.Channels;

/// <summary>Checks and masks the addresses messages go to. A masked value is what logs and error messages show.</summary>
internal static partial class RecipientAddress
{
    const string Dots = "•••";

    static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    /// <summary>
    /// The E.164 form (<c>+15550104567</c>) of a phone number as people write it, read with libphonenumber: an international
    /// number (<c>+1 (555) 010-4567</c>, <c>+1(555) 010-4567</c>) as it is, a national one (<c>(555) 010-4567</c>,
    /// <c>555.010.4567</c>) in <paramref name="region"/> (the organization's <c>country_code</c>, ISO 3166-1 alpha-2).
    /// Null when it is not a phone number, or does not have a whole number's length in its country (a 7-digit local
    /// number, too few or too many digits). Possible rather than valid: numbering plans change faster than the library, and
    /// the 555 numbers of tests and demos are possible but not assigned.
    /// </summary>
    public static string? NormalizePhone(string? text, string? region)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 64)
        {
            return null;
        }

        try
        {
            var number = Phones.Parse(text, string.IsNullOrWhiteSpace(region) ? "ZZ" : region.Trim().ToUpperInvariant());
            return Phones.IsPossibleNumberWithReason(number) == PhoneNumberUtil.ValidationResult.IS_POSSIBLE
                ? Phones.Format(number, PhoneNumberFormat.E164)
                : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether a literal recipient can be a phone number once read in some organization's region: an international
    /// number that normalizes, or a national one of 6 to 15 digits written with the usual separators.
    /// </summary>
    public static bool CouldBePhone(string? text)
    {
        text = text?.Trim() ?? "";
        if (text.StartsWith('+'))
        {
            return NormalizePhone(text, region: null) is not null;
        }

        return NationalWriting().IsMatch(text) && text.Count(char.IsAsciiDigit) is >= 6 and <= 15;
    }

    /// <summary>Whether libphonenumber knows <paramref name="region"/> (<c>US</c>, <c>GB</c>, …).</summary>
    public static bool IsPhoneRegion(string? region) =>
        region is { Length: 2 } && Phones.GetSupportedRegions().Contains(region);

    /// <summary>
    /// The digits an index finds a number's written forms by: the last 7 of its E.164 form, which every written form of
    /// the number ends with when its national significant number has at least 7 digits (<see cref="ClientPhoneLookup"/>).
    /// Null for shorter national numbers (a few small countries), which are looked up by their whole national number.
    /// </summary>
    public static string? PhoneTail(string e164)
    {
        var national = NationalNumber(e164);
        return national.Length >= 7 ? e164[^7..] : null;
    }

    /// <summary>The national significant number of an E.164 number (<c>+15550104567</c> → <c>5550104567</c>).</summary>
    public static string NationalNumber(string e164) => Phones.GetNationalSignificantNumber(Phones.Parse(e164, "ZZ"));

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

    [GeneratedRegex(@"^[0-9 ().\-/]+$", RegexOptions.CultureInvariant)]
    private static partial Regex NationalWriting();

    [GeneratedRegex(@"^[^@\s<>(),;:""\[\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$", RegexOptions.CultureInvariant)]
    private static partial Regex Email();
}
