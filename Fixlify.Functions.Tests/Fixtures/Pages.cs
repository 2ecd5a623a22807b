using System.Net.Http.Json;
using System.Text.Json;

namespace Fixlify.Tests.Fixtures;

/// <summary>Following a cursor-paged list from its first page to its last, as the web app does.</summary>
public static class Pages
{
    /// <summary>The one timestamp (to the microsecond) that the paging tests give every row.</summary>
    public static readonly DateTimeOffset SharedInstant = new DateTimeOffset(2026, 12, 7, 17, 43, 1, TimeSpan.Zero).AddTicks(6_182_590);

    /// <summary>Every item's id, page after page of <paramref name="limit"/>, until a page comes back without a cursor.</summary>
    public static async Task<List<Guid>> ReadAllAsync(HttpClient api, string path, int limit)
    {
        var ids = new List<Guid>();
        string? cursor = null;
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        for (var page = 0; page < 5_000; page++)
        {
            var uri = $"{path}{separator}limit={limit}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var body = await api.GetFromJsonAsync<JsonElement>(new Uri(uri, UriKind.Relative));
            ids.AddRange(body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
            cursor = body.GetProperty("nextCursor").GetString();
            if (cursor is null)
            {
                return ids;
            }
        }

        throw new InvalidOperationException($"{path} never reached its last page.");
    }
}
