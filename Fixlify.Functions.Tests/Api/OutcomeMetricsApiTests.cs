using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using static Fixlify.Tests.Fixtures.ActionSteps;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Api;

/// <summary>
/// What the automations did, counted from what happened: a text, an email and a task go out, the client confirms by
/// text, another run fails — and <c>GET /api/metrics/outcomes</c> counts each at once, with no rollup in between.
/// </summary>
public sealed class OutcomeMetricsApiTests(ChannelsApp app) : IClassFixture<ChannelsApp>
{
    [Fact]
    public async Task Outcomes_RightAfterTheExecutionsEnd_CountTextsEmailsTasksRepliesConfirmationsAndFailures()
    {
        app.TelnyxAcceptsEveryText("msg-outcomes");
        Guid job, noPhone;
        await using (var connection = await app.OpenAsync())
        {
            var client = await TestData.ClientAsync(connection, app.OrganizationId, "Carla", "carla@example.com", "+15550401001");
            job = await TestData.JobAsync(connection, app.OrganizationId, client);
            noPhone = await TestData.JobAsync(connection, app.OrganizationId, await TestData.ClientAsync(connection, app.OrganizationId, "Nel", "nel@example.com", phone: null));
        }

        var confirm = await app.Api.CreateWorkflowAsync(new JsonObject
        {
            ["name"] = "confirm the visit",
            ["triggerType"] = "manual",
            ["steps"] = new JsonArray(
                Action("ask", "send_sms", new JsonObject { ["message"] = "Reply C to confirm {{ job.title }}." }),
                Action("mail", "send_email", new JsonObject { ["subject"] = "Your visit", ["text"] = "See you soon." }),
                Action("task", "create_task", new JsonObject { ["title"] = "Call {{ client.first_name }}" }),
                new JsonObject { ["id"] = "reply", ["type"] = "wait_for_reply", ["config"] = new JsonObject { ["timeout"] = "PT10M" } }),
        });
        var failing = await app.Api.CreateWorkflowAsync(Linear("text nobody", Action("ask", "send_sms", new JsonObject { ["message"] = "Hi" })));
        var confirmed = await app.Api.RunAsync(confirm, new JsonObject { ["jobId"] = job.ToString() });
        await app.Api.WaitForAsync(confirmed, TimeSpan.FromSeconds(60), "waiting");
        await app.TextInAsync("+15550401001", "C");
        Assert.Equal("completed", (await app.Api.WaitForAsync(confirmed)).Status());
        var failed = await app.Api.RunAsync(failing, new JsonObject { ["jobId"] = noPhone.ToString() });
        Assert.Equal("failed", (await app.Api.WaitForAsync(failed)).Status());

        var all = await app.Api.GetFromJsonAsync<JsonElement>(new Uri("api/metrics/outcomes?granularity=hour", UriKind.Relative));

        Assert.Equal((1, 1, 1, 1, 1, 1), Counts(all.GetProperty("totals")));
        var period = Assert.Single(all.GetProperty("series").EnumerateArray());
        Assert.Equal((1, 1, 1, 1, 1, 1), Counts(period));
        await using (var connection = await app.OpenAsync())
        {
            // The hour as the organization's clock has it (America/New_York), and what PostgreSQL holds for it.
            var hour = await connection.ExecuteScalarAsync<DateTime>(
                "SELECT date_trunc('hour', finished_at, 'America/New_York') FROM automation_execution_steps WHERE execution_id = @confirmed AND step_key = 'reply'", new { confirmed });
            Assert.Equal(DateTime.SpecifyKind(hour, DateTimeKind.Utc), period.GetProperty("periodStart").GetDateTimeOffset().UtcDateTime);
            Assert.Equal(2, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM automation_deliveries WHERE organization_id = @id AND status = 'sent' AND channel IN ('sms', 'email')", new { id = app.OrganizationId }));
        }

        var one = await app.Api.GetFromJsonAsync<JsonElement>(new Uri($"api/metrics/outcomes?workflowId={failing}", UriKind.Relative));
        Assert.Equal((0, 0, 0, 0, 0, 1), Counts(one.GetProperty("totals")));

        // Run again to completion, the failure no longer needs anyone.
        await using (var connection = await app.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE clients SET phone = '+15550401002' WHERE first_name = 'Nel' AND organization_id = @id", new { id = app.OrganizationId });
        }

        using (var retry = await app.Api.PostAsync(new Uri($"api/executions/{failed}/retry", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
            Assert.Equal("completed", (await app.Api.WaitForAsync((await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("executionId").GetGuid())).Status());
        }

        var after = await app.Api.GetFromJsonAsync<JsonElement>(new Uri($"api/metrics/outcomes?workflowId={failing}", UriKind.Relative));
        Assert.Equal((1, 0, 0, 0, 0, 0), Counts(after.GetProperty("totals")));

        await using (var connection = await app.OpenAsync())
        {
            using var stranger = app.ClientFor(await TestData.OrganizationAsync(connection, "Outcomes Stranger"));
            var theirs = await stranger.GetFromJsonAsync<JsonElement>(new Uri("api/metrics/outcomes", UriKind.Relative));
            Assert.Equal((0, 0, 0, 0, 0, 0), Counts(theirs.GetProperty("totals")));
        }
    }

    [Theory]
    [InlineData("granularity=week", "granularity")]
    [InlineData("from=2026-11-20T00:00:00Z&to=2026-11-10T00:00:00Z", "from")]
    [InlineData("granularity=hour&from=2026-01-01T00:00:00Z&to=2026-11-01T00:00:00Z", "from")]
    public async Task Outcomes_BadQuery_Is400NamingIt(string query, string path)
    {
        using var response = await app.Api.GetAsync(new Uri($"api/metrics/outcomes?{query}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(path, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0].GetProperty("path").GetString());
    }

    static (int, int, int, int, int, int) Counts(JsonElement counts) => (
        counts.GetProperty("textsSent").GetInt32(), counts.GetProperty("emailsSent").GetInt32(), counts.GetProperty("tasksCreated").GetInt32(),
        counts.GetProperty("repliesReceived").GetInt32(), counts.GetProperty("confirmations").GetInt32(), counts.GetProperty("needingAttention").GetInt32());
}
