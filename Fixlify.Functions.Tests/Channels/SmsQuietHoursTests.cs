using System.Globalization;
using Fixlify.Channels;

namespace Fixlify.Tests.Channels;

public sealed class SmsQuietHoursTests
{
    static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    static DateTimeOffset? NextAllowed(string now, string start, string end, TimeZoneInfo? zone = null) =>
        SmsQuietHours.NextAllowed(DateTimeOffset.Parse(now, CultureInfo.InvariantCulture), TimeOnly.Parse(start, CultureInfo.InvariantCulture), TimeOnly.Parse(end, CultureInfo.InvariantCulture), zone ?? NewYork);

    [Theory]
    [InlineData("2025-01-15T02:00:00Z", "2025-01-15T13:00:00Z")] // 21:00 EST: the window has just begun
    [InlineData("2025-01-15T04:59:00Z", "2025-01-15T13:00:00Z")] // 23:59 EST
    [InlineData("2025-01-15T05:00:00Z", "2025-01-15T13:00:00Z")] // 00:00 EST, the next day
    [InlineData("2025-01-15T12:59:59Z", "2025-01-15T13:00:00Z")] // 07:59:59 EST
    public void NextAllowed_InsideAWindowAcrossMidnight_IsItsEndInTheLocalMorning(string now, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), NextAllowed(now, "21:00", "08:00"));

    [Theory]
    [InlineData("2025-01-15T13:00:00Z")] // 08:00 EST: the window is over
    [InlineData("2025-01-15T01:59:59Z")] // 20:59:59 EST
    [InlineData("2025-01-15T17:00:00Z")] // noon
    public void NextAllowed_OutsideTheWindow_IsNull(string now) =>
        Assert.Null(NextAllowed(now, "21:00", "08:00"));

    [Fact]
    public void NextAllowed_WindowWithinOneDay_EndsTheSameDay() =>
        Assert.Equal(DateTimeOffset.Parse("2025-01-15T19:00:00Z", CultureInfo.InvariantCulture), NextAllowed("2025-01-15T17:30:00Z", "12:00", "14:00"));

    [Fact]
    public void NextAllowed_EndOnTheNightClocksGoForward_UsesTheNewOffset() =>
        // 8 March 2025, 22:00 EST; the US springs forward at 02:00 on the 9th, so 08:00 that morning is EDT (12:00Z).
        Assert.Equal(DateTimeOffset.Parse("2025-03-09T12:00:00Z", CultureInfo.InvariantCulture), NextAllowed("2025-03-09T03:00:00Z", "21:00", "08:00"));

    [Fact]
    public void NextAllowed_EndInsideTheSpringGap_MovesToTheFirstTimeThatExists() =>
        Assert.Equal(DateTimeOffset.Parse("2025-03-09T07:00:00Z", CultureInfo.InvariantCulture), NextAllowed("2025-03-09T05:30:00Z", "00:00", "02:30"));

    [Fact]
    public void NextAllowed_SameStartAndEnd_MeansNoQuietHours() =>
        Assert.Null(NextAllowed("2025-01-15T03:00:00Z", "00:00", "00:00"));

    [Fact]
    public void Zone_UnknownIds_FallBackInOrder_ThenUtc()
    {
        Assert.Equal("America/Chicago", SmsQuietHours.Zone("Mars/Olympus_Mons", "America/Chicago").Id);
        Assert.Equal(TimeZoneInfo.Utc, SmsQuietHours.Zone(null, ""));
    }
}
