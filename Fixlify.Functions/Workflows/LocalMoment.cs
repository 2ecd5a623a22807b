using NodaTime;
using NodaTime.Text;
using NodaTime.TimeZones;

namespace Fixlify.Workflows;

/// <summary>
/// A delay's fixed moment: a local date and time (<c>2026-12-24T09:00</c>, seconds optional) in the organization's time
/// zone. A time the clocks skip is read as the first moment after the gap, and a time that happens twice as its second
/// occurrence, so a delay never ends early.
/// </summary>
internal static class LocalMoment
{
    /// <summary>The JSON Schema pattern of the text <see cref="Parse"/> reads.</summary>
    public const string Pattern = @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$";

    static readonly LocalDateTimePattern WithSeconds = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss");
    static readonly LocalDateTimePattern WithoutSeconds = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm");
    static readonly ZoneLocalMappingResolver NeverEarly = Resolvers.CreateMappingResolver(Resolvers.ReturnLater, Resolvers.ReturnForwardShifted);

    /// <summary>The local date and time, or null when <paramref name="text"/> is not one.</summary>
    public static LocalDateTime? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var result = WithoutSeconds.Parse(text);
        if (!result.Success)
        {
            result = WithSeconds.Parse(text);
        }

        return result.Success ? result.Value : null;
    }

    /// <summary>The UTC moment of <paramref name="text"/> in <paramref name="timeZone"/> (an IANA id; unknown or null: UTC), or null when it is not a date and time.</summary>
    public static DateTime? ToUtc(string? text, string? timeZone)
    {
        if (Parse(text) is not { } local)
        {
            return null;
        }

        var zone = (timeZone is null ? null : DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZone)) ?? DateTimeZone.Utc;
        return local.InZone(zone, NeverEarly).ToDateTimeUtc();
    }
}
