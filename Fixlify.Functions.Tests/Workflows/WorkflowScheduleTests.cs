using System.Globalization;
using System.Text.Json.Nodes;
using Fixlify.Api;
using Fixlify.Workflows;

namespace Fixlify.Tests.Workflows;

/// <summary>Recurring schedules keep local wall-clock time across daylight-saving changes: no run skipped, none doubled.</summary>
public sealed class WorkflowScheduleTests
{
    [Theory]
    // New York springs forward on 2026-03-08 at 02:00 and falls back on 2026-11-01 at 02:00.
    [InlineData("America/New_York", "0 8 * * *", "2026-03-06T12:00:00Z", "2026-03-06 08:00 -05:00|2026-03-07 08:00 -05:00|2026-03-08 08:00 -04:00|2026-03-09 08:00 -04:00")]
    [InlineData("America/New_York", "30 2 * * *", "2026-03-06T12:00:00Z", "2026-03-07 02:30 -05:00|2026-03-08 03:00 -04:00|2026-03-09 02:30 -04:00")]
    [InlineData("America/New_York", "30 1 * * *", "2026-10-30T12:00:00Z", "2026-10-31 01:30 -04:00|2026-11-01 01:30 -04:00|2026-11-02 01:30 -05:00")]
    [InlineData("America/New_York", "0 8 * * *", "2026-10-30T20:00:00Z", "2026-10-31 08:00 -04:00|2026-11-01 08:00 -05:00|2026-11-02 08:00 -05:00")]
    // Berlin springs forward on 2026-03-29 at 02:00 and falls back on 2026-10-25 at 03:00.
    [InlineData("Europe/Berlin", "0 9 * * *", "2026-03-27T12:00:00Z", "2026-03-28 09:00 +01:00|2026-03-29 09:00 +02:00|2026-03-30 09:00 +02:00")]
    [InlineData("Europe/Berlin", "30 2 * * *", "2026-03-27T12:00:00Z", "2026-03-28 02:30 +01:00|2026-03-29 03:00 +02:00|2026-03-30 02:30 +02:00")]
    [InlineData("Europe/Berlin", "30 2 * * *", "2026-10-23T12:00:00Z", "2026-10-24 02:30 +02:00|2026-10-25 02:30 +02:00|2026-10-26 02:30 +01:00")]
    [InlineData("Europe/Berlin", "0 8 * * 1", "2026-10-20T12:00:00Z", "2026-10-26 08:00 +01:00|2026-11-02 08:00 +01:00")]
    public void NextAfter_AcrossDaylightSavingChanges_RunsAtTheLocalTime(string zone, string cron, string from, string expected)
    {
        var schedule = Read(cron, zone);
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var runs = new List<string>();
        var after = DateTimeOffset.Parse(from, CultureInfo.InvariantCulture);
        foreach (var _ in expected.Split('|'))
        {
            var next = schedule.NextAfter(after)!.Value;
            runs.Add(TimeZoneInfo.ConvertTime(next, tz).ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture));
            after = next;
        }

