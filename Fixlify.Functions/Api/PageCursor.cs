using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Fixlify.Api;

/// <summary>
/// An opaque pagination cursor: the sort key of the last item of a page (its time and id), base64url with a
/// checksum, so a cursor that was altered is refused rather than read.
/// </summary>
public sealed record PageCursor(DateTimeOffset At, Guid Id)
{
    public string Encode()
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new[] { At.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), Id.ToString("N") });
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
            return parts is [var at, var id] && long.TryParse(at, System.Globalization.CultureInfo.InvariantCulture, out var ms) && Guid.TryParse(id, out var guid)
                ? new PageCursor(DateTimeOffset.FromUnixTimeMilliseconds(ms), guid)
                : null;
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }
}
