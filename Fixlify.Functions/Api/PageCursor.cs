using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Fixlify.Api;

/// <summary>
/// An opaque pagination cursor: the sort key of the last item of a page (its time to the microsecond, as PostgreSQL
/// keeps it, and its id), base64url with a checksum, so a cursor that was altered is refused rather than read. A time
/// cut to the millisecond would skip the rows that share the last one's time (they sort after the cut time).
/// </summary>
internal sealed record PageCursor(DateTimeOffset At, Guid Id)
{
    const long MaxMicroseconds = 253_402_300_800_000_000; // year 10000

    public string Encode()
    {
        var microseconds = (At.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
        var payload = JsonSerializer.SerializeToUtf8Bytes(new[] { microseconds.ToString(System.Globalization.CultureInfo.InvariantCulture), Id.ToString("N") });
        var sum = SHA256.HashData(payload)[..8];
        return Base64Url.EncodeToString([.. sum, .. payload]);
    }

    /// <summary>Null when <paramref name="text"/> is not a cursor this API issued (or was tampered with).</summary>
    public static PageCursor? Decode(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            var bytes = Base64Url.DecodeFromChars(text);
            if (bytes.Length < 10 || !bytes.AsSpan(0, 8).SequenceEqual(SHA256.HashData(bytes.AsSpan(8)).AsSpan(0, 8)))
            {
                return null;
            }

            var parts = JsonSerializer.Deserialize<string[]>(Encoding.UTF8.GetString(bytes, 8, bytes.Length - 8));
            return parts is [var at, var id] && long.TryParse(at, System.Globalization.CultureInfo.InvariantCulture, out var microseconds)
                   && Guid.TryParse(id, out var guid)
                   && microseconds is >= 0 and < MaxMicroseconds
                ? new PageCursor(DateTimeOffset.UnixEpoch.AddTicks(microseconds * TimeSpan.TicksPerMicrosecond), guid)
                : null;
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }
}
