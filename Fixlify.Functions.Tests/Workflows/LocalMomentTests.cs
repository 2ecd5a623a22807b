using Fixlify.Workflows;

namespace Fixlify.Tests.Workflows;

/// <summary>A delay's fixed moment is read in the organization's zone, and never ends early around a clock change.</summary>
public sealed class LocalMomentTests
{
    [Theory]
    [InlineData("2026-12-24T09:00", "America/New_York", "2026-12-24T14:00:00Z")]
    [InlineData("2026-07-01T09:00:30", "Europe/Berlin", "2026-07-01T07:00:30Z")]
    [InlineData("2026-12-24T09:00", null, "2026-12-24T09:00:00Z")]
    [InlineData("2026-12-24T09:00", "Not/AZone", "2026-12-24T09:00:00Z")]
    // 02:30 does not happen on 8 March 2026 in New York (02:00 → 03:00): the first moment after the gap, 03:30 EDT.
    [InlineData("2026-03-08T02:30", "America/New_York", "2026-03-08T07:30:00Z")]
    // 01:30 happens twice on 1 November 2026 (EDT, then EST): the later one.
    [InlineData("2026-11-01T01:30", "America/New_York", "2026-11-01T06:30:00Z")]
    public void ToUtc_LocalTimeInTheZone_IsNeverEarly(string local, string? zone, string expected) =>
        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal), LocalMoment.ToUtc(local, zone));

    [Theory]
    [InlineData("next Tuesday")]
    [InlineData("2026-12-24")]
    [InlineData("2026-12-24T09:00:00Z")]
    [InlineData("2026-02-30T09:00")]
    [InlineData("")]
    public void Parse_NotALocalDateAndTime_IsNull(string text) => Assert.Null(LocalMoment.Parse(text));
}
