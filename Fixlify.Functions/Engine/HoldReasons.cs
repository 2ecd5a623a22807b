using System.Globalization;
using NodaTime;

namespace Fixlify.Engine;

/// <summary>Why a step is held or gave up, in a person's words, times in the organization's zone ("since 08:02").</summary>
internal static class HoldReasons
{
    /// <summary>"Held: the email server is not answering since 08:02." (the date too when it was not today).</summary>
    public static string Held(Provider provider, string cause, DateTime since, string? timeZone, DateTime now) =>
        $"Held: {provider.Label} {cause} since {Moment(since, timeZone, now)}. It goes out when {provider.Label} answers again.";

    /// <summary>"Held: the automation was paused at 08:10. It goes on when it is resumed."</summary>
    public static string Paused(DateTime since, string? timeZone, DateTime now) =>
        $"Held: the automation was paused at {Moment(since, timeZone, now)}. It goes on when it is resumed.";

    /// <summary>"Not sent: the email server was not answering for 24 hours (held since 08:02)."</summary>
    public static string GaveUp(Provider provider, string? cause, TimeSpan maxHold, DateTime since, string? timeZone, DateTime now) =>
        $"Not sent: {provider.Label} {cause ?? "was not answering"} and the message was held for {Duration(maxHold)}, the longest a message is held (since {Moment(since, timeZone, now)}).";

    /// <summary>A time of day in the zone ("08:02"), with the day when it is not <paramref name="now"/>'s ("Dec 7, 08:02").</summary>
    public static string Moment(DateTime utc, string? timeZone, DateTime now)
    {
        var zone = (timeZone is null ? null : DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZone)) ?? DateTimeZone.Utc;
        var local = Instant.FromDateTimeUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).InZone(zone).LocalDateTime;
        var today = Instant.FromDateTimeUtc(DateTime.SpecifyKind(now, DateTimeKind.Utc)).InZone(zone).Date;
        return local.Date == today
            ? local.ToString("HH:mm", CultureInfo.InvariantCulture)
            : local.ToString("MMM d, HH:mm", CultureInfo.InvariantCulture);
    }

    static string Duration(TimeSpan span) => span.TotalHours >= 1 && span.TotalHours == Math.Floor(span.TotalHours)
        ? $"{span.TotalHours:0} hour{(span.TotalHours == 1 ? "" : "s")}"
        : span.TotalMinutes >= 1 ? $"{span.TotalMinutes:0} minute{(span.TotalMinutes == 1 ? "" : "s")}" : $"{span.TotalSeconds:0} seconds";
}
