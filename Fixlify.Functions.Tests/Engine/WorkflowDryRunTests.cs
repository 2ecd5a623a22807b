using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using static Fixlify.Tests.Fixtures.ActionSteps;

namespace Fixlify.Tests.Engine;

/// <summary>
/// The dry run on seeded records, over HTTP: the steps a run would take, in order, with branch decisions, rendered
/// messages and times on a simulated clock (delays, quiet hours), and why a step would not send.
/// </summary>
public sealed class WorkflowDryRunTests(DryRunApp app) : IClassFixture<DryRunApp>
{
    /// <summary>The job starts 03:00 UTC and ends 05:00 UTC on 15 January 2026 (a winter day: New York UTC-5, Los Angeles UTC-8).</summary>
    static readonly DateTimeOffset JobStart = new(2026, 1, 15, 3, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// After a completed job: thank the client if the job was big (else a review task for the office), wait until an hour
    /// after the job's scheduled end, text two reminders, then a follow-up task due a day later.
    /// </summary>
    static JsonObject FollowUp() => new()
    {
        ["name"] = "completed job follow-up",
        ["triggerType"] = "job_completed",
        ["isActive"] = false,
        ["steps"] = new JsonArray(
            Condition(
                "check",
                Rule("job.total", "gt", 100),
                new JsonArray(Action("thank", "send_email", new JsonObject
                {
                    ["subject"] = "Thanks, {{ client.first_name }}!",
                    ["html"] = "<p>{{ job.title }} is done for the {{ client.last_name }} family.</p>",
                    ["text"] = "{{ job.title }} is done.",
                })),
                new JsonArray(Action("review", "create_task", new JsonObject { ["title"] = "Review small job {{ job.title }}" }))),
            new JsonObject { ["id"] = "wait", ["type"] = "delay", ["config"] = new JsonObject { ["until"] = "job.scheduled_end", ["offset"] = "PT1H" } },
            new JsonObject
            {
                ["id"] = "each", ["type"] = "loop", ["config"] = new JsonObject { ["times"] = 2 },
                ["body"] = new JsonArray(Action("remind", "send_sms", new JsonObject
                {
                    ["message"] = "Reminder {{ loop.number }}/{{ loop.count }}: how was {{ job.title }}, {{ client.first_name }}?",
                })),
            },
            Action("follow", "create_task", new JsonObject { ["title"] = "Call {{ client.first_name }} about {{ job.title }}", ["dueIn"] = "P1D" })),
    };

    async Task<(Guid Client, Guid Job)> SeedAsync(string firstName, string? timeZone = null, decimal total = 150m, string? phone = "+15550104001", bool smsOptOut = false)
    {
        await using var connection = await app.OpenAsync();
        var client = await TestData.ClientAsync(connection, app.OrganizationId, firstName, $"{firstName.ToLowerInvariant()}@example.com", phone);
        await connection.ExecuteAsync(
            "UPDATE clients SET time_zone = @timeZone, sms_opt_out = @smsOptOut WHERE id = @client", new { client, timeZone, smsOptOut });
        var job = await TestData.JobAsync(connection, app.OrganizationId, client, start: JobStart);
        await connection.ExecuteAsync("UPDATE jobs SET total = @total WHERE id = @job", new { job, total });
        return (client, job);
    }

    [Theory]
    [InlineData("America/Los_Angeles", "2026-01-15T16:00:00Z", "08:00")]
    [InlineData(null, "2026-01-15T13:00:00Z", "08:00")]
    public async Task DryRun_BigJob_ShowsEveryStepInOrder_RenderedAndTimed_TextsWaitingForQuietHoursToEnd(string? clientZone, string textAt, string localEnd)
    {
        app.SetNow(DryRunApp.Start);
        var (client, job) = await SeedAsync("Alex", clientZone);
        await using (var connection = await app.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE clients SET last_name = 'Lee & Sons' WHERE id = @client", new { client });
        }

        var workflow = await app.Api.CreateWorkflowAsync(FollowUp());

        var report = await app.Api.DryRunAsync(workflow, new JsonObject { ["jobId"] = job.ToString() });

        var sendAt = DateTimeOffset.Parse(textAt, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("would_complete", report.Text("outcome"));
        Assert.False(report.GetProperty("isActive").GetBoolean());
        Assert.Equal(job.ToString(), report.GetProperty("records").Text("job"));
        Assert.Equal(["check", "thank", "wait", "each", "each[0].remind", "each[1].remind", "follow"], report.DryRunSteps().Select(s => s.Text("stepKey")));
        Assert.All(report.DryRunSteps(), s => Assert.Equal("would_run", s.Text("status")));
        Assert.Equal(DryRunApp.Start, report.Time("startsAt"));
        Assert.Equal(sendAt, report.Time("endsAt"));

        var check = report.DryRunStep("check");
        Assert.Equal(("true", DryRunApp.Start), (check.Text("branch"), check.Time("at")));
        var rule = check.GetProperty("condition").GetProperty("rules")[0];
        Assert.Equal(("job.total", 150m, true), (rule.Text("field"), rule.GetProperty("actual").GetDecimal(), rule.GetProperty("result").GetBoolean()));

        var email = report.DryRunStep("thank");
        Assert.Equal(("send_email", DryRunApp.Start), (email.Text("type"), email.Time("at")));
        var message = email.GetProperty("preview");
        Assert.Equal("alex@example.com", message.GetProperty("to")[0].GetString());
        Assert.Equal(("alex@example.com", 0), (message.GetProperty("recipients").GetProperty("to")[0].GetString(), message.GetProperty("recipients").GetProperty("cc").GetArrayLength()));
        Assert.Equal("Thanks, Alex!", message.Text("subject"));
        Assert.Equal("<p>Fix leak is done for the Lee &amp; Sons family.</p>", message.Text("html"));
        Assert.Equal("Fix leak is done.", message.Text("text"));
        Assert.Contains("office@test.example", message.Text("from"), StringComparison.Ordinal);
        Assert.Contains("reply@test.example", message.Text("replyTo"), StringComparison.Ordinal);

        var wait = report.DryRunStep("wait");
        Assert.Equal((DryRunApp.Start, JobStart.AddHours(3), true), (wait.Time("at"), wait.Time("until"), wait.GetProperty("waits").GetBoolean()));

        var loop = report.DryRunStep("each");
        Assert.Equal((JobStart.AddHours(3), 2), (loop.Time("at"), loop.GetProperty("iterations").GetInt32()));

        var first = report.DryRunStep("each[0].remind");
        Assert.Equal(sendAt, first.Time("at"));
        var deferral = Assert.Single(first.GetProperty("deferred").EnumerateArray());
        Assert.Equal((JobStart.AddHours(3), sendAt), (deferral.Time("from"), deferral.Time("until")));
        Assert.Contains($"{sendAt.UtcDateTime:yyyy-MM-dd} {localEnd} local time", deferral.Text("reason"), StringComparison.Ordinal);
        Assert.Contains(clientZone ?? "America/New_York", deferral.Text("reason"), StringComparison.Ordinal);
        Assert.Equal($"Held until Thursday 8:00 AM {(clientZone is null ? "EST" : "PST")}: quiet hours", deferral.Text("why"));
        var text = first.GetProperty("preview");
        Assert.Equal(("+15550104001", "+15550001111", "Reminder 1/2: how was Fix leak, Alex?"), (text.Text("to"), text.Text("from"), text.Text("text")));
        Assert.Equal("+1555•••4001", text.GetProperty("recipients").GetProperty("to")[0].GetString());

        var second = report.DryRunStep("each[1].remind");
        Assert.Equal(sendAt, second.Time("at"));
        Assert.False(second.TryGetProperty("deferred", out _));
        Assert.Equal("Reminder 2/2: how was Fix leak, Alex?", second.GetProperty("preview").Text("text"));

        var task = report.DryRunStep("follow");
        Assert.Equal(sendAt, task.Time("at"));
        Assert.Equal("Call Alex about Fix leak", task.GetProperty("preview").Text("title"));
        Assert.Equal(sendAt.AddDays(1), task.GetProperty("preview").Time("dueAt"));
        Assert.Equal(("job", job.ToString()), (task.GetProperty("preview").Text("relatedType"), task.GetProperty("preview").Text("relatedId")));
    }

    /// <summary>A wait until a fixed local date and time in the organization's zone (New York): it ends then, in UTC.</summary>
    [Fact]
    public async Task DryRun_DelayAtAFixedLocalTime_WaitsUntilThenInTheOrganizationsZone()
    {
        app.SetNow(DryRunApp.Start);
        var (_, job) = await SeedAsync("Cam");
        var workflow = await app.Api.CreateWorkflowAsync(new JsonObject
        {
            ["name"] = "fixed moment", ["triggerType"] = "job_completed", ["isActive"] = false,
            ["steps"] = new JsonArray(
                new JsonObject { ["id"] = "wait", ["type"] = "delay", ["config"] = new JsonObject { ["at"] = "2026-01-20T09:00" } },
                Action("follow", "create_task", new JsonObject { ["title"] = "Call {{ client.first_name }}" })),
        });

        var report = await app.Api.DryRunAsync(workflow, new JsonObject { ["jobId"] = job.ToString() });

        var wait = report.DryRunStep("wait");
        var nineInNewYork = new DateTimeOffset(2026, 1, 20, 14, 0, 0, TimeSpan.Zero);
        Assert.Equal((nineInNewYork, true), (wait.Time("until"), wait.GetProperty("waits").GetBoolean()));
        Assert.Equal(nineInNewYork, report.DryRunStep("follow").Time("at"));
    }

    [Fact]
    public async Task DryRun_SmallJob_TakesTheFalseBranch()
    {
        app.SetNow(DryRunApp.Start);
        var (_, job) = await SeedAsync("Bea", "America/Los_Angeles", total: 50m);
        var workflow = await app.Api.CreateWorkflowAsync(FollowUp());

        var report = await app.Api.DryRunAsync(workflow, new JsonObject { ["jobId"] = job.ToString() });

        Assert.Equal(["check", "review", "wait", "each", "each[0].remind", "each[1].remind", "follow"], report.DryRunSteps().Select(s => s.Text("stepKey")));
        var check = report.DryRunStep("check");
        Assert.Equal("false", check.Text("branch"));
        var rule = check.GetProperty("condition").GetProperty("rules")[0];
        Assert.Equal((50m, false), (rule.GetProperty("actual").GetDecimal(), rule.GetProperty("result").GetBoolean()));
        Assert.Equal("Review small job Fix leak", report.DryRunStep("review").GetProperty("preview").Text("title"));
        Assert.Equal(DryRunApp.Start, report.DryRunStep("review").Time("at"));
    }

    [Fact]
    public async Task DryRun_LoopCutByItsBound_SaysSo_OnTheStepAndTheRun()
    {
        app.SetNow(DryRunApp.Start);
        var workflow = await app.Api.CreateWorkflowAsync(new JsonObject
        {
            ["name"] = "bounded",
            ["triggerType"] = "manual",
            ["isActive"] = false,
            ["steps"] = new JsonArray(new JsonObject
            {
                ["id"] = "each", ["type"] = "loop",
                ["config"] = new JsonObject { ["over"] = "trigger.data.items", ["maxIterations"] = 50 },
                ["body"] = new JsonArray(new JsonObject { ["id"] = "tick", ["type"] = "delay", ["config"] = new JsonObject { ["duration"] = "PT0S" } }),
            }),
        });

        var report = await app.Api.DryRunAsync(workflow, new JsonObject { ["items"] = new JsonArray([.. Enumerable.Range(1, 60).Select(i => (JsonNode)i)]) });

        Assert.Equal("would_complete", report.Text("outcome"));
        Assert.Equal(50, report.DryRunSteps().Count(s => s.Text("stepId") == "tick"));
        Assert.Equal("'trigger.data.items' held 60 items; only the first 50 were done (maxIterations 50).", report.DryRunStep("each").Text("warning"));
        Assert.Equal("Loop 'each': 'trigger.data.items' held 60 items; only the first 50 were done (maxIterations 50).",
            Assert.Single(report.GetProperty("warnings").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task DryRun_OnlyIfFalseOnTheCurrentRecords_StepShownSkipped_WithTheRuleAndItsValue()
    {
        app.SetNow(DryRunApp.Start);
        var (_, job) = await SeedAsync("Cal");
        var guarded = Action("done", "send_email", new JsonObject { ["subject"] = "Done", ["text"] = "Your job is done." });
        guarded["onlyIf"] = new JsonObject { ["all"] = new JsonArray(Rule("job.status", "eq", "completed")) };
        var open = Action("open", "send_email", new JsonObject { ["subject"] = "Scheduled", ["text"] = "See you soon." });
        open["onlyIf"] = new JsonObject { ["all"] = new JsonArray(Rule("job.status", "eq", "scheduled")) };
        var workflow = await app.Api.CreateWorkflowAsync(new JsonObject
        {
            ["name"] = "guarded", ["triggerType"] = "job_status_changed", ["isActive"] = false, ["steps"] = new JsonArray(guarded, open),
        });

        var report = await app.Api.DryRunAsync(workflow, new JsonObject { ["jobId"] = job.ToString() });

        var skipped = report.DryRunStep("done");
        Assert.Equal(("skipped", "onlyIf not met: job.status eq \"completed\""), (skipped.Text("status"), skipped.Text("reason")));
        Assert.Equal("Skipped: Job › Status is Scheduled, not Completed", skipped.Text("why"));
        Assert.Equal("scheduled", skipped.GetProperty("onlyIf").GetProperty("rules")[0].Text("actual"));
        Assert.False(skipped.TryGetProperty("preview", out _));
        var sent = report.DryRunStep("open");
        Assert.Equal(("would_run", "See you soon."), (sent.Text("status"), sent.GetProperty("preview").Text("text")));
        Assert.Equal("would_complete", report.Text("outcome"));
    }

    [Fact]
    public async Task DryRun_OptedOutClient_SmsSuppressed_MessageFallsBackToEmail_NoSubscriptionPushSuppressed()
    {
        app.SetNow(new DateTimeOffset(2026, 1, 15, 18, 0, 0, TimeSpan.Zero));
        var (client, job) = await SeedAsync("Dee", smsOptOut: true);
        await using (var connection = await app.OpenAsync())
        {
            var technician = await TestData.TechnicianAsync(connection, app.OrganizationId, "Tom");
            await connection.ExecuteAsync("UPDATE technicians SET user_id = @user WHERE id = @technician", new { user = Guid.NewGuid(), technician });
            await connection.ExecuteAsync("UPDATE jobs SET technician_id = @technician WHERE id = @job", new { technician, job });
        }

        var workflow = await app.Api.CreateWorkflowAsync(new JsonObject
        {
            ["name"] = "on the way", ["triggerType"] = "job_status_changed", ["isActive"] = false,
            ["steps"] = new JsonArray(
                Action("text", "send_sms", new JsonObject { ["message"] = "On the way!" }),
                Action("either", "send_message", new JsonObject
                {
                    ["channels"] = new JsonArray("sms", "email"),
                    ["sms"] = new JsonObject { ["message"] = "On the way!" },
                    ["email"] = new JsonObject { ["subject"] = "On the way", ["text"] = "{{ technician.first_name }} is on the way." },
                }),
                Action("push", "send_push_notification", new JsonObject { ["userId"] = "{{ technician.user_id }}", ["title"] = "Job {{ job.title }}" })),
        });

        const string EventsOfTheClientAndJob = "SELECT id FROM automation_events WHERE entity_id IN (@client, @job) ORDER BY id";
        List<Guid> eventsBefore;
        await using (var connection = await app.OpenAsync())
        {
            await TestData.ExpandChangesAsync(connection);
            eventsBefore = [.. await connection.QueryAsync<Guid>(EventsOfTheClientAndJob, new { client, job })];
        }

        var report = await app.Api.DryRunAsync(workflow, new JsonObject { ["jobId"] = job.ToString() });

        var text = report.DryRunStep("text");
        Assert.Equal(("suppressed", "the client opted out of SMS"), (text.Text("status"), text.Text("reason")));
        Assert.Equal("Not sent: the client opted out of SMS", text.Text("why"));
        Assert.Equal("+15550104001", text.GetProperty("preview").Text("to"));
        Assert.Equal("+1555•••4001", text.GetProperty("preview").GetProperty("recipients").GetProperty("to")[0].GetString());
        var either = report.DryRunStep("either");
        Assert.Equal(("would_run", "email"), (either.Text("status"), either.GetProperty("preview").Text("channel")));
        var tried = Assert.Single(either.GetProperty("preview").GetProperty("tried").EnumerateArray());
        Assert.Equal(("sms", "suppressed", "the client opted out of SMS"), (tried.Text("channel"), tried.Text("status"), tried.Text("reason")));
        Assert.Equal("Tom is on the way.", either.GetProperty("preview").GetProperty("message").Text("text"));
        var push = report.DryRunStep("push");
        Assert.Equal(("suppressed", "no push subscription"), (push.Text("status"), push.Text("reason")));
        Assert.Equal("Job Fix leak", push.GetProperty("preview").Text("title"));
        Assert.Equal("would_complete", report.Text("outcome"));
        // The dry run wrote nothing: no delivery (sent or suppressed), no execution, no change to the client or the job
        // (any write to them would have raised an event).
        await using var check = await app.OpenAsync();
        Assert.Equal(0, await check.ExecuteScalarAsync<long>("SELECT count(*) FROM automation_deliveries WHERE client_id = @client", new { client }));
        Assert.Equal(0, await check.ExecuteScalarAsync<long>("SELECT count(*) FROM automation_execution_logs WHERE workflow_id = @workflow", new { workflow }));
        await TestData.ExpandChangesAsync(check);
        Assert.Equal(eventsBefore, await check.QueryAsync<Guid>(EventsOfTheClientAndJob, new { client, job }));
    }

    [Fact]
    public async Task DryRun_DailyCapReached_EmailSuppressed()
    {
        app.SetNow(new DateTimeOffset(2026, 1, 15, 18, 0, 0, TimeSpan.Zero));
        Guid organization, job;
        await using (var connection = await app.OpenAsync())
        {
            organization = await TestData.OrganizationAsync(connection, "Capped Heating");
            await connection.ExecuteAsync("UPDATE organizations SET daily_message_cap = 1 WHERE id = @organization", new { organization });
            var client = await TestData.ClientAsync(connection, organization, "Eve", "eve@example.com");
            job = await TestData.JobAsync(connection, organization, client, start: JobStart);
            await connection.ExecuteAsync(
                """
                INSERT INTO automation_deliveries (organization_id, execution_id, step_key, channel, status, client_id, created_at)
                VALUES (@organization, gen_random_uuid(), 'earlier', 'email', 'sent', @client, @at)
                """,
                new { organization, client, at = app.Clock.GetUtcNow().AddHours(-2) });
        }

        using var api = app.ClientFor(organization);
        var workflow = await api.CreateWorkflowAsync(new JsonObject
        {
            ["name"] = "capped", ["triggerType"] = "job_completed", ["isActive"] = false,
            ["steps"] = new JsonArray(Action("thank", "send_email", new JsonObject { ["subject"] = "Thanks", ["text"] = "Thank you." })),
        });

        var step = (await api.DryRunAsync(workflow, new JsonObject { ["jobId"] = job.ToString() })).DryRunStep("thank");

        Assert.Equal("suppressed", step.Text("status"));
        Assert.StartsWith("daily message cap reached", step.Text("reason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DryRun_ClientWithoutPhone_TextWouldFail_AndTheRunStopsThere()
    {
        app.SetNow(DryRunApp.Start);
        var (_, job) = await SeedAsync("Fay", phone: null);
        var workflow = await app.Api.CreateWorkflowAsync(new JsonObject
        {
            ["name"] = "no phone", ["triggerType"] = "job_completed", ["isActive"] = false,
            ["steps"] = new JsonArray(
                Action("text", "send_sms", new JsonObject { ["message"] = "Hi" }),
                Action("after", "create_task", new JsonObject { ["title"] = "never" })),
        });

        var report = await app.Api.DryRunAsync(workflow, new JsonObject { ["jobId"] = job.ToString() });

        Assert.Equal("would_fail", report.Text("outcome"));
        Assert.Contains("'to' rendered empty", report.Text("error"), StringComparison.Ordinal);
        var text = Assert.Single(report.DryRunSteps());
        Assert.Equal("would_fail", text.Text("status"));
        Assert.Contains("there is no phone number to text", text.Text("error"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DryRun_ApiCall_IsNotCalled_AndStepsReadingItsAnswerSaySo()
    {
        app.SetNow(DryRunApp.Start);
        var (_, job) = await SeedAsync("Gus");
        var before = app.Receiver.LogEntries.Count;
        var workflow = await app.Api.CreateWorkflowAsync(new JsonObject
        {
            ["name"] = "quote", ["triggerType"] = "job_completed", ["isActive"] = false,
            ["steps"] = new JsonArray(
                Action("fetch", "api_call", new JsonObject
                {
                    ["method"] = "POST", ["url"] = $"http://127.0.0.1:{app.Receiver.Port()}/quotes/{{{{ job.id }}}}",
                    ["body"] = new JsonObject { ["title"] = "{{ job.title }}" }, ["saveAs"] = "quote",
                }),
                Condition("pricey", Rule("quote.total", "gt", 10),
                    new JsonArray(Action("tell", "send_email", new JsonObject { ["subject"] = "Quote", ["text"] = "It costs {{ quote.total }}." })),
                    new JsonArray())),
        });

        var report = await app.Api.DryRunAsync(workflow, new JsonObject { ["jobId"] = job.ToString() });

        var fetch = report.DryRunStep("fetch");
        Assert.True(fetch.GetProperty("outputUnknown").GetBoolean());
        Assert.Contains("not called in a dry run", fetch.GetProperty("notes")[0].GetString(), StringComparison.Ordinal);
        var request = fetch.GetProperty("preview");
        Assert.Equal(("POST", $"http://127.0.0.1:{app.Receiver.Port()}/quotes/{job}"), (request.Text("method"), request.Text("url")));
        Assert.Equal("Fix leak", request.GetProperty("body").Text("title"));
        var pricey = report.DryRunStep("pricey");
        Assert.Equal(("false", "quote"), (pricey.Text("branch"), pricey.GetProperty("readsUnknown")[0].GetString()));
        Assert.Contains("'fetch'", pricey.GetProperty("notes")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, app.Receiver.LogEntries.Count);
    }

    /// <summary>Text the client (quiet hours put it off to 08:00 New York, 13:00 UTC), wait a day for the answer, act on it, then a follow-up text.</summary>
    static JsonObject AskAndListen(string message = "Hi {{ client.first_name }}, reply C to confirm {{ job.title }} or R to reschedule.") => new()
    {
        ["name"] = "ask and listen",
        ["triggerType"] = "manual",
        ["steps"] = new JsonArray(
            Action("ask", "send_sms", new JsonObject { ["message"] = message }),
            new JsonObject { ["id"] = "reply", ["type"] = "wait_for_reply", ["config"] = new JsonObject { ["timeout"] = "PT24H" } },
            Condition(
                "moved", Rule("steps.reply.intent", "eq", "reschedule"),
                new JsonArray(Action("reschedule", "create_task", new JsonObject { ["title"] = "Reschedule {{ job.title }}" })),
                new JsonArray(Action("other", "create_task", new JsonObject { ["title"] = "Reply was {{ steps.reply.intent }}" }))),
            Action("later", "send_sms", new JsonObject { ["message"] = "See you soon, {{ client.first_name }}." })),
    };

    static readonly DateTimeOffset QuietHoursEnd = new(2026, 1, 15, 13, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task DryRun_WaitForReply_WithASimulatedReply_TakesItsBranchAtItsTime()
    {
        app.SetNow(DryRunApp.Start);
        var (_, job) = await SeedAsync("Rae", phone: "+15550104101");
        var workflow = await app.Api.CreateWorkflowAsync(AskAndListen());

        var report = await app.Api.DryRunAsync(
            workflow, new JsonObject { ["jobId"] = job.ToString() },
            new JsonObject { ["replies"] = new JsonObject { ["reply"] = new JsonObject { ["text"] = "r!", ["after"] = "PT2H" } } });

        Assert.Equal(["ask", "reply", "moved", "reschedule", "later"], report.DryRunSteps().Select(s => s.Text("stepKey")));
        var ask = report.DryRunStep("ask");
        Assert.Equal(("GSM-7", 1), (ask.GetProperty("preview").Text("encoding"), ask.GetProperty("preview").GetProperty("segments").GetInt32()));
        var wait = report.DryRunStep("reply");
        Assert.Equal((QuietHoursEnd, "P1D", QuietHoursEnd.AddHours(24)), (wait.Time("at"), wait.Text("timeout"), wait.Time("timeoutAt")));
        var output = wait.GetProperty("output");
        Assert.Equal(("r!", "reschedule", QuietHoursEnd.AddHours(2)), (output.Text("reply"), output.Text("intent"), output.Time("receivedAt")));
        Assert.True(wait.GetProperty("simulated").GetBoolean());
        Assert.Equal(("true", QuietHoursEnd.AddHours(2)), (report.DryRunStep("moved").Text("branch"), report.DryRunStep("reschedule").Time("at")));
    }

    [Fact]
    public async Task DryRun_WaitForReply_WithNoReply_TimesOutWithIntentNone()
    {
        app.SetNow(DryRunApp.Start);
        var (_, job) = await SeedAsync("Ned", phone: "+15550104102");
        var workflow = await app.Api.CreateWorkflowAsync(AskAndListen());

        var report = await app.Api.DryRunAsync(workflow, new JsonObject { ["jobId"] = job.ToString() });

        var wait = report.DryRunStep("reply");
        Assert.Equal(("none", JsonValueKind.Null), (wait.GetProperty("output").Text("intent"), wait.GetProperty("output").GetProperty("reply").ValueKind));
        Assert.Contains("no reply was simulated", wait.GetProperty("notes")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(("false", QuietHoursEnd.AddHours(24)), (report.DryRunStep("moved").Text("branch"), report.DryRunStep("other").Time("at")));
        Assert.Equal("would_run", report.DryRunStep("later").Text("status"));
    }

    [Fact]
    public async Task DryRun_SimulatedStop_EndsTheWaitAsOptedOut_AndTheLaterTextIsSuppressed()
    {
        app.SetNow(DryRunApp.Start);
        var (_, job) = await SeedAsync("Stu", phone: "+15550104103");
        var workflow = await app.Api.CreateWorkflowAsync(AskAndListen("Hi {{ client.first_name }}, we’ll be there at 9. Reply C to confirm."));

        var report = await app.Api.DryRunAsync(
            workflow, new JsonObject { ["jobId"] = job.ToString() }, new JsonObject { ["replies"] = new JsonObject { ["reply"] = new JsonObject { ["text"] = "Stop" } } });

        Assert.Equal("UCS-2", report.DryRunStep("ask").GetProperty("preview").Text("encoding"));
        Assert.Equal("opted_out", report.DryRunStep("reply").GetProperty("output").Text("intent"));
        var later = report.DryRunStep("later");
        Assert.Equal(("suppressed", "the simulated reply STOP opted the number out"), (later.Text("status"), later.Text("reason")));
    }

    [Fact]
    public async Task DryRun_WaitForEvent_WithASimulatedEvent_HappensThen()
    {
        app.SetNow(DryRunApp.Start);
        var (_, job) = await SeedAsync("Eve", phone: "+15550104104");
        var workflow = await app.Api.CreateWorkflowAsync(new JsonObject
        {
            ["name"] = "wait for the move",
            ["triggerType"] = "manual",
            ["steps"] = new JsonArray(
                new JsonObject { ["id"] = "moved", ["type"] = "wait_for_event", ["config"] = new JsonObject { ["eventType"] = "job_rescheduled", ["timeout"] = "P2D" } },
                Action("note", "create_task", new JsonObject { ["title"] = "Moved: {{ steps.moved.happened }}" })),
        });

        var happened = await app.Api.DryRunAsync(
            workflow, new JsonObject { ["jobId"] = job.ToString() }, new JsonObject { ["events"] = new JsonObject { ["moved"] = new JsonObject { ["after"] = "PT30M" } } });
        var timedOut = await app.Api.DryRunAsync(workflow, new JsonObject { ["jobId"] = job.ToString() });

        Assert.Equal((true, DryRunApp.Start.AddMinutes(30)), (happened.DryRunStep("moved").GetProperty("output").GetProperty("happened").GetBoolean(), happened.DryRunStep("note").Time("at")));
        Assert.Equal((false, DryRunApp.Start.AddDays(2)), (timedOut.DryRunStep("moved").GetProperty("output").GetProperty("happened").GetBoolean(), timedOut.DryRunStep("note").Time("at")));
    }

    [Fact]
    public async Task DryRun_SimulatingAStepThatIsNoWait_Is400NamingIt()
    {
        app.SetNow(DryRunApp.Start);
        var (_, job) = await SeedAsync("Zed", phone: "+15550104105");
        var workflow = await app.Api.CreateWorkflowAsync(AskAndListen());

        using var response = await app.Api.PostDryRunAsync(workflow, new JsonObject { ["jobId"] = job.ToString() }, new JsonObject
        {
            ["replies"] = new JsonObject { ["ask"] = new JsonObject { ["text"] = "C" }, ["reply"] = new JsonObject { ["text"] = "C", ["after"] = "soon" } },
            ["events"] = new JsonObject { ["reply"] = new JsonObject() },
        });

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        var paths = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").EnumerateArray().Select(e => e.Text("path")).ToList();
        Assert.Equal(["replies.reply.after"], paths);

        using var unknown = await app.Api.PostDryRunAsync(workflow, new JsonObject { ["jobId"] = job.ToString() }, new JsonObject
        {
            ["replies"] = new JsonObject { ["ask"] = new JsonObject { ["text"] = "C" } },
            ["events"] = new JsonObject { ["reply"] = new JsonObject() },
        });
        var errors = JsonDocument.Parse(await unknown.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").EnumerateArray().Select(e => e.Text("path")).ToList();
        Assert.Equal(["replies.ask", "events.reply"], errors);
    }

    /// <summary>"Remind an hour before the job", on a job two days out.</summary>
    async Task<(Guid Job, Guid Workflow, DateTimeOffset Start)> HourBeforeTheJobAsync(string firstName, string phone)
    {
        var (_, job) = await SeedAsync(firstName, phone: phone);
        var start = DryRunApp.Start.AddDays(2);
        await using (var connection = await app.OpenAsync())
        {
            await connection.ExecuteAsync(
                "UPDATE jobs SET scheduled_start = @start, scheduled_end = @start + interval '2 hours' WHERE id = @job", new { job, start });
        }

        var workflow = await app.Api.CreateWorkflowAsync(new JsonObject
        {
            ["name"] = "an hour before",
            ["triggerType"] = "manual",
            ["steps"] = new JsonArray(
                new JsonObject { ["id"] = "hour-before", ["type"] = "delay", ["config"] = new JsonObject { ["until"] = "job.scheduled_start", ["offset"] = "-PT1H" } },
                Action("remind", "create_task", new JsonObject { ["title"] = "Call {{ client.first_name }}" })),
        });
        return (job, workflow, start);
    }

    [Fact]
    public async Task DryRun_JobRescheduledWhileTheReminderWaits_TheWaitFollowsIt_AsARunWould()
    {
        app.SetNow(DryRunApp.Start);
        var (job, workflow, start) = await HourBeforeTheJobAsync("Mona", "+15550104106");
        var newStart = start.AddDays(1);

        var report = await app.Api.DryRunAsync(workflow, new JsonObject { ["jobId"] = job.ToString() }, new JsonObject
        {
            ["moves"] = new JsonObject { ["hour-before"] = new JsonObject { ["after"] = "PT3H", ["to"] = newStart.ToString("O") } },
        });

        var delay = report.DryRunStep("hour-before");
        Assert.Equal(newStart.AddHours(-1), delay.Time("until"));
        Assert.EndsWith(" was rescheduled", delay.Text("movedBecause"), StringComparison.Ordinal);
        Assert.True(delay.GetProperty("simulated").GetBoolean());
        Assert.Equal(newStart.AddHours(-1), report.DryRunStep("remind").Time("at"));
    }

    [Fact]
    public async Task DryRun_JobMovedToAMomentLongPast_TheReminderIsSkippedWithTheReason()
    {
        app.SetNow(DryRunApp.Start);
        var (job, workflow, _) = await HourBeforeTheJobAsync("Moe", "+15550104107");

        var report = await app.Api.DryRunAsync(workflow, new JsonObject { ["jobId"] = job.ToString() }, new JsonObject
        {
            ["moves"] = new JsonObject { ["hour-before"] = new JsonObject { ["after"] = "PT1H", ["to"] = DryRunApp.Start.AddHours(-5).ToString("O") } },
        });

        var delay = report.DryRunStep("hour-before");
        Assert.Equal("skipped", delay.Text("status"));
        Assert.Contains("was rescheduled, and the new moment had already passed by more than 1 hour", delay.Text("reason"), StringComparison.Ordinal);
        Assert.DoesNotContain(report.DryRunSteps(), s => s.Text("stepKey") == "remind" && s.Text("status") == "would_run");
    }

    [Fact]
    public async Task DryRun_MovingAStepThatFollowsNoDate_Is400NamingIt()
    {
        app.SetNow(DryRunApp.Start);
        var (job, workflow, _) = await HourBeforeTheJobAsync("Mick", "+15550104108");

        using var response = await app.Api.PostDryRunAsync(workflow, new JsonObject { ["jobId"] = job.ToString() }, new JsonObject
        {
            ["moves"] = new JsonObject { ["remind"] = new JsonObject(), ["hour-before"] = new JsonObject { ["to"] = "next tuesday" } },
        });

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").EnumerateArray()
            .Select(e => (e.Text("path"), e.Text("message"))).ToList();
        Assert.Equal(["moves.hour-before.to"], errors.Select(e => e.Item1));

        using var unknown = await app.Api.PostDryRunAsync(workflow, new JsonObject { ["jobId"] = job.ToString() }, new JsonObject
        {
            ["moves"] = new JsonObject { ["remind"] = new JsonObject() },
        });
        var wrong = Assert.Single(JsonDocument.Parse(await unknown.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal(("moves.remind", "No wait that follows a record's date is called 'remind': this workflow has hour-before."), (wrong.Text("path"), wrong.Text("message")));
    }
}
