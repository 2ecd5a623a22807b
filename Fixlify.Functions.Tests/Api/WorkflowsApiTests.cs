using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Api;

/// <summary>Workflow routes: what a builder sees for good and bad input, across organizations.</summary>
public sealed class WorkflowsApiTests(EngineApp app) : IClassFixture<EngineApp>
{
    [Fact]
    public async Task Create_ThenGet_ReturnsTheWorkflowAtVersion1()
    {
        var id = await app.Api.CreateWorkflowAsync(Linear("Thank-you text", Record("a", "thanks")));

        var workflow = await app.Api.GetFromJsonAsync<JsonElement>(new Uri($"api/workflows/{id}", UriKind.Relative));

        Assert.Equal("Thank-you text", workflow.GetProperty("name").GetString());
        Assert.Equal(1, workflow.GetProperty("version").GetInt32());
        Assert.True(workflow.GetProperty("isActive").GetBoolean());
        Assert.Equal("thanks", workflow.GetProperty("steps")[0].GetProperty("config").GetProperty("label").GetString());
    }

    [Fact]
    public async Task Create_InvalidDefinition_Returns400ListingEveryProblem_AndSavesNothing()
    {
        var before = await WorkflowCountAsync();
        var body = Linear("broken",
            Record("a", "{{ client.nickname }}"),
            new JsonObject { ["id"] = "d", ["type"] = "delay", ["config"] = new JsonObject { ["duration"] = "soon" } });

        using var response = await app.Api.PostAsJsonAsync(new Uri("api/workflows", UriKind.Relative), body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray()
            .Select(e => e.GetProperty("path").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { "steps[0].config.label", "steps[1].config.duration" }, errors);
        Assert.Equal(before, await WorkflowCountAsync());
    }

    [Fact]
    public async Task Create_BadFields_NamesEachField()
    {
        var body = new JsonObject { ["name"] = "", ["triggerType"] = 7, ["nodes"] = "x", ["colour"] = "red" };

        using var response = await app.Api.PostAsJsonAsync(new Uri("api/workflows", UriKind.Relative), body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var paths = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString());
        Assert.Equal(new[] { "colour", "name", "nodes", "triggerType" }, paths.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("job_status_changed", "{\"toStatus\": \"completed\", \"colour\": \"red\"}", null, "triggerConfig.colour")]
    [InlineData("invoice_overdue", "{}", null, "triggerConfig.daysOverdue")]
    [InlineData("invoice_overdue", "{\"daysOverdue\": \"a week\"}", null, "triggerConfig.daysOverdue")]
    [InlineData("recurring", "{}", "{\"cron\": \"every monday\", \"timeZone\": \"America/New_York\"}", "schedule.cron")]
    [InlineData("recurring", "{}", "{\"cron\": \"0 8 * * 1\", \"timeZone\": \"Eastern\"}", "schedule.timeZone")]
    [InlineData("recurring", "{}", null, "schedule")]
    public async Task Create_BadTriggerConfigOrSchedule_IsRefusedNamingTheField(string trigger, string config, string? schedule, string path)
    {
        var body = Linear("timed", Record("a", "x"));
        body["triggerType"] = trigger;
        body["triggerConfig"] = JsonNode.Parse(config);
        body["schedule"] = schedule is null ? null : JsonNode.Parse(schedule);

        using var response = await app.Api.PostAsJsonAsync(new Uri("api/workflows", UriKind.Relative), body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var paths = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString());
        Assert.Contains(path, paths);
    }

    [Fact]
    public async Task Create_Recurring_SetsItsNextRun()
    {
        var body = Linear("weekly", Record("a", "x"));
        body["triggerType"] = "recurring";
        body["schedule"] = new JsonObject { ["cron"] = "0 8 * * 1", ["timeZone"] = "America/New_York" };

        var id = await app.Api.CreateWorkflowAsync(body);

        var workflow = await app.Api.GetFromJsonAsync<JsonElement>(new Uri($"api/workflows/{id}", UriKind.Relative));
        var next = workflow.GetProperty("nextRunAt").GetDateTimeOffset();
        Assert.True(next > DateTimeOffset.UtcNow && next <= DateTimeOffset.UtcNow.AddDays(7));
        var local = TimeZoneInfo.ConvertTime(next, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
        Assert.Equal((DayOfWeek.Monday, 8, 0), (local.DayOfWeek, local.Hour, local.Minute));
    }

    [Theory]
    [InlineData("{\"name\": \"x\",\n \"triggerType\": }", "line 2, position")]
    [InlineData("{\"name\": \"x\"", "not valid JSON")]
    [InlineData("[1, 2]", "must be a JSON object")]
    public async Task Create_MalformedJson_Returns400NamingThePosition(string json, string expected)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await app.Api.PostAsync(new Uri("api/workflows", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(expected, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("$", problem.GetProperty("errors")[0].GetProperty("path").GetString());
    }

    [Fact]
    public async Task Update_BumpsTheVersion()
    {
        var id = await app.Api.CreateWorkflowAsync(Linear("v", Record("a", "one")));

        using var response = await app.Api.PutAsJsonAsync(new Uri($"api/workflows/{id}", UriKind.Relative), Linear("v2", Record("a", "two")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var workflow = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((2, "v2"), (workflow.GetProperty("version").GetInt32(), workflow.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Run_InactiveWorkflow_Returns409WithTheReason()
    {
        var body = Linear("paused", Record("a", "x"));
        body["isActive"] = false;
        var id = await app.Api.CreateWorkflowAsync(body);

        using var response = await app.Api.PostAsJsonAsync(new Uri($"api/workflows/{id}/run", UriKind.Relative), new JsonObject());

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("inactive", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00000000-0000-4000-8000-000000000000")]
    [InlineData("not-a-uuid")]
    public async Task Run_MissingWorkflow_Returns404(string id)
    {
        using var response = await app.Api.PostAsJsonAsync(new Uri($"api/workflows/{id}/run", UriKind.Relative), new JsonObject());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task AnotherOrganizationsWorkflowAndExecution_Are404_AndUntouched()
    {
        var id = await app.Api.CreateWorkflowAsync(Linear("mine", Record("a", "mine")));
        var execution = await app.Api.RunAsync(id);
        await app.Api.WaitForAsync(execution);
        Guid other;
        await using (var connection = await app.OpenAsync())
        {
            other = await TestData.OrganizationAsync(connection, "Someone Else");
        }

        using var stranger = app.ClientFor(other);
        using var get = await stranger.GetAsync(new Uri($"api/workflows/{id}", UriKind.Relative));
        using var put = await stranger.PutAsJsonAsync(new Uri($"api/workflows/{id}", UriKind.Relative), Linear("hijacked", Record("a", "x")));
        using var run = await stranger.PostAsJsonAsync(new Uri($"api/workflows/{id}/run", UriKind.Relative), new JsonObject());
        using var status = await stranger.GetAsync(new Uri($"api/executions/{execution}", UriKind.Relative));
        using var cancel = await stranger.PostAsync(new Uri($"api/executions/{execution}/cancel", UriKind.Relative), null);

        Assert.All(new[] { get, put, run, status, cancel }, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        await app.RollUpAsync();
        var workflow = await app.Api.GetFromJsonAsync<JsonElement>(new Uri($"api/workflows/{id}", UriKind.Relative));
        Assert.Equal(("mine", 1, 1), (workflow.GetProperty("name").GetString(), workflow.GetProperty("version").GetInt32(), workflow.GetProperty("executionCount").GetInt32()));
    }

    [Fact]
    public async Task Run_Returns202WithTheStatusUrl()
    {
        var id = await app.Api.CreateWorkflowAsync(Linear("status url", Record("a", "x")));

        using var response = await app.Api.PostAsJsonAsync(new Uri($"api/workflows/{id}/run", UriKind.Relative), new JsonObject { ["context"] = new JsonObject(), ["confirm"] = true });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var statusUrl = body.GetProperty("statusUrl").GetString()!;
        Assert.Equal($"/api/executions/{body.GetProperty("executionId").GetGuid()}", statusUrl);
        Assert.Equal(statusUrl, response.Headers.Location?.ToString());
        using var status = await app.Api.GetAsync(new Uri(statusUrl.TrimStart('/'), UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
    }

    [Fact]
    public async Task Create_WithoutIsActive_IsInactive_AsInstantiatingATemplateIs()
    {
        using var response = await app.Api.PostAsJsonAsync(new Uri("api/workflows", UriKind.Relative), Linear("draft", Record("a", "x")));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(created.GetProperty("isActive").GetBoolean());
        using var run = await app.Api.PostAsJsonAsync(new Uri($"api/workflows/{created.GetProperty("id").GetGuid()}/run", UriKind.Relative), new JsonObject());
        Assert.Equal(HttpStatusCode.Conflict, run.StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Update_WithoutIsActive_KeepsWhetherItRuns(bool active)
    {
        var body = Linear("kept", Record("a", "x"));
        body["isActive"] = active;
        var id = await app.Api.CreateWorkflowAsync(body);

        using var response = await app.Api.PutAsJsonAsync(new Uri($"api/workflows/{id}", UriKind.Relative), Linear("kept, renamed", Record("a", "y")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var saved = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((active, 2), (saved.GetProperty("isActive").GetBoolean(), saved.GetProperty("version").GetInt32()));
    }

    [Fact]
    public async Task Validate_UnknownFilter_IsRefusedAtItsPath_LikeAnUnknownVariable()
    {
        var body = Linear("typo", Steps.Action("text", "send_sms", new JsonObject { ["message"] = "Hi {{ client.first_name | explode }}, {{ client.nickname }}" }));
        body["triggerType"] = "job_completed";

        using var response = await app.Api.PostAsJsonAsync(new Uri("api/workflows/validate", UriKind.Relative), body);

        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(result.GetProperty("valid").GetBoolean());
        var error = Assert.Single(result.GetProperty("errors").EnumerateArray());
        Assert.Equal("steps[0].config.message", error.GetProperty("path").GetString());
        Assert.Contains("in a way that does not exist (“explode”)", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    static JsonObject Recurring(string cron, string zone)
    {
        var body = Linear("weekly", Record("a", "x"));
        body["triggerType"] = "recurring";
        body["schedule"] = new JsonObject { ["cron"] = cron, ["timeZone"] = zone };
        return body;
    }

    [Fact]
    public async Task NextRuns_RecurringWorkflow_ListsLocalTimesWithOffsetsAndUtc()
    {
        var id = await app.Api.CreateWorkflowAsync(Recurring("30 7 * * 1-5", "America/New_York"));
        var before = DateTimeOffset.UtcNow;

        var runs = await app.Api.GetFromJsonAsync<JsonElement>(new Uri($"api/workflows/{id}/next-runs?count=7", UriKind.Relative));

        Assert.Equal(("America/New_York", true), (runs.GetProperty("timeZone").GetString(), runs.GetProperty("isActive").GetBoolean()));
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var list = runs.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(7, list.Count);
        var previous = before;
        foreach (var run in list)
        {
            var local = DateTimeOffset.Parse(run.GetProperty("local").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            var utc = DateTimeOffset.Parse(run.GetProperty("utc").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.EndsWith("Z", run.GetProperty("utc").GetString(), StringComparison.Ordinal);
            Assert.Equal(local, utc);
            Assert.Equal(zone.GetUtcOffset(utc), local.Offset);
            Assert.Equal((7, 30), (local.Hour, local.Minute));
            Assert.DoesNotContain(local.DayOfWeek, new[] { DayOfWeek.Saturday, DayOfWeek.Sunday });
            Assert.True(utc > previous, $"{utc:O} is not after {previous:O}");
            previous = utc;
        }
    }

    [Fact]
    public async Task NextRuns_DefaultCount_BadCount_EventWorkflow_OtherOrganization()
    {
        var recurring = await app.Api.CreateWorkflowAsync(Recurring("0 9 1 * *", "Europe/Berlin"));
        var onEvent = await app.Api.CreateWorkflowAsync(Linear("on demand", Record("a", "x")));
        Guid otherOrganization;
        await using (var connection = await app.OpenAsync())
        {
            otherOrganization = await TestData.OrganizationAsync(connection, "Someone Else");
        }

        using var stranger = app.ClientFor(otherOrganization);

        var runs = await app.Api.GetFromJsonAsync<JsonElement>(new Uri($"api/workflows/{recurring}/next-runs", UriKind.Relative));
        using var zero = await app.Api.GetAsync(new Uri($"api/workflows/{recurring}/next-runs?count=0", UriKind.Relative));
        using var notScheduled = await app.Api.GetAsync(new Uri($"api/workflows/{onEvent}/next-runs", UriKind.Relative));
        using var theirs = await stranger.GetAsync(new Uri($"api/workflows/{recurring}/next-runs", UriKind.Relative));

        Assert.Equal(5, runs.GetProperty("runs").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
        Assert.Equal("count", (await zero.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0].GetProperty("path").GetString());
        Assert.Equal(HttpStatusCode.Conflict, notScheduled.StatusCode);
        Assert.Contains("not on a schedule", (await notScheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
    }

    [Fact]
    public async Task Create_RepeatedWithTheSameIdempotencyKey_CreatesOne_AndAnswersTheSame()
    {
        await using var connection = await app.OpenAsync();
        using var api = app.ClientFor(await TestData.OrganizationAsync(connection, "Idempotent Plumbing"));
        var key = Guid.NewGuid().ToString();

        var answers = new List<(HttpStatusCode Status, string? Location, JsonElement Body)>();
        foreach (var _ in Enumerable.Range(0, 2))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/workflows") { Content = JsonContent.Create(Linear("Once only", Record("a", "x"))) };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await api.SendAsync(request);
            answers.Add((response.StatusCode, response.Headers.Location?.ToString(), await response.Content.ReadFromJsonAsync<JsonElement>()));
        }

        Assert.Equal(answers[0].Status, answers[1].Status);
        Assert.Equal(HttpStatusCode.Created, answers[0].Status);
        Assert.Equal(answers[0].Location, answers[1].Location);
        Assert.Equal(answers[0].Body.GetProperty("id").GetGuid(), answers[1].Body.GetProperty("id").GetGuid());
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM automation_workflows WHERE name = 'Once only' AND organization_id = (SELECT organization_id FROM automation_workflows WHERE id = @id)", new { id = answers[0].Body.GetProperty("id").GetGuid() }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    public async Task Create_UnusableIdempotencyKey_Is400NamingIt(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/workflows") { Content = JsonContent.Create(Linear("keyed", Record("a", "x"))) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);

        using var response = await app.Api.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Idempotency-Key", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0].GetProperty("path").GetString());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100)]
    public async Task List_ThousandWorkflowsWithOneTimestamp_PagesEveryOneOnceInOrder(int limit)
    {
        await using var connection = await app.OpenAsync();
        using var api = app.ClientFor(await TestData.OrganizationAsync(connection, "Paging " + limit));
        var first = await api.CreateWorkflowAsync(Linear("template", Record("a", "ok")));
        var expected = (await connection.QueryAsync<Guid>(
            """
            WITH made AS (
                INSERT INTO automation_workflows (organization_id, name, trigger_type, trigger_config, steps, is_active, version, created_at)
                SELECT organization_id, name || ' ' || n, trigger_type, trigger_config, steps, false, version, @at
                  FROM automation_workflows, generate_series(1, 999) AS n WHERE id = @first
                RETURNING id),
            moved AS (UPDATE automation_workflows SET created_at = @at WHERE id = @first RETURNING id)
            SELECT id FROM made UNION ALL SELECT id FROM moved ORDER BY id DESC
            """,
            new { first, at = Pages.SharedInstant })).ToList();

        var listed = await Pages.ReadAllAsync(api, "api/workflows", limit);

        Assert.Equal(1000, expected.Count);
        Assert.Equal(expected, listed);
    }

    async Task<long> WorkflowCountAsync()
    {
        await using var connection = await app.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM automation_workflows");
    }
}
