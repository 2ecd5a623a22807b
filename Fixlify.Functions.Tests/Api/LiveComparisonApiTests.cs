using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using static Fixlify.Tests.Fixtures.ActionSteps;

namespace Fixlify.Tests.Api;

/// <summary>
/// "Compare with live" over the seeded month (issue 26): the live version texts every repaired job's client, the draft
/// emails the clients who have an email address instead; the differences are what counting the same events in SQL gives,
/// and nothing is sent or written.
/// </summary>
public sealed class LiveComparisonApiTests(BacktestApp app) : IClassFixture<BacktestApp>
{
    const string ThankYou = "Thanks {{ client.first_name }}, your repair is done. Reply STOP to opt out.";

    sealed record HandCount(long FewerTexts, long FewerInQuietHours, long MoreEmails, long Instead, long NowEmail);

    [Fact]
    public async Task Compare_DraftEmailingInsteadOfTexting_MatchesCountingTheSameEventsInSql()
    {
        using var api = app.ClientFor(app.History);
        await using (var connection = await app.OpenAsync())
        {
            await connection.ExecuteAsync(
                "UPDATE clients SET email = lower(first_name) || '@example.com' WHERE organization_id = @History AND (first_name ~ '^Client[0-4]$' OR first_name = 'Quiet9')", new { app.History });
        }

        var trigger = new JsonObject { ["jobTypes"] = new JsonArray("repair") };
        var id = await CreateAsync(api, new JsonObject
        {
            ["name"] = "Thank you", ["triggerType"] = "job_completed", ["triggerConfig"] = trigger.DeepClone(), ["isActive"] = true,
            ["steps"] = new JsonArray(Action("thank", "send_sms", new JsonObject { ["message"] = ThankYou })),
        });
        var draft = new JsonObject
        {
            ["name"] = "Thank you", ["triggerType"] = "job_completed", ["triggerConfig"] = trigger.DeepClone(),
            ["steps"] = new JsonArray(Condition(
                "has-email", Rule("client.email", "exists", true),
                new JsonArray(Action("thank-email", "send_email", new JsonObject { ["subject"] = "Thank you", ["html"] = "<p>Your repair is done.</p>" })),
                new JsonArray(Action("thank", "send_sms", new JsonObject { ["message"] = ThankYou })))),
        };
        using (var saved = await api.PutAsJsonAsync(new Uri($"api/workflows/{id}/draft", UriKind.Relative), draft))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        long deliveries, versions;
        await using (var connection = await app.OpenAsync())
        {
            deliveries = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM automation_deliveries WHERE organization_id = @History", new { app.History });
            versions = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM automation_workflow_versions WHERE workflow_id = @id", new { id });
        }

        using var response = await api.PostAsJsonAsync(
            new Uri($"api/workflows/{id}/draft/compare", UriKind.Relative), new JsonObject { ["from"] = app.From, ["to"] = app.To });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var report = JsonDocument.Parse(body).RootElement;

        HandCount expected;
        await using (var connection = await app.OpenAsync())
        {
            expected = await connection.QuerySingleAsync<HandCount>(
                """
                WITH e AS (
                    SELECT c.id AS client, c.phone IS NOT NULL AND NOT c.sms_opt_out AS texted, c.email IS NOT NULL AS has_email,
                           extract(hour FROM e.occurred_at AT TIME ZONE 'America/New_York') NOT BETWEEN 8 AND 20 AS quiet
                      FROM automation_events e JOIN jobs j ON j.id = e.entity_id JOIN clients c ON c.id = j.client_id
                     WHERE e.organization_id = @History AND e.event_type = 'job_completed' AND e.payload -> 'new' ->> 'job_type' = 'repair'
                       AND e.occurred_at >= @From AND e.occurred_at < @To)
                SELECT count(*) FILTER (WHERE has_email AND texted) AS fewer_texts,
                       count(*) FILTER (WHERE has_email AND texted AND quiet) AS fewer_in_quiet_hours,
                       count(*) FILTER (WHERE has_email) AS more_emails,
                       count(DISTINCT client) FILTER (WHERE has_email AND texted) AS instead,
                       count(DISTINCT client) FILTER (WHERE has_email AND NOT texted) AS now_email
                  FROM e
                """,
                new { app.History, app.From, app.To });
            Assert.Equal(deliveries, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM automation_deliveries WHERE organization_id = @History", new { app.History }));
            Assert.Equal(versions, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM automation_workflow_versions WHERE workflow_id = @id", new { id }));
        }

        Assert.True(expected is { FewerTexts: > 0, FewerInQuietHours: > 0, Instead: > 1, NowEmail: > 0 }, $"the seed covers every case: {expected}");
        var difference = report.GetProperty("difference");
        Assert.Equal(-expected.FewerTexts, difference.GetProperty("messages").GetProperty("sms").GetInt64());
        Assert.Equal(expected.MoreEmails, difference.GetProperty("messages").GetProperty("email").GetInt64());
        Assert.Equal(-expected.FewerInQuietHours, difference.GetProperty("inQuietHours").GetProperty("sms").GetInt64());
        var sentences = report.GetProperty("sentences").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Contains($"{expected.FewerTexts} fewer texts, {expected.FewerInQuietHours} of them in quiet hours", sentences);
        Assert.Contains($"{expected.MoreEmails} more emails", sentences);
        Assert.Contains($"{expected.Instead} clients would now get an email instead of a text", sentences);
        Assert.Contains(expected.NowEmail == 1 ? "1 client would now get an email" : $"{expected.NowEmail} clients would now get an email", sentences);
        Assert.Equal(expected.Instead + expected.NowEmail, report.GetProperty("clients").GetProperty("changed").GetInt64());
        var samples = report.GetProperty("samples").EnumerateArray().ToList();
        Assert.NotEmpty(samples);
        Assert.All(samples, s => Assert.NotEqual(
            s.GetProperty("live").GetProperty("steps").ToString(), s.GetProperty("draft").GetProperty("steps").ToString()));
    }

    [Fact]
    public async Task Compare_PeriodBeyondTheBacktestsLimits_Is400NamingTo()
    {
        using var api = app.ClientFor(app.History);
        var id = await CreateAsync(api, new JsonObject
        {
            ["name"] = "Limits", ["triggerType"] = "job_completed", ["steps"] = new JsonArray(Action("thank", "send_sms", new JsonObject { ["message"] = ThankYou })),
        });
        (await api.PutAsJsonAsync(new Uri($"api/workflows/{id}/draft", UriKind.Relative), new JsonObject
        {
            ["name"] = "Limits", ["triggerType"] = "job_completed", ["steps"] = new JsonArray(Action("thank", "send_sms", new JsonObject { ["message"] = "Hi" })),
        })).Dispose();

        using var response = await api.PostAsJsonAsync(
            new Uri($"api/workflows/{id}/draft/compare", UriKind.Relative), new JsonObject { ["from"] = app.To.AddDays(-100), ["to"] = app.To });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("to", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0].GetProperty("path").GetString());
    }

    static async Task<Guid> CreateAsync(HttpClient api, JsonObject workflow)
    {
        using var response = await api.PostAsJsonAsync(new Uri("api/workflows", UriKind.Relative), workflow);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }
}
