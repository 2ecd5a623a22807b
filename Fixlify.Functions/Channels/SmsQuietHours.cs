using System.Globalization;

namespace Fixlify.Channels;

/// <summary>
/// The hours an organization sends no SMS (default 21:00–08:00), in the client's time zone, else the organization's.
/// A text due in the window is put off to its end, never dropped.
/// </summary>
internal static class SmsQuietHours
{
    public static readonly TimeOnly DefaultStart = new(21, 0);
    public static readonly TimeOnly DefaultEnd = new(8, 0);

    /// <summary>The end of the quiet window <paramref name="now"/> falls in, or null when texts may go now.</summary>
    public static DateTimeOffset? NextAllowed(DateTimeOffset now, TimeOnly start, TimeOnly end, TimeZoneInfo zone)
    {
        if (start == end)
        {
            return null;
        }

        var local = TimeZoneInfo.ConvertTime(now, zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var crossesMidnight = start > end;
        var quiet = crossesMidnight ? time >= start || time < end : time >= start && time < end;
        if (!quiet)
        {
            return null;
        }

        var day = DateOnly.FromDateTime(local.DateTime);
        if (crossesMidnight && time >= start)
        {
            day = day.AddDays(1);
        }

        var wallClock = day.ToDateTime(end, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(wallClock))
        {
            // The end falls in a spring-forward gap: the first minute that exists after it.
            wallClock = wallClock.AddMinutes(1);
        }

        var offset = zone.IsAmbiguousTime(wallClock) ? zone.GetAmbiguousTimeOffsets(wallClock).Max() : zone.GetUtcOffset(wallClock);
        return new DateTimeOffset(wallClock, offset).ToUniversalTime();
    }

    /// <summary>A time column as PostgreSQL writes it (<c>21:00:00</c>), or <paramref name="fallback"/>.</summary>
    public static TimeOnly ParseTime(string? text, TimeOnly fallback) =>
        TimeOnly.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : fallback;

    /// <summary>The first of <paramref name="ids"/> that names an IANA (or Windows) time zone this machine knows; else UTC.</summary>
    public static TimeZoneInfo Zone(params string?[] ids)
    {
        foreach (var id in ids)
        {
            if (!string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
            {
                return zone;
            }
        }

        return TimeZoneInfo.Utc;
    }
}
