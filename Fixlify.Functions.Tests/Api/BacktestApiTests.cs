using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using static Fixlify.Tests.Fixtures.ActionSteps;

namespace Fixlify.Tests.Api;

/// <summary>
/// POST /api/workflows/{id}/backtest over a seeded month: its figures are what counting the same events by hand in SQL
/// gives; nothing is sent or written; a period too long, in the future, or holding too many events is a 400 naming it.
/// </summary>
public sealed class BacktestApiTests(BacktestApp app) : IClassFixture<BacktestApp>
{
    const string ThankYou = "Thanks {{ client.first_name }}, your repair with {{ organization.name }} is done. How did we do? Reply STOP to opt out.";

    HttpClient Api() => app.ClientFor(app.History);

    static async Task<Guid> WorkflowAsync(HttpClient api, string trigger, JsonObject triggerConfig, params JsonNode[] steps)
    {
        var workflow = new JsonObject { ["name"] = $"backtest {Guid.NewGuid():N}", ["triggerType"] = trigger, ["triggerConfig"] = triggerConfig, ["steps"] = new JsonArray(steps) };
        using var response = await api.PostAsJsonAsync(new Uri("api/workflows", UriKind.Relative), workflow);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    static async Task<HttpResponseMessage> PostBacktestAsync(HttpClient api, Guid workflow, object from, object to) =>
        await api.PostAsJsonAsync(new Uri($"api/workflows/{workflow}/backtest", UriKind.Relative), new JsonObject
        {
            ["from"] = JsonValue.Create(from),
            ["to"] = JsonValue.Create(to),
        });

    async Task<JsonElement> BacktestAsync(HttpClient api, Guid workflow)
    {
        using var response = await PostBacktestAsync(api, workflow, app.From, app.To);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    sealed record HandCount(long Events, long Executions, long Texts, long OptedOut, long NoPhone, long Ucs2, long Quiet);

    [Fact]
    public async Task Backtest_OfAMonth_MatchesCountingTheSameEventsInSql()
    {
        using var api = Api();
        var workflow = await WorkflowAsync(
            api, "job_completed", new JsonObject { ["jobTypes"] = new JsonArray("repair") }, Action("thank", "send_sms", new JsonObject { ["message"] = ThankYou }));
        int deliveries;
        await using (var connection = await app.OpenAsync())
        {
            deliveries = await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM automation_deliveries");
        }

        var report = await BacktestAsync(api, workflow);

        HandCount expected;
        await using (var connection = await app.OpenAsync())
        {
            expected = await connection.QuerySingleAsync<HandCount>(
                """
                WITH e AS (
                    SELECT e.occurred_at, e.payload -> 'new' ->> 'job_type' = 'repair' AS repair, c.phone IS NOT NULL AS phone, c.sms_opt_out, c.first_name
                      FROM automation_events e JOIN jobs j ON j.id = e.entity_id JOIN clients c ON c.id = j.client_id
                     WHERE e.organization_id = @History AND e.event_type = 'job_completed' AND e.occurred_at >= @From AND e.occurred_at < @To)
                SELECT count(*) AS events,
                       count(*) FILTER (WHERE repair) AS executions,
                       count(*) FILTER (WHERE repair AND phone AND NOT sms_opt_out) AS texts,
                       count(*) FILTER (WHERE repair AND phone AND sms_opt_out) AS opted_out,
                       count(*) FILTER (WHERE repair AND NOT phone) AS no_phone,
                       count(*) FILTER (WHERE repair AND phone AND NOT sms_opt_out AND first_name LIKE '%ë%') AS ucs2,
                       count(*) FILTER (WHERE repair AND phone AND NOT sms_opt_out
                                          AND extract(hour FROM occurred_at AT TIME ZONE 'America/New_York') NOT BETWEEN 8 AND 20) AS quiet
                  FROM e
                """,
                new { app.History, app.From, app.To });

            // Read only: not a delivery was claimed.
            Assert.Equal(deliveries, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM automation_deliveries"));
        }

        Assert.True(expected is { Texts: > 0, OptedOut: > 0, NoPhone: > 0, Ucs2: > 0, Quiet: > 0 }, $"the seed covers every case: {expected}");
        Assert.True(expected.Events > expected.Executions, "the filter leaves some events out");
        Assert.Equal(expected.Events, report.GetProperty("events").GetInt64());
        Assert.Equal(expected.Executions, report.GetProperty("executions").GetInt64());
        Assert.Equal(expected.Events - expected.Executions, report.GetProperty("notStarted").GetProperty("filteredOut").GetInt64());
        Assert.Equal(expected.Texts, report.GetProperty("messages").GetProperty("sms").GetInt64());
        Assert.Equal(0, report.GetProperty("messages").GetProperty("email").GetInt64());
        Assert.Equal(expected.Quiet, report.GetProperty("deferredByQuietHours").GetInt64());
        Assert.Equal(expected.OptedOut, report.GetProperty("suppressed").GetProperty("optedOut").GetInt64());
        Assert.Equal(expected.OptedOut, report.GetProperty("suppressed").GetProperty("total").GetInt64());
        Assert.Equal(expected.NoPhone, report.GetProperty("outcomes").GetProperty("wouldFail").GetInt64());
        var failure = Assert.Single(report.GetProperty("wouldFail").EnumerateArray());
        Assert.Equal(expected.NoPhone, failure.GetProperty("count").GetInt64());
        Assert.Contains("no phone number to text", failure.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // "Thanks Client1, your repair with Backtest Plumbing is done. …" fits one GSM-7 segment; with "Zoë" it is UCS-2 and
        // longer than 70 units: two segments.
        var sms = report.GetProperty("sms");
        Assert.Equal((expected.Texts, expected.Texts - expected.Ucs2, expected.Ucs2), (sms.GetProperty("messages").GetInt64(), sms.GetProperty("gsm7").GetInt64(), sms.GetProperty("ucs2").GetInt64()));
        Assert.Equal(expected.Texts - expected.Ucs2 + (2 * expected.Ucs2), sms.GetProperty("segments").GetInt64());

        var samples = report.GetProperty("samples").EnumerateArray().ToList();
        Assert.Equal(Math.Min(20, expected.Executions), samples.Count);
        Assert.All(samples, s => Assert.InRange(s.GetProperty("occurredAt").GetDateTimeOffset(), app.From, app.To));
        Assert.Contains(samples, s => s.GetProperty("steps")[0].GetProperty("status").GetString() == "would_run");
    }

    [Fact]
    public async Task Backtest_WhileItRuns_ReportsItsProgressOnTheOrganizationsExecutionStream_Only()
    {
        using var api = Api();
        var workflow = await WorkflowAsync(api, "job_completed", new JsonObject(), Action("thank", "send_sms", new JsonObject { ["message"] = ThankYou }));
        await using var stream = await EventStreamReader.OpenAsync(api, "api/executions/stream");
        await stream.NextAsync("ready");
        await using var others = await EventStreamReader.OpenAsync(app.Api, "api/executions/stream");
        await others.NextAsync("ready");

        var report = await BacktestAsync(api, workflow);

        var progress = (await stream.DrainAsync("backtest", TimeSpan.FromSeconds(2))).Select(e => e.Json).ToList();
        var total = report.GetProperty("events").GetInt32();
        Assert.True(total > 0);
        Assert.NotEmpty(progress);
        Assert.InRange(progress.Count, 1, total + 1);
        Assert.Single(progress.Select(p => p.GetProperty("backtestId").GetGuid()).Distinct());
        Assert.All(progress, p => Assert.Equal((workflow, total), (p.GetProperty("workflowId").GetGuid(), p.GetProperty("total").GetInt32())));
        var replayed = progress.Select(p => p.GetProperty("replayed").GetInt32()).ToList();
        Assert.Equal(replayed.Order(), replayed);
        Assert.Equal(total, replayed[^1]);
        Assert.Empty(await others.DrainAsync("backtest", TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Backtest_OfTheAppointmentConfirmationTemplate_ReturnsItsFigures()
    {
        using var api = Api();
        using var instantiated = await api.PostAsJsonAsync(
            new Uri("api/templates/7e3b1a7e-0000-4000-8000-00000000000d/instantiate", UriKind.Relative), new JsonObject());
        Assert.True(instantiated.IsSuccessStatusCode, await instantiated.Content.ReadAsStringAsync());
        var workflow = (await instantiated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var report = await BacktestAsync(api, workflow);

        // Every job booked in the month would have started it; scheduled jobs of clients who can be texted get the text,
        // and with no reply (a backtest simulates none) the office gets a task to call.
        await using var connection = await app.OpenAsync();
        var (events, texts) = await connection.QuerySingleAsync<(long, long)>(
            """
            SELECT count(*), count(*) FILTER (WHERE j.status = 'scheduled' AND j.scheduled_start IS NOT NULL AND c.phone IS NOT NULL AND NOT c.sms_opt_out)
              FROM automation_events e JOIN jobs j ON j.id = e.entity_id JOIN clients c ON c.id = j.client_id
             WHERE e.organization_id = @History AND e.event_type = 'job_created' AND e.occurred_at >= @From AND e.occurred_at < @To
            """,
            new { app.History, app.From, app.To });
        Assert.True(texts > 0);
        Assert.Equal((events, events), (report.GetProperty("events").GetInt64(), report.GetProperty("executions").GetInt64()));
        Assert.Equal(texts, report.GetProperty("messages").GetProperty("sms").GetInt64());
        var sample = report.GetProperty("samples").EnumerateArray().First(s => s.GetProperty("steps").EnumerateArray().Any(step =>
            step.GetProperty("stepKey").GetString() == "ask" && step.GetProperty("status").GetString() == "would_run"));
        var wait = sample.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("stepKey").GetString() == "reply");
        Assert.Equal(("P1D", "none"), (wait.GetProperty("timeout").GetString(), wait.GetProperty("output").GetProperty("intent").GetString()));
        Assert.Contains(sample.GetProperty("steps").EnumerateArray(), s => s.GetProperty("stepKey").GetString() == "call-task");
    }

    [Fact]
    public async Task Backtest_AWorkflowWithAHoldOutGroup_CountsTheHeldOutRecordsApart_AndWalksOnlyTheOthers()
    {
        using var api = Api();
        var workflow = await WorkflowAsync(api, "job_created", new JsonObject { ["holdOutPercent"] = 30 },
            new JsonObject { ["id"] = "task", ["type"] = "action", ["actionType"] = "create_task", ["config"] = new JsonObject { ["title"] = "Call" } });

        var report = await BacktestAsync(api, workflow);

        await using var connection = await app.OpenAsync();
        var jobs = (await connection.QueryAsync<Guid>(
            "SELECT entity_id FROM automation_events WHERE organization_id = @History AND event_type = 'job_created' AND occurred_at >= @From AND occurred_at < @To",
            new { app.History, app.From, app.To })).ToList();
        var heldOut = jobs.Count(job => Fixlify.Workflows.HoldOutGroup.IsHeldOut(workflow, job, 30));
        Assert.True(heldOut > 0);
        Assert.Equal(heldOut, report.GetProperty("heldOut").GetInt32());
        Assert.Equal(jobs.Count - heldOut, report.GetProperty("outcomes").GetProperty("wouldComplete").GetInt32());
        Assert.All(report.GetProperty("samples").EnumerateArray(), sample => Assert.Equal("treated", sample.GetProperty("group").GetString()));
    }

    [Fact]
    public async Task Backtest_OfAnOverdueInvoiceTrigger_RecomputesWhenItWouldHaveFired()
    {
        using var api = Api();
        Guid paidLate, paidEarly, neverPaid, dueOutside, draft;
        await using (var connection = await app.OpenAsync())
        {
            var client = await TestData.ClientAsync(connection, app.History, "Ivy", "ivy@example.com", "+15550409001");
            var due = DateOnly.FromDateTime(app.From.UtcDateTime.AddDays(10));
            neverPaid = await TestData.InvoiceAsync(connection, app.History, client, "sent", due, 120m);
            paidLate = await TestData.InvoiceAsync(connection, app.History, client, "sent", due, 130m);
            paidEarly = await TestData.InvoiceAsync(connection, app.History, client, "sent", due, 140m);
            dueOutside = await TestData.InvoiceAsync(connection, app.History, client, "sent", DateOnly.FromDateTime(app.To.UtcDateTime.AddDays(5)), 150m);
            draft = await TestData.InvoiceAsync(connection, app.History, client, "draft", due, 160m);
            await connection.ExecuteAsync(
                "UPDATE invoices SET status = 'paid', paid_at = @at WHERE id = @paidLate", new { paidLate, at = app.From.AddDays(20) });
            await connection.ExecuteAsync(
                "UPDATE invoices SET status = 'paid', paid_at = @at WHERE id = @paidEarly", new { paidEarly, at = app.From.AddDays(11) });
        }

        var workflow = await WorkflowAsync(
            api, "invoice_overdue", new JsonObject { ["daysOverdue"] = 3 },
            Action("remind", "create_task", new JsonObject { ["title"] = "Call about {{ invoice.number }}" }));

        var report = await BacktestAsync(api, workflow);

        // Due on day 10, 3 days overdue on day 13 (New York): the unpaid one and the one paid on day 20 would have fired.
        Assert.Equal(2, report.GetProperty("events").GetInt32());
        var fired = report.GetProperty("samples").EnumerateArray().Select(s => Guid.Parse(s.GetProperty("records").GetProperty("invoice").GetString()!)).Order().ToList();
        Assert.Equal(new[] { neverPaid, paidLate }.Order(), fired);
        Assert.DoesNotContain(dueOutside, fired);
        Assert.DoesNotContain(draft, fired);
        Assert.All(report.GetProperty("samples").EnumerateArray(), s => Assert.Equal(
            app.From.UtcDateTime.Date.AddDays(13),
            TimeZoneInfo.ConvertTimeBySystemTimeZoneId(s.GetProperty("occurredAt").GetDateTimeOffset(), "America/New_York").DateTime));
    }

    [Theory]
    [InlineData(-100, 0, "to", "at most 92 days")]
    [InlineData(-1, 2, "to", "must end by now")]
    [InlineData(0, -1, "to", "after 'from'")]
    public async Task Backtest_OfAPeriodTooLongInTheFutureOrBackwards_Is400NamingIt(int fromDays, int toDays, string path, string fragment)
    {
        using var api = Api();
        var workflow = await WorkflowAsync(api, "job_completed", [], Action("thank", "send_sms", new JsonObject { ["message"] = ThankYou }));
        var now = DateTimeOffset.UtcNow;

        using var response = await PostBacktestAsync(api, workflow, now.AddDays(fromDays), now.AddDays(toDays));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Single();
        Assert.Equal(path, error.GetProperty("path").GetString());
        Assert.Contains(fragment, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backtest_WithoutAnOffset_Is400NamingTheField()
    {
        using var api = Api();
        var workflow = await WorkflowAsync(api, "job_completed", [], Action("thank", "send_sms", new JsonObject { ["message"] = ThankYou }));

        using var response = await PostBacktestAsync(api, workflow, "2026-01-01T00:00:00", "yesterday");

        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()).ToList();
        Assert.Equal(["from", "to"], errors);
    }

    [Fact]
    public async Task Backtest_OfMoreThanTenThousandEvents_Is400()
    {
        using var api = Api();
        var workflow = await WorkflowAsync(api, "estimate_sent", [], Action("note", "create_task", new JsonObject { ["title"] = "Follow up" }));
        await using (var connection = await app.OpenAsync())
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO automation_events (id, organization_id, event_type, entity_type, entity_id, payload, occurred_at, relayed_at, processed_at)
                SELECT gen_random_uuid(), @History, 'estimate_sent', 'estimate', gen_random_uuid(), '{}', @From + make_interval(secs => i * 60), now(), now()
                  FROM generate_series(1, 10001) i
                """,
                new { app.History, app.From });
        }

        using var response = await PostBacktestAsync(api, workflow, app.From, app.To);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Single();
        Assert.Contains("more than 10,000 estimate_sent events", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backtest_OfAnotherOrganizationsWorkflow_Is404()
    {
        using var api = Api();
        var workflow = await WorkflowAsync(api, "job_completed", [], Action("thank", "send_sms", new JsonObject { ["message"] = ThankYou }));

        using var response = await PostBacktestAsync(app.Api, workflow, app.From, app.To);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
