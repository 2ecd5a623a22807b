using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fixlify.Tests.Fixtures;

namespace Fixlify.Tests.Api;

/// <summary>POST /api/schedules/preview: when a draft cron would run, before it is saved; bad input names its field.</summary>
public sealed class SchedulesApiTests(EngineApp app) : IClassFixture<EngineApp>
{
    [Fact]
    public async Task Preview_ADraftCron_ListsTheNextRunsLocalAndUtc()
    {
        var before = DateTimeOffset.UtcNow;

        using var response = await app.Api.PostAsJsonAsync(
            new Uri("api/schedules/preview", UriKind.Relative), new JsonObject { ["cron"] = "0 8 * * 1", ["timeZone"] = "Australia/Sydney", ["count"] = 4 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var runs = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(4, runs.Count);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Australia/Sydney");
        var previous = before;
        foreach (var run in runs)
        {
            var local = DateTimeOffset.Parse(run.GetProperty("local").GetString()!, CultureInfo.InvariantCulture);
            var utc = DateTimeOffset.Parse(run.GetProperty("utc").GetString()!, CultureInfo.InvariantCulture);
            Assert.Equal((DayOfWeek.Monday, 8, 0), (local.DayOfWeek, local.Hour, local.Minute));
            Assert.Equal(zone.GetUtcOffset(utc), local.Offset);
            Assert.Equal(local, utc);
            Assert.True(utc > previous);
            previous = utc;
        }
    }

    [Theory]
    [InlineData("""{"cron": "61 8 * * *", "timeZone": "America/New_York"}""", "cron")]
    [InlineData("""{"cron": "0 8 * * *", "timeZone": "Mars/Olympus"}""", "timeZone")]
    [InlineData("""{"cron": "0 8 * * *"}""", "timeZone")]
    [InlineData("""{"timeZone": "UTC"}""", "cron")]
    [InlineData("""{"cron": "0 8 * * *", "timeZone": "UTC", "count": 0}""", "count")]
    [InlineData("""{"cron": "0 8 * * *", "timeZone": "UTC", "count": 101}""", "count")]
    [InlineData("""{"cron": "0 8 * * *", "timeZone": "UTC", "count": "three"}""", "count")]
    [InlineData("""{"cron": "0 8 * * *", "timeZone": "UTC", "every": "day"}""", "every")]
    public async Task Preview_BadInput_IsProblemDetailsNamingTheField(string body, string field)
    {
        using var response = await app.Api.PostAsync(
            new Uri("api/schedules/preview", UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var paths = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString());
        Assert.Equal([field], paths);
    }
}
