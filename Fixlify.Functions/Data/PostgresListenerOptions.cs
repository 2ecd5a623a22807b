using Microsoft.Extensions.Configuration;

namespace Fixlify.Data;

/// <summary>The LISTEN connections (the outbox relay's and the live stream's), see <see cref="PostgresListener"/>.</summary>
internal sealed class PostgresListenerOptions
{
    public const string Section = "Listener";

    /// <summary>
    /// The name <see cref="MaxBackoff"/> had when only the relay read it. It still works, and wins when set: the new name
    /// always has a value on the standalone host (local.settings.sample.json), so only the old one says someone set it.
    /// </summary>
    public const string FormerMaxBackoffKey = "Relay:MaxBackoff";

    /// <summary>The first wait after a lost connection; each failed attempt doubles it up to <see cref="MaxBackoff"/>.</summary>
    public static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait between reconnection attempts.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Reads <c>Listener__*</c>; <c>Relay__MaxBackoff</c>, when set, gives <see cref="MaxBackoff"/>.</summary>
    public static PostgresListenerOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<PostgresListenerOptions>() ?? new PostgresListenerOptions();
        if (configuration.GetValue<TimeSpan?>(FormerMaxBackoffKey) is { } former)
        {
            options.MaxBackoff = former;
        }

        return options;
    }

    /// <summary>The wait after the first lost connection.</summary>
    public TimeSpan InitialBackoff => MaxBackoff < FirstBackoff ? MaxBackoff : FirstBackoff;

    /// <summary>The wait after one lasting <paramref name="previous"/> did not help: twice as long, at most <see cref="MaxBackoff"/>.</summary>
    public TimeSpan NextBackoff(TimeSpan previous) => TimeSpan.FromTicks(Math.Min(previous.Ticks * 2, MaxBackoff.Ticks));

    /// <summary>Describes a setting the listeners cannot work with, naming it as it is written in app settings.</summary>
    public IReadOnlyList<string> Problems() =>
        MaxBackoff > TimeSpan.Zero ? [] : [$"Setting '{Section}__{nameof(MaxBackoff)}' (or 'Relay__MaxBackoff') must be a positive time span (e.g. 00:00:30), not {MaxBackoff}."];
}