        Assert.Equal(expected.Split('|'), runs);
    }

    [Theory]
    // The repeated hour's times run once, at the first offset, as a daily time does (Cronos alone runs them at both).
    [InlineData("America/New_York", "0 * * * *", "2026-11-01T04:30:00Z", "2026-11-01 01:00 -04:00|2026-11-01 02:00 -05:00|2026-11-01 03:00 -05:00")]
    [InlineData("Europe/Berlin", "*/30 * * * *", "2026-10-25T00:10:00Z", "2026-10-25 02:30 +02:00|2026-10-25 03:00 +01:00|2026-10-25 03:30 +01:00")]
    // Sydney falls back on 2026-04-05 at 03:00 AEDT to 02:00 AEST.
    [InlineData("Australia/Sydney", "*/15 * * * *", "2026-04-04T15:40:00Z", "2026-04-05 02:45 +11:00|2026-04-05 03:00 +10:00|2026-04-05 03:15 +10:00")]
    public void NextAfter_HourlyOrIntervalOnAFallBackNight_RunsEachWallTimeOnce(string zone, string cron, string from, string expected) =>
        NextAfter_AcrossDaylightSavingChanges_RunsAtTheLocalTime(zone, cron, from, expected);

    [Fact]
    public void NextRuns_HourlyOnAFallBackNight_ListTheRepeatedHourOnce()
    {
        var runs = SchedulesApi.Runs(Read("0 * * * *", "America/New_York"), DateTimeOffset.Parse("2026-11-01T04:30:00Z", CultureInfo.InvariantCulture), 3);

        Assert.Equal(
            ["2026-11-01T01:00:00-04:00", "2026-11-01T02:00:00-05:00", "2026-11-01T03:00:00-05:00"],
            runs["runs"]!.AsArray().Select(r => r!["local"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("recurring", """{"cron": "61 8 * * *", "timeZone": "America/New_York"}""", "schedule.cron")]
    [InlineData("recurring", """{"cron": "0 8 * * *", "timeZone": "Mars/Olympus"}""", "schedule.timeZone")]
    [InlineData("recurring", """{"cron": "0 8 * * *", "timeZone": "UTC", "overlap": "sometimes"}""", "schedule.overlap")]
    [InlineData("recurring", """{"cron": "0 8 * * *", "timeZone": "UTC", "every": "day"}""", "schedule.every")]
    [InlineData("scheduled", """{"runAt": "next tuesday"}""", "schedule.runAt")]
    [InlineData("scheduled", """{"runAt": "2026-12-01T09:00:00"}""", "schedule.runAt")]
    [InlineData("job_completed", """{"runAt": "2026-12-01T09:00:00Z"}""", "schedule")]
    public void Read_InvalidSchedule_NamesTheField(string triggerType, string json, string path)
    {
        var errors = new List<FieldError>();

        Assert.Null(WorkflowSchedule.Read(triggerType, JsonNode.Parse(json) as JsonObject, errors));
        Assert.Contains(errors, e => e.Path == path);
    }

    [Fact]
    public void NextRuns_AcrossSpringForward_ListLocalTimesWithTheirOffsets()
    {
        var runs = SchedulesApi.Runs(Read("30 2 * * *", "America/New_York"), DateTimeOffset.Parse("2026-03-06T12:00:00Z", CultureInfo.InvariantCulture), 3);

        // 02:30 does not exist on 8 March: that run is at 03:00 EDT, the first valid instant.
        Assert.Equal(
            ["2026-03-07T02:30:00-05:00 2026-03-07T07:30:00Z", "2026-03-08T03:00:00-04:00 2026-03-08T07:00:00Z", "2026-03-09T02:30:00-04:00 2026-03-09T06:30:00Z"],
            runs["runs"]!.AsArray().Select(r => $"{r!["local"]} {r["utc"]}"));
        Assert.Equal(("30 2 * * *", "America/New_York"), (runs["cron"]!.GetValue<string>(), runs["timeZone"]!.GetValue<string>()));
    }

    [Fact]
    public void NextRuns_OneOff_IsItsInstantOnceThenNothing()
    {
        var schedule = WorkflowSchedule.Read("scheduled", new JsonObject { ["runAt"] = "2026-12-01T09:00:00-05:00" }, new List<FieldError>())!;

        Assert.Equal([DateTimeOffset.Parse("2026-12-01T14:00:00Z", CultureInfo.InvariantCulture)], schedule.NextRuns(DateTimeOffset.Parse("2026-11-01T00:00:00Z", CultureInfo.InvariantCulture), 5));
        Assert.Empty(schedule.NextRuns(DateTimeOffset.Parse("2026-12-02T00:00:00Z", CultureInfo.InvariantCulture), 5));
    }

    static WorkflowSchedule Read(string cron, string zone)
    {
        var errors = new List<FieldError>();
        var schedule = WorkflowSchedule.Read("recurring", new JsonObject { ["cron"] = cron, ["timeZone"] = zone }, errors);
        Assert.Empty(errors);
        return schedule!;
    }

    [Fact]
    public void NextRun_ActiveOrInactive_IsTheScheduleNextRunOnlyWhenActive()
    {
        var schedule = new JsonObject { ["cron"] = "0 8 * * *", ["timeZone"] = "America/New_York" };
        var now = DateTimeOffset.Parse("2026-03-06T12:00:00Z", CultureInfo.InvariantCulture);

        Assert.Equal(DateTimeOffset.Parse("2026-03-06T13:00:00Z", CultureInfo.InvariantCulture), WorkflowSchedule.NextRun("recurring", schedule, isActive: true, now));
        Assert.Null(WorkflowSchedule.NextRun("recurring", schedule, isActive: false, now));
        Assert.Null(WorkflowSchedule.NextRun("manual", null, isActive: true, now));
    }
}
