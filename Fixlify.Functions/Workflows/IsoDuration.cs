using System.Xml;

namespace Fixlify.Workflows;

/// <summary>ISO-8601 durations (<c>PT30M</c>, <c>P3D</c>, <c>-PT24H</c>), read with the XML Schema reader of the BCL.</summary>
internal static class IsoDuration
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text) || !text.TrimStart('-').StartsWith('P'))
        {
            return false;
        }

        try
        {
            value = XmlConvert.ToTimeSpan(text);
            return true;
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            return false;
        }
    }

    public static string Format(TimeSpan value) => XmlConvert.ToString(value);
}
