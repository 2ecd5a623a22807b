using System.Globalization;
using System.Text.RegularExpressions;

namespace Fixlify.Api;

/// <summary>
/// Where a reader of the live stream is (ADR 0011), sent as each event's id and read back from <c>Last-Event-ID</c>:
/// every update visible in snapshot <see cref="Seen"/> was sent, and of those that became visible by snapshot
/// <see cref="Reading"/>, every one up to id <see cref="After"/>. Written <c>seen/reading/after</c>, each snapshot in
/// PostgreSQL's text form.
/// </summary>
internal sealed partial record StreamPosition(string Seen, string Reading, long After)
{
    /// <summary>A snapshot in which no transaction is visible: with it, an id from before ADR 0011 resumes after that id.</summary>
    const string Nothing = "3:3:";

    /// <summary>Everything visible in <paramref name="snapshot"/> was sent.</summary>
    public static StreamPosition At(string snapshot) => new(snapshot, snapshot, 0);

    public StreamPosition Next(long after) => this with { After = after };

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Seen}/{Reading}/{After}");

    /// <summary>
    /// The position in <paramref name="text"/>; null when it is not one this stream sent. A number (an id this stream sent
    /// before positions were snapshots) resumes after that update, up to snapshot <paramref name="now"/>.
    /// </summary>
    public static StreamPosition? Parse(string text, string now)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return new StreamPosition(Nothing, now, id);
        }

        var match = Form().Match(text);
        return match.Success && Valid(match.Groups[1].Value) && Valid(match.Groups[2].Value)
               && long.TryParse(match.Groups[3].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var after)
            ? new StreamPosition(match.Groups[1].Value, match.Groups[2].Value, after)
            : null;
    }

    /// <summary>xmin ≤ every listed transaction &lt; xmax, as PostgreSQL requires of a snapshot.</summary>
    static bool Valid(string snapshot)
    {
        var parts = snapshot.Split(':');
        if (!ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var xmin)
            || !ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var xmax)
            || xmin is 0 || xmin > xmax || xmax > long.MaxValue)
        {
            return false;
        }

        ulong previous = 0;
        foreach (var listed in parts[2].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!ulong.TryParse(listed, NumberStyles.None, CultureInfo.InvariantCulture, out var xid) || xid < xmin || xid >= xmax || xid <= previous)
            {
                return false;
            }

            previous = xid;
        }

        return true;
    }

    [GeneratedRegex(@"^([0-9]{1,20}:[0-9]{1,20}:[0-9,]{0,20000})/([0-9]{1,20}:[0-9]{1,20}:[0-9,]{0,20000})/([0-9]{1,19})$", RegexOptions.CultureInvariant)]
    private static partial Regex Form();
}
