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

    [Fact]
    public async Task Metrics_AnotherOrganizationsWorkflow_Is404()
    {
        var workflow = await app.Api.CreateWorkflowAsync(Linear("private", Record("a", "x")));
        await using var connection = await app.OpenAsync();
        using var stranger = app.ClientFor(await TestData.OrganizationAsync(connection, "Stranger"));

        using var response = await stranger.GetAsync(new Uri($"api/metrics?workflowId={workflow}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
