using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fixlify.Tests.Fixtures;
using Fixlify.Triggers;
using Microsoft.Extensions.DependencyInjection;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Api;

/// <summary>Metrics from the hourly rollups (and p95 from the executions).</summary>
public sealed class MetricsApiTests(EngineApp app) : IClassFixture<EngineApp>
{
    [Fact]
    public async Task Metrics_AfterTheRollup_ShowTotalsRatesAndSeries()
    {
        await using var connection = await app.OpenAsync();
        using var api = app.ClientFor(await TestData.OrganizationAsync(connection, "Metrics Plumbing"));
        var workflow = await api.CreateWorkflowAsync(Linear("measured", Record("a", "{{ trigger.data.n }}", new JsonObject { ["failPermanently"] = false })));
        var failing = await api.CreateWorkflowAsync(Linear("failing", Record("a", "x", new JsonObject { ["failPermanently"] = true })));
        var times = new List<int>();
        foreach (var id in new[] { await api.RunAsync(workflow), await api.RunAsync(workflow), await api.RunAsync(failing) })
        {
            times.Add((await api.WaitForAsync(id)).GetProperty("executionTimeMs").GetInt32());
        }

        await app.Services.GetRequiredService<MetricsRollup>().RollUpAsync(DateTimeOffset.UtcNow, TimeSpan.FromHours(2), CancellationToken.None);

        var all = await api.GetFromJsonAsync<JsonElement>(new Uri("api/metrics?granularity=hour", UriKind.Relative));
        var totals = all.GetProperty("totals");
        Assert.Equal((3, 2, 1), (totals.GetProperty("executions").GetInt32(), totals.GetProperty("successes").GetInt32(), totals.GetProperty("failures").GetInt32()));
        Assert.Equal(0.6667, totals.GetProperty("successRate").GetDouble());
        // p95 over the three executions' times as the API reports them: interpolated between the two slowest
        // (percentile_cont: the 2nd + 0.9 × (3rd − 2nd)), so within them, and that value to the rounding.
        times.Sort();
        var p95 = totals.GetProperty("p95Ms").GetInt32();
        Assert.InRange(p95, times[1], times[2]);
        Assert.InRange(p95, times[1] + (0.9 * (times[2] - times[1])) - 0.5, times[1] + (0.9 * (times[2] - times[1])) + 0.5);
        Assert.Equal(3, all.GetProperty("series").EnumerateArray().Sum(p => p.GetProperty("executions").GetInt32()));

        var one = await api.GetFromJsonAsync<JsonElement>(new Uri($"api/metrics?workflowId={workflow}", UriKind.Relative));
        Assert.Equal((2, 1.0), (one.GetProperty("totals").GetProperty("executions").GetInt32(), one.GetProperty("totals").GetProperty("successRate").GetDouble()));
        var theirs = await app.Api.GetFromJsonAsync<JsonElement>(new Uri($"api/metrics?from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("O"))}", UriKind.Relative));
        Assert.Equal(0, theirs.GetProperty("totals").GetProperty("executions").GetInt32());
    }

