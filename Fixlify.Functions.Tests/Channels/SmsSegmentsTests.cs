using Fixlify.Channels;

namespace Fixlify.Tests.Channels;

/// <summary>GSM 03.38 counting: 160/153 septets in GSM-7, 70/67 UTF-16 units in UCS-2, extension characters counting two.</summary>
public sealed class SmsSegmentsTests
{
    public static TheoryData<string, string, string, int, int> Texts() => new()
    {
        // name, text, encoding, units, segments
        { "empty", "", "GSM-7", 0, 0 },
        { "one GSM-7 segment, full", new string('a', 160), "GSM-7", 160, 1 },
        { "161 septets: two segments", new string('a', 161), "GSM-7", 161, 2 },
        { "two concatenated segments, full", new string('a', 306), "GSM-7", 306, 2 },
        { "307 septets: three segments", new string('a', 307), "GSM-7", 307, 3 },
        { "accents of the GSM alphabet stay GSM-7", "Café à Zürich, ñoño, Ørsted: @£$¥ §¿¡", "GSM-7", 37, 1 },
        { "an accent outside it does not (ú)", "Café à Zürich, ñandú", "UCS-2", 20, 1 },
        { "an extension character counts two", "€" + new string('a', 158), "GSM-7", 160, 1 },
        { "extension characters past 160 septets", new string('€', 81), "GSM-7", 162, 2 },
        { "an escaped character in a long text", new string('a', 150) + "{" + new string('a', 10), "GSM-7", 162, 2 },
        { "an escaped character is not split: it moves to the next segment", new string('a', 152) + "[" + new string('a', 152), "GSM-7", 306, 3 },
        { "every extension character", "^{}\\[~]|€\f", "GSM-7", 20, 1 },
        { "a curly quote turns the text into UCS-2", "Reply C to confirm, we’ll see you then", "UCS-2", 38, 1 },
        { "one UCS-2 segment, full", new string('ж', 70), "UCS-2", 70, 1 },
        { "71 units: two segments", new string('ж', 71), "UCS-2", 71, 2 },
        { "two UCS-2 segments, full", new string('ж', 134), "UCS-2", 134, 2 },
        { "135 units: three segments", new string('ж', 135), "UCS-2", 135, 3 },
        { "an emoji is two units", string.Concat(Enumerable.Repeat("😀", 35)), "UCS-2", 70, 1 },
        { "36 emoji: two segments", string.Concat(Enumerable.Repeat("😀", 36)), "UCS-2", 72, 2 },
        { "an emoji is not split: it moves to the next segment", new string('ж', 66) + "😀" + new string('ж', 66), "UCS-2", 134, 3 },
        { "a GSM-7 text with one emoji halves the room", new string('a', 70) + "😀", "UCS-2", 72, 2 },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Of_Text_CountsItsEncodingUnitsAndSegments(string name, string text, string encoding, int units, int segments)
    {
        var counted = SmsSegments.Of(text);

        Assert.True((encoding, units, segments) == (counted.Encoding, counted.Units, counted.Segments), $"{name}: {counted}");
    }
}
