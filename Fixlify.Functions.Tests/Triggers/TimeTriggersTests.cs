using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Data;
using Fixlify.Tests.Fixtures;
using Fixlify.Triggers;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using Npgsql;

namespace Fixlify.Tests.Triggers;

/// <summary>Time triggers fire once each, at the right local time, however many ticks run.</summary>
public sealed class TimeTriggersTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-26T03:00:00Z", CultureInfo.InvariantCulture);
    ServiceProvider _services = null!;

    TimeTriggers Triggers => _services.GetRequiredService<TimeTriggers>();

    public Task InitializeAsync()
    {
        _services = TriggerServices.Build(database);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task JobOverdue_FiresOncePerJob_EvenWhenTicksRunTogether()
    {
        await using var connection = await database.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection);
        var workflow = await WorkflowAsync(connection, organization, "job_overdue", """{"graceMinutes": 30}""");
        var overdue = await JobEndingAsync(connection, organization, Now.AddHours(-2), "scheduled");
        await JobEndingAsync(connection, organization, Now.AddMinutes(-10), "in_progress");
        await JobEndingAsync(connection, organization, Now.AddHours(-5), "completed");
        await JobEndingAsync(connection, organization, Now.AddDays(-30), "scheduled");

        var fired = await Task.WhenAll(Triggers.FireAsync(Now, CancellationToken.None), Triggers.FireAsync(Now, CancellationToken.None), Triggers.FireAsync(Now, CancellationToken.None));
        var later = await Triggers.FireAsync(Now.AddMinutes(5), CancellationToken.None);

        Assert.Equal(1, fired.Sum() + later);
        var events = await EventsAsync(connection, organization, "job_overdue");
        var single = Assert.Single(events);
        Assert.Equal(overdue, single.EntityId);
        Assert.Equal(workflow.ToString(), single.Payload["workflowId"]?.ToString());
    }

    [Fact]
    public async Task InvoiceOverdue_FiresNDaysPastDue_CountedInTheOrganizationsTimeZone()
    {
        await using var connection = await database.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection, timeZone: "America/New_York");
        var sevenDays = await WorkflowAsync(connection, organization, "invoice_overdue", """{"daysOverdue": 7}""");
        await WorkflowAsync(connection, organization, "invoice_overdue", """{"daysOverdue": 14}""");
        // 03:00 UTC on Nov 26 is still Nov 25 in New York: 7 days after Nov 18, but only 6 after Nov 19.
        var due18 = await TestData.InvoiceAsync(connection, organization, null, "sent", new DateOnly(2026, 11, 18));
        await TestData.InvoiceAsync(connection, organization, null, "sent", new DateOnly(2026, 11, 19));
        await TestData.InvoiceAsync(connection, organization, null, "paid", new DateOnly(2026, 11, 1));
        var partly = await TestData.InvoiceAsync(connection, organization, null, "partially_paid", new DateOnly(2026, 11, 17));

        await Triggers.FireAsync(Now, CancellationToken.None);
        await Triggers.FireAsync(Now.AddMinutes(1), CancellationToken.None);

        var events = await EventsAsync(connection, organization, "invoice_overdue");
        Assert.Equal(new[] { due18, partly }.Order(), events.Select(e => e.EntityId!.Value).Order());
        Assert.All(events, e => Assert.Equal(sevenDays.ToString(), e.Payload["workflowId"]?.ToString()));
        Assert.All(events, e => Assert.Equal(7, e.Payload["daysOverdue"]!.GetValue<int>()));

        // Beside the threshold, the real figure: the invoice due Nov 17 is 8 days past due on Nov 25 in New York.
        Assert.Equal(
            new[] { (due18, 7), (partly, 8) }.Order(),
            events.Select(e => (e.EntityId!.Value, e.Payload["daysActuallyOverdue"]!.GetValue<int>())).Order());
    }

    [Fact]
    public async Task JobOverdue_SwitchedOnOnlyFromNowOn_SkipsAJobLateBeforeIt_AndFiresOneLateAfter()
    {
        await using var connection = await database.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection);
        var workflow = await WorkflowAsync(connection, organization, "job_overdue", """{"graceMinutes": 0}""");
        await MarkAsync(connection, workflow, Now.AddHours(-1), "skip");
        await JobEndingAsync(connection, organization, Now.AddHours(-2), "scheduled");
        var lateAfter = await JobEndingAsync(connection, organization, Now.AddMinutes(-30), "scheduled");

        await Triggers.FireAsync(Now, CancellationToken.None);

        Assert.Equal([lateAfter], (await EventsAsync(connection, organization, "job_overdue")).Select(e => e.EntityId!.Value));
    }

    [Theory]
    [InlineData("include", 10, true)]
    [InlineData("skip", 10, false)]
    [InlineData("include", 60 * 24 * 30, false)]
    public async Task ClientInactive_QuietLongBeforeTheSwitchOn_FiresOnlyWhenIncluded_InTheLookbackAfterIt(string existingRecords, int minutesAgo, bool fires)
    {
        await using var connection = await database.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection);
        var workflow = await WorkflowAsync(connection, organization, "client_inactive", """{"inactiveDays": 180}""");
        await MarkAsync(connection, workflow, Now.AddMinutes(-minutesAgo), existingRecords);
        var quiet = await TestData.ClientAsync(connection, organization, "Quiet");
        await connection.ExecuteAsync("UPDATE clients SET created_at = @at WHERE id = @quiet", new { at = Now.AddDays(-400), quiet });

        await Triggers.FireAsync(Now, CancellationToken.None);

        Assert.Equal(fires ? [quiet] : [], (await EventsAsync(connection, organization, "client_inactive")).Select(e => e.EntityId!.Value));
    }

    [Fact]
    public async Task ClientInactive_FiresOnceAfterNDaysWithoutAJob()
    {
        await using var connection = await database.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection);
        await WorkflowAsync(connection, organization, "client_inactive", """{"inactiveDays": 180}""");
        var quiet = await TestData.ClientAsync(connection, organization, "Quiet");
        var busy = await TestData.ClientAsync(connection, organization, "Busy");
        await connection.ExecuteAsync("UPDATE clients SET created_at = @at WHERE id IN (@quiet, @busy)", new { at = Now.AddDays(-400), quiet, busy });
        await connection.ExecuteAsync(
            "INSERT INTO jobs (organization_id, client_id, title, created_at) VALUES (@organization, @quiet, 'old', @old), (@organization, @busy, 'recent', @recent)",
            new { organization, quiet, busy, old = Now.AddDays(-181), recent = Now.AddDays(-10) });

        await Triggers.FireAsync(Now, CancellationToken.None);
        await Triggers.FireAsync(Now.AddHours(1), CancellationToken.None);

        Assert.Equal([quiet], (await EventsAsync(connection, organization, "client_inactive")).Select(e => e.EntityId!.Value));
    }

    [Fact]
    public async Task Scheduled_FiresOnceAtItsMoment_ThenHasNoNextRun()
    {
        await using var connection = await database.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection);
        var workflow = await WorkflowAsync(connection, organization, "scheduled", "{}", schedule: """{"runAt": "2026-11-26T02:59:00Z"}""", nextRunAt: Now.AddMinutes(-1));
        var notYet = await WorkflowAsync(connection, organization, "scheduled", "{}", schedule: """{"runAt": "2026-11-26T04:00:00Z"}""", nextRunAt: Now.AddHours(1));

        await Triggers.FireAsync(Now, CancellationToken.None);
        await Triggers.FireAsync(Now.AddSeconds(30), CancellationToken.None);

        var single = Assert.Single(await EventsAsync(connection, organization, "scheduled"));
        Assert.Equal(workflow, single.EntityId);
        Assert.Null(await connection.ExecuteScalarAsync<DateTime?>("SELECT next_run_at FROM automation_workflows WHERE id = @workflow", new { workflow }));
        Assert.NotNull(await connection.ExecuteScalarAsync<DateTime?>("SELECT next_run_at FROM automation_workflows WHERE id = @notYet", new { notYet }));
    }

    [Theory]
    [InlineData("America/New_York", "2026-03-06T00:00:00Z", "2026-03-10T00:00:00Z", "13:00|13:00|12:00|12:00")]
    [InlineData("America/New_York", "2026-10-30T00:00:00Z", "2026-11-03T00:00:00Z", "12:00|12:00|13:00|13:00")]
    [InlineData("Europe/Berlin", "2026-03-27T00:00:00Z", "2026-03-31T00:00:00Z", "07:00|07:00|06:00|06:00")]
    [InlineData("Europe/Berlin", "2026-10-23T00:00:00Z", "2026-10-27T00:00:00Z", "06:00|06:00|07:00|07:00")]
    public async Task Recurring_TickingThroughADaylightSavingChange_FiresDailyAt8Local(string zone, string from, string to, string utcHours)
    {
        await using var connection = await database.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection);
        var start = DateTimeOffset.Parse(from, CultureInfo.InvariantCulture);
        var schedule = new JsonObject { ["cron"] = "0 8 * * *", ["timeZone"] = zone };
        var first = Fixlify.Workflows.WorkflowSchedule.Read("recurring", schedule, new List<Fixlify.Workflows.FieldError>())!.NextAfter(start);
        await WorkflowAsync(connection, organization, "recurring", "{}", schedule.ToJsonString(), first);

        for (var tick = start; tick < DateTimeOffset.Parse(to, CultureInfo.InvariantCulture); tick = tick.AddMinutes(20))
        {
            await Triggers.FireAsync(tick, CancellationToken.None);
        }

        var events = (await EventsAsync(connection, organization, "recurring")).OrderBy(e => e.Payload["scheduledFor"]!.GetValue<DateTime>()).ToList();
        Assert.Equal(utcHours.Split('|'), events.Select(e => e.Payload["scheduledFor"]!.GetValue<DateTime>().ToUniversalTime().ToString("HH:mm", CultureInfo.InvariantCulture)));
        Assert.All(events, e => Assert.Contains("T08:00:00", e.Payload["localTime"]!.ToString(), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("once", 1)]
    [InlineData("skip", 0)]
    public async Task Recurring_MissedRuns_FollowTheCatchUpPolicy(string catchUp, int expected)
    {
        await using var connection = await database.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection);
        var schedule = $$"""{"cron": "0 8 * * *", "timeZone": "UTC", "catchUp": "{{catchUp}}"}""";
        var workflow = await WorkflowAsync(connection, organization, "recurring", "{}", schedule, DateTimeOffset.Parse("2026-11-20T08:00:00Z", CultureInfo.InvariantCulture));

        await Triggers.FireAsync(Now, CancellationToken.None);

        var events = await EventsAsync(connection, organization, "recurring");
        Assert.Equal(expected, events.Count);
        if (expected == 1)
        {
            Assert.Equal(DateTime.Parse("2026-11-25T08:00:00Z", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal), events[0].Payload["scheduledFor"]!.GetValue<DateTime>().ToUniversalTime());
            Assert.Equal(5, events[0].Payload["missedRuns"]!.GetValue<int>());
        }

        var next = await connection.ExecuteScalarAsync<DateTime>("SELECT next_run_at FROM automation_workflows WHERE id = @workflow", new { workflow });
        Assert.Equal(DateTime.Parse("2026-11-26T08:00:00Z", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal), next.ToUniversalTime());
    }

    [Theory]
    [InlineData("skip", 0)]
    [InlineData("allow", 1)]
    public async Task Recurring_PreviousRunStillGoing_FollowsTheOverlapPolicy(string overlap, int expected)
    {
        await using var connection = await database.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection);
        var schedule = $$"""{"cron": "*/15 * * * *", "timeZone": "UTC", "overlap": "{{overlap}}"}""";
        var workflow = await WorkflowAsync(connection, organization, "recurring", "{}", schedule, Now);
        await connection.ExecuteAsync(
            "INSERT INTO automation_execution_logs (workflow_id, organization_id, trigger_type, trigger_data, status) VALUES (@workflow, @organization, 'recurring', '{}', 'waiting')",
            new { workflow, organization });

        await Triggers.FireAsync(Now, CancellationToken.None);

        Assert.Equal(expected, (await EventsAsync(connection, organization, "recurring")).Count);
    }

    [Fact]
    public async Task FiredEvent_StartsOnlyTheWorkflowItWasFiredFor()
    {
        await using var connection = await database.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection, timeZone: "UTC");
        var three = await WorkflowAsync(connection, organization, "invoice_overdue", """{"daysOverdue": 3}""");
        var thirty = await WorkflowAsync(connection, organization, "invoice_overdue", """{"daysOverdue": 30}""");
        await TestData.InvoiceAsync(connection, organization, null, "sent", new DateOnly(2026, 11, 22));
        await Triggers.FireAsync(Now, CancellationToken.None);
        var client = new Mock<DurableTaskClient>("test");
        client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object>(), It.IsAny<StartOrchestrationOptions>(), It.IsAny<CancellationToken>()))
            .Returns((TaskName _, object _, StartOrchestrationOptions o, CancellationToken _) => Task.FromResult(o.InstanceId!));

        foreach (var fired in await EventsAsync(connection, organization, "invoice_overdue"))
        {
            await _services.GetRequiredService<EventDispatcher>().DispatchAsync(client.Object, fired, CancellationToken.None);
        }

        var started = (await connection.QueryAsync<Guid>("SELECT workflow_id FROM automation_execution_logs WHERE organization_id = @organization", new { organization })).ToList();
        Assert.Equal([three], started);
        Assert.DoesNotContain(thirty, started);
    }

    [Fact]
    public async Task FireAsync_AWaveOfOverdueInvoices_WakesAnIdleRelayWithOneNotification()
    {
        await using var connection = await database.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection, timeZone: "America/New_York");
        // Only this test's workflow may fire: the class's other tests leave theirs in the same database.
        await connection.ExecuteAsync("UPDATE automation_workflows SET is_active = false WHERE organization_id <> @organization", new { organization });
        await WorkflowAsync(connection, organization, "invoice_overdue", """{"daysOverdue": 7}""");
        await connection.ExecuteAsync(
            "INSERT INTO invoices (organization_id, number, status, total, due_date) SELECT @organization, 'WAVE-' || i, 'sent', 100, '2026-11-18' FROM generate_series(1, 300) i",
            new { organization });

        // A connection that waits as an idle relay does: it holds the idle lock (Migrations/0010) and LISTENs.
        await using var relay = await database.OpenAsync(new NpgsqlConnectionStringBuilder(database.ServiceConnectionString) { Pooling = false }.ConnectionString);
        await relay.ExecuteAsync("LISTEN automation_events");
        Assert.True(await relay.ExecuteScalarAsync<bool>("SELECT fixlify_relay_try_idle()"));
        var received = new List<string>();
        relay.Notification += (_, e) => received.Add(e.Payload);

        var fired = await Triggers.FireAsync(Now, CancellationToken.None);

        Assert.Equal(300, fired);
        await connection.ExecuteAsync("SELECT pg_notify('automation_events', 'end of test')");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!received.Contains("end of test"))
        {
            await relay.WaitAsync(timeout.Token);
        }

        // 300 events, one statement: one wake-up, not one per event.
        Assert.Equal(new[] { "time_trigger", "end of test" }, received);
    }

    static async Task<Guid> WorkflowAsync(NpgsqlConnection connection, Guid organization, string triggerType, string triggerConfig, string? schedule = null, DateTimeOffset? nextRunAt = null) =>
        await connection.ExecuteScalarAsync<Guid>(
            """
            INSERT INTO automation_workflows (organization_id, name, trigger_type, trigger_config, schedule, next_run_at, steps)
            VALUES (@organization, @triggerType, @triggerType, @triggerConfig::jsonb, @schedule::jsonb, @nextRunAt,
                    '[{"id": "t", "type": "action", "actionType": "create_task", "config": {"title": "follow up"}}]')
            RETURNING id
            """,
            new { organization, triggerType, triggerConfig, schedule, nextRunAt });

    /// <summary>The start mark an activation stores (Migrations/0041): when, and the choice for what already qualified.</summary>
    static Task<int> MarkAsync(NpgsqlConnection connection, Guid workflow, DateTimeOffset activatedAt, string existingRecords) =>
        connection.ExecuteAsync(
            "UPDATE automation_workflows SET activated_at = @activatedAt, existing_records = @existingRecords WHERE id = @workflow",
            new { workflow, activatedAt, existingRecords });

    static Task<Guid> JobEndingAsync(NpgsqlConnection connection, Guid organization, DateTimeOffset end, string status) =>
        connection.ExecuteScalarAsync<Guid>(
            "INSERT INTO jobs (organization_id, title, status, scheduled_start, scheduled_end) VALUES (@organization, 'job', @status, @start, @end) RETURNING id",
            new { organization, status, start = end.AddHours(-2), end });

    static async Task<List<AutomationEvent>> EventsAsync(NpgsqlConnection connection, Guid organization, string type) =>
        [.. (await connection.QueryAsync<(Guid Id, Guid? EntityId, string Payload)>(
            "SELECT id, entity_id, payload::text FROM automation_events WHERE organization_id = @organization AND event_type = @type", new { organization, type }))
            .Select(r => new AutomationEvent(r.Id, organization, type, "", r.EntityId, JsonNode.Parse(r.Payload)!.AsObject(), null, 0, Now))];
}