    [Theory]
    [InlineData("granularity=week", "granularity")]
    [InlineData("from=2026-11-20T00:00:00Z&to=2026-11-10T00:00:00Z", "from")]
    [InlineData("granularity=hour&from=2026-01-01T00:00:00Z&to=2026-11-01T00:00:00Z", "from")]
    [InlineData("period=week", "period")]
    public async Task Metrics_BadQuery_Is400NamingIt(string query, string path)
    {
        using var response = await app.Api.GetAsync(new Uri($"api/metrics?{query}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(path, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0].GetProperty("path").GetString());
    }

    [Theory]
    [InlineData("metrics", "from=2026-11-20T00:00:00Z&to=2026-11-10T00:00:00Z", "The period must start before it ends")]
    [InlineData("metrics/outcomes", "from=2026-11-20T00:00:00Z&to=2026-11-10T00:00:00Z", "The period must start before it ends")]
    [InlineData("metrics", "granularity=hour&from=2026-01-01T00:00:00Z&to=2026-11-01T00:00:00Z", "Counted by hour, a period covers at most 31 days")]
    [InlineData("metrics/outcomes", "granularity=day&from=2025-01-01T00:00:00Z&to=2026-11-01T00:00:00Z", "Counted by day, a period covers at most 366 days")]
    public async Task Metrics_BadPeriod_ProblemSaysItInPlainWords(string route, string query, string words)
    {
        using var response = await app.Api.GetAsync(new Uri($"api/{route}?{query}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.StartsWith(words, detail, StringComparison.Ordinal);
        Assert.DoesNotContain("'from'", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_AnotherOrganizationsWorkflow_Is404()
    {
        var workflow = await app.Api.CreateWorkflowAsync(Linear("private", Record("a", "x")));
        await using var connection = await app.OpenAsync();
        using var stranger = app.ClientFor(await TestData.OrganizationAsync(connection, "Stranger"));

        using var response = await stranger.GetAsync(new Uri($"api/metrics?workflowId={workflow}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>
    /// The dashboard's per-workflow counts: days of the organization's zone (New York), so an hour at 23:00 the day
    /// before counts for that day, not for today's UTC date; older days and other organizations' workflows are left out.
    /// The metrics series groups the same hours by the same local days.
    /// </summary>
    [Fact]
    public async Task Metrics_AnExecutionThatJustEnded_IsCountedAtOnce_BeforeAnyRollup()
    {
        await using var connection = await app.OpenAsync();
        using var api = app.ClientFor(await TestData.OrganizationAsync(connection, "Live Metrics Plumbing"));
        var workflow = await api.CreateWorkflowAsync(Linear("live", Record("a", "x")));
        var before = await api.GetFromJsonAsync<JsonElement>(new Uri("api/metrics?granularity=hour", UriKind.Relative));

        await api.WaitForAsync(await api.RunAsync(workflow));
        var after = await api.GetFromJsonAsync<JsonElement>(new Uri("api/metrics?granularity=hour", UriKind.Relative));
        var cards = await api.GetFromJsonAsync<JsonElement>(new Uri("api/metrics/workflows", UriKind.Relative));

        Assert.Equal(0, before.GetProperty("totals").GetProperty("executions").GetInt32());
        Assert.Equal((1, 1), (after.GetProperty("totals").GetProperty("executions").GetInt32(), after.GetProperty("totals").GetProperty("successes").GetInt32()));
        Assert.Equal(1, Assert.Single(cards.GetProperty("items").EnumerateArray()).GetProperty("executions").GetInt32());
    }

    [Theory]
    [InlineData("Asia/Kolkata")]
    [InlineData("Asia/Kathmandu")]
    public async Task Metrics_InAZoneOffByAFractionOfAnHour_ExecutionsEitherSideOfLocalMidnight_FallOnTheirOwnDays(string zone)
    {
        await using var connection = await app.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection, "Midnight " + zone, zone);
        using var api = app.ClientFor(organization);
        var workflow = await api.CreateWorkflowAsync(Linear("midnight", Record("a", "x")));
        var info = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, info).DateTime).AddDays(-2);
        DateTimeOffset Local(DateOnly date, int hour, int minute)
        {
            var local = date.ToDateTime(new TimeOnly(hour, minute));
            return new DateTimeOffset(local, info.GetUtcOffset(local));
        }

        foreach (var at in new[] { Local(day, 23, 50), Local(day.AddDays(1), 0, 10) })
        {
            await Dapper.SqlMapper.ExecuteAsync(connection,
                """
                INSERT INTO automation_execution_logs (workflow_id, organization_id, trigger_type, trigger_data, status, created_at, started_at, completed_at, execution_time_ms)
                VALUES (@workflow, @organization, 'manual', '{}', 'completed', @at, @at, @at, 100)
                """,
                new { workflow, organization, at = at.ToUniversalTime() });
        }

        var query = $"api/metrics?granularity=day&from={Uri.EscapeDataString(Local(day, 0, 0).ToString("O"))}&to={Uri.EscapeDataString(Local(day.AddDays(2), 0, 0).ToString("O"))}";
        var live = await api.GetFromJsonAsync<JsonElement>(new Uri(query, UriKind.Relative));
        await app.RollUpAsync();
        var rolled = await api.GetFromJsonAsync<JsonElement>(new Uri(query, UriKind.Relative));

        foreach (var answer in new[] { live, rolled })
        {
            var days = answer.GetProperty("series").EnumerateArray().Select(p => (p.GetProperty("periodStart").GetDateTimeOffset(), p.GetProperty("executions").GetInt32())).ToList();
            Assert.Equal([(Local(day, 0, 0), 1), (Local(day.AddDays(1), 0, 0), 1)], days);
        }
    }

    [Theory]
    [InlineData("2026-11-01", 25)]
    [InlineData("2026-03-08", 23)]
    public async Task Metrics_ADaylightSavingDay_HasItsHours_AndIsOneDay(string date, int hours)
    {
        await using var connection = await app.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection, "Clock Change " + date, "America/New_York");
        using var api = app.ClientFor(organization);
        var workflow = await api.CreateWorkflowAsync(Linear("every hour", Record("a", "x")));
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var day = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
        DateTimeOffset Midnight(DateOnly d) => new(d.ToDateTime(TimeOnly.MinValue), zone.GetUtcOffset(d.ToDateTime(TimeOnly.MinValue)));
        var start = Midnight(day);
        var end = Midnight(day.AddDays(1));
        await Dapper.SqlMapper.ExecuteAsync(connection,
            """
            INSERT INTO automation_execution_logs (workflow_id, organization_id, trigger_type, trigger_data, status, created_at, started_at, completed_at, execution_time_ms)
            SELECT @workflow, @organization, 'manual', '{}', 'completed', at, at, at, 100
              FROM generate_series(@start + interval '10 minutes', @end, interval '1 hour') AS at
            """,
            new { workflow, organization, start = start.ToUniversalTime(), end = end.ToUniversalTime() });
        await app.RollUpAsync();
        var range = $"from={Uri.EscapeDataString(start.ToString("O"))}&to={Uri.EscapeDataString(end.ToString("O"))}";

        var byHour = await api.GetFromJsonAsync<JsonElement>(new Uri($"api/metrics?granularity=hour&{range}", UriKind.Relative));
        var byDay = await api.GetFromJsonAsync<JsonElement>(new Uri($"api/metrics?granularity=day&{range}", UriKind.Relative));

        Assert.Equal(hours, byHour.GetProperty("series").GetArrayLength());
        Assert.All(byHour.GetProperty("series").EnumerateArray(), p => Assert.Equal(1, p.GetProperty("executions").GetInt32()));
        var only = Assert.Single(byDay.GetProperty("series").EnumerateArray());
        Assert.Equal((start, hours), (only.GetProperty("periodStart").GetDateTimeOffset(), only.GetProperty("executions").GetInt32()));
    }

    [Fact]
    public async Task WorkflowMetrics_CountPerDayOfTheOrganizationsZone()
    {
        await using var connection = await app.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection, "Dashboard Plumbing", "America/New_York");
        using var api = app.ClientFor(organization);
        var workflow = await api.CreateWorkflowAsync(Linear("dashboard", Record("a", "x")));
        var theirs = await app.Api.CreateWorkflowAsync(Linear("theirs", Record("a", "x")));
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).DateTime);
        DateTimeOffset Local(DateOnly day, int hour)
        {
            var local = day.ToDateTime(new TimeOnly(hour, 0));
            return new DateTimeOffset(local, zone.GetUtcOffset(local));
        }

        async Task HourAsync(Guid organizationId, Guid workflowId, DateTimeOffset start, int total, int successes, int failures) =>
            await Dapper.SqlMapper.ExecuteAsync(connection,
                """
                INSERT INTO automation_metrics (organization_id, workflow_id, period_start, period_end, total_executions, successful_executions, failed_executions)
                VALUES (@organizationId, @workflowId, @start, @start + interval '1 hour', @total, @successes, @failures)
                """,
                new { organizationId, workflowId, start = start.ToUniversalTime(), total, successes, failures });

        await HourAsync(organization, workflow, Local(today, 0).AddMinutes(0), 2, 1, 1);
        await HourAsync(organization, workflow, Local(today.AddDays(-1), 23), 3, 3, 0);
        await HourAsync(organization, workflow, Local(today.AddDays(-8), 12), 7, 7, 0);
        await HourAsync(app.OrganizationId, theirs, Local(today, 0), 9, 9, 0);

        var answer = await api.GetFromJsonAsync<JsonElement>(new Uri("api/metrics/workflows", UriKind.Relative));

        Assert.Equal("America/New_York", answer.GetProperty("timeZone").GetString());
        var days = answer.GetProperty("days").EnumerateArray().Select(d => d.GetString()).ToList();
        Assert.Equal(7, days.Count);
        Assert.Equal(today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), days[^1]);
        var item = Assert.Single(answer.GetProperty("items").EnumerateArray());
        Assert.Equal(workflow, item.GetProperty("workflowId").GetGuid());
        Assert.Equal((5, 4, 1, 0.8), (item.GetProperty("executions").GetInt32(), item.GetProperty("successes").GetInt32(),
            item.GetProperty("failures").GetInt32(), item.GetProperty("successRate").GetDouble()));
        var daily = item.GetProperty("daily").EnumerateArray().Select(d => (d.GetProperty("date").GetString(), d.GetProperty("executions").GetInt32())).ToList();
        Assert.Equal([(days[5], 3), (days[6], 2)], daily[5..]);
        Assert.All(daily[..5], d => Assert.Equal(0, d.Item2));

        var series = await api.GetFromJsonAsync<JsonElement>(new Uri($"api/metrics?workflowId={workflow}&granularity=day", UriKind.Relative));
        Assert.Equal("America/New_York", series.GetProperty("timeZone").GetString());
        var periods = series.GetProperty("series").EnumerateArray().Select(p => (p.GetProperty("periodStart").GetDateTimeOffset(), p.GetProperty("executions").GetInt32())).ToList();
        Assert.Equal([(Local(today.AddDays(-1), 0), 3), (Local(today, 0), 2)], periods);
    }
}
