using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Tests.Fixtures;
using Fixlify.Triggers;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fixlify.Tests.Data;

/// <summary>
/// The live tick and the backtest run the same time-trigger definitions: over one seeded month they fire the same events,
/// with the same ids, the same moments and the same figures.
/// </summary>
public sealed class TimeTriggerEventsTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    /// <summary>The month: ticks at 06:00 UTC (01:00–02:00 in New York, 07:00 in Berlin, 15:00 in Tokyo), across New York's fall-back.</summary>
    static readonly DateTimeOffset From = DateTimeOffset.Parse("2026-10-20T06:00:00Z", CultureInfo.InvariantCulture);

    const int Days = 30;
    static readonly string[] Zones = ["America/New_York", "Europe/Berlin", "Asia/Tokyo"];
    static readonly string[] TimeTypes = ["job_overdue", "invoice_overdue", "client_inactive"];
    static readonly string[] ScheduleTypes = ["scheduled", "recurring"];

    ServiceProvider _services = null!;

    static DateTimeOffset To => Tick(Days);

    static DateTimeOffset Tick(int day) => From.AddDays(day);

    public Task InitializeAsync()
    {
        _services = TriggerServices.Build(database);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task LiveTicksDayByDay_AndABacktestOfTheMonth_FireTheSameEventsWithTheSameIds()
    {
        await using var connection = await database.OpenAsync();
        var month = await SeedMonthAsync(connection, new Random(20261020));
        var triggers = _services.GetRequiredService<TimeTriggers>();

        // What was due before the month fires on a tick just before it, and is not the month's.
        await triggers.FireAsync(From.AddTicks(-TimeSpan.TicksPerMicrosecond), CancellationToken.None);
        var before = (await LiveEventsAsync(connection)).Select(e => e.Id).ToHashSet();

        // Day by day: the tick at 06:00, then what the business did at that instant (seen by the next tick on).
        // The last tick comes just before the month's end: the backtest's period leaves its end out.
        for (var day = 1; day <= Days; day++)
        {
            await triggers.FireAsync(day == Days ? To.AddTicks(-TimeSpan.TicksPerMicrosecond) : Tick(day), CancellationToken.None);
            foreach (var change in month.Changes.Where(c => c.Day == day))
            {
                await connection.ExecuteAsync(change.Sql, change.Parameters);
            }
        }

        var fired = (await LiveEventsAsync(connection)).Where(e => !before.Contains(e.Id)).ToList();
        var live = fired.Where(e => TimeTypes.Contains(e.EventType)).ToList();

        var backtest = new List<AutomationEvent>();
        var tenants = _services.GetRequiredService<TenantDatabase>();
        foreach (var (organization, workflow, type, config) in month.Workflows)
        {
            await using var transaction = await tenants.BeginReadOnlyAsync(organization, CancellationToken.None);
            backtest.AddRange(await TimeTriggerEvents.PastAsync(transaction, organization, workflow, type, config, From, To, 10_000, CancellationToken.None));
        }

        // The seed is varied enough to mean something: each trigger fires, for several workflows and zones, and some
        // records that would have fired were completed, paid or active again in time.
        foreach (var type in TimeTypes)
        {
            Assert.True(live.Count(e => e.EventType == type) >= 5, $"{type} fired {live.Count(e => e.EventType == type)} times");
        }

        Assert.Equal(Zones.Length, live.Select(e => e.OrganizationId).Distinct().Count());
        Assert.Equal(live.Count, live.Select(e => e.Id).Distinct().Count());
        Assert.Equal(Describe(live), Describe(backtest));
        Assert.All(month.Stopped, s => Assert.DoesNotContain(live, e => e.EntityId == s));

        // The backtest itself (trigger matching and dry-run walk) replays exactly those events; for a schedule (a weekday
        // run at 09:00 local, a one-off), the runs the ticks fired, under the same ids.
        Assert.All(ScheduleTypes, type => Assert.Contains(fired, e => e.EventType == type));
        foreach (var (organization, workflow) in month.Workflows.Select(w => (w.Organization, w.Workflow)).Concat(month.Schedules))
        {
            var record = await WorkflowAsync(organization, workflow);
            var result = await _services.GetRequiredService<WorkflowBacktest>().RunAsync(organization, record, From, To, null, CancellationToken.None);
            var report = Assert.IsType<JsonObject>(result.Report);
            Assert.Equal(fired.Count(e => e.Payload["workflowId"]?.ToString() == workflow.ToString()), report["events"]!.GetValue<int>());
            Assert.NotEmpty(report["samples"]!.AsArray());
            Assert.All(report["samples"]!.AsArray(), s => Assert.Contains(fired, e => e.Id.ToString() == s!["eventId"]!.ToString()));
        }
    }

    /// <summary>
    /// One line per event: its id, type, record and payload, the record itself (<c>new</c>) reduced to its id (the tick
    /// wrote it as it was then, the backtest reads it as it is now).
    /// </summary>
    static List<string> Describe(IEnumerable<AutomationEvent> events) =>
        [.. events.Select(e =>
        {
            var payload = (JsonObject)e.Payload.DeepClone();
            payload["new"] = payload["new"]?["id"]?.DeepClone();
            return $"{e.Id} {e.EventType} {e.EntityId} {payload.ToJsonString()}";
        }).Order(StringComparer.Ordinal)];

    async Task<WorkflowRecord> WorkflowAsync(Guid organization, Guid workflow)
    {
        await using var transaction = await _services.GetRequiredService<TenantDatabase>().BeginReadOnlyAsync(organization, CancellationToken.None);
        return (await WorkflowRepository.GetAsync(transaction, workflow, CancellationToken.None))!;
    }

    static async Task<List<AutomationEvent>> LiveEventsAsync(NpgsqlConnection connection) =>
        [.. (await connection.QueryAsync<(Guid Id, Guid OrganizationId, string EventType, Guid? EntityId, string Payload)>(
            "SELECT id, organization_id, event_type, entity_id, payload::text FROM automation_events WHERE event_type = ANY(@types)",
            new { types = TimeTypes.Concat(ScheduleTypes).ToArray() }))
            .Select(r => new AutomationEvent(r.Id, r.OrganizationId, r.EventType, "", r.EntityId, JsonNode.Parse(r.Payload)!.AsObject(), null, 0, From))];

    sealed record Change(int Day, string Sql, object Parameters);

    sealed record Month(
        List<(Guid Organization, Guid Workflow, string Type, JsonObject Config)> Workflows, List<(Guid, Guid)> Schedules, List<Change> Changes, List<Guid> Stopped);

    /// <summary>
    /// Three organizations in three zones, each with two workflows per time trigger (different settings), clients created
    /// before the month with a history of jobs, jobs ending over the month in every status, invoices due over it in every
    /// status; during the month, at tick instants, jobs are completed, invoices paid and clients given new jobs.
    /// </summary>
    static async Task<Month> SeedMonthAsync(NpgsqlConnection connection, Random random)
    {
        var workflows = new List<(Guid, Guid, string, JsonObject)>();
        var schedules = new List<(Guid, Guid)>();
        var changes = new List<Change>();
        var stopped = new List<Guid>();

        // A minute of the day that is never a tick's 06:00 UTC, with or without a job's 90 minutes of grace.
        int Minute()
        {
            int minute;
            do
            {
                minute = random.Next(1, 1440);
            }
            while (minute == 360 || minute + 90 == 360);

            return minute;
        }

        foreach (var zone in Zones)
        {
            var organization = await TestData.OrganizationAsync(connection, $"Month {zone}", zone);
            foreach (var (type, config) in new[]
            {
                ("job_overdue", """{"graceMinutes": 0}"""), ("job_overdue", """{"graceMinutes": 90}"""),
                ("invoice_overdue", """{"daysOverdue": 3}"""), ("invoice_overdue", """{"daysOverdue": 10}"""),
                ("client_inactive", """{"inactiveDays": 10}"""), ("client_inactive", """{"inactiveDays": 25}"""),
            })
            {
                var workflow = await connection.ExecuteScalarAsync<Guid>(
                    """
                    INSERT INTO automation_workflows (organization_id, name, trigger_type, trigger_config, steps)
                    VALUES (@organization, @type, @type, @config::jsonb, '[{"id": "t", "type": "action", "actionType": "create_task", "config": {"title": "follow up"}}]')
                    RETURNING id
                    """,
                    new { organization, type, config });
                workflows.Add((organization, workflow, type, JsonNode.Parse(config)!.AsObject()));
            }

            // A weekday run at 09:00 in the organization's zone (late at every daily tick: caught up once), and a one-off.
            var weekdays = new JsonObject { ["cron"] = "0 9 * * 1-5", ["timeZone"] = zone, ["catchUp"] = "once" };
            var oneOff = new JsonObject { ["runAt"] = From.AddDays(12).AddMinutes(Minute()).ToString("O", CultureInfo.InvariantCulture) };
            foreach (var (type, schedule) in new[] { ("recurring", weekdays), ("scheduled", oneOff) })
            {
                var workflow = await connection.ExecuteScalarAsync<Guid>(
                    """
                    INSERT INTO automation_workflows (organization_id, name, trigger_type, trigger_config, schedule, next_run_at, steps)
                    VALUES (@organization, @type, @type, '{}', @schedule::jsonb, @next,
                            '[{"id": "t", "type": "action", "actionType": "create_task", "config": {"title": "follow up"}}]')
                    RETURNING id
                    """,
                    new { organization, type, schedule = schedule.ToJsonString(), next = Fixlify.Workflows.WorkflowSchedule.NextRun(type, schedule, true, From) });
                schedules.Add((organization, workflow));
            }

            // Clients, created 5 to 60 days before the month, a few marked inactive; each with a past of jobs.
            var clients = new List<Guid>();
            for (var i = 0; i < 12; i++)
            {
                var created = From.AddDays(-random.Next(5, 60)).AddMinutes(Minute());
                var client = await connection.ExecuteScalarAsync<Guid>(
                    "INSERT INTO clients (organization_id, first_name, last_name, status, created_at) VALUES (@organization, @name, 'Month', @status, @created) RETURNING id",
                    new { organization, name = $"Client{i}", status = i % 6 == 5 ? "inactive" : "active", created });
                clients.Add(client);
                for (var j = random.Next(0, 3); j > 0; j--)
                {
                    var jobCreated = created.AddDays(random.NextDouble() * (From - created).TotalDays);
                    var completed = random.Next(2) == 0 ? jobCreated.AddMinutes(random.Next(30, 3000)) : (DateTimeOffset?)null;
                    await connection.ExecuteAsync(
                        """
                        INSERT INTO jobs (organization_id, client_id, title, status, created_at, completed_at)
                        VALUES (@organization, @client, 'history', @status, @jobCreated, @completed)
                        """,
                        new { organization, client, status = completed < From ? "completed" : "on_hold", jobCreated, completed = completed < From ? completed : null });
                }

                // New work for some clients during the month (never two of a client's days 10 or 25 days apart, where a
                // stretch would end at the very instant of the next change).
                if (i % 3 == 0)
                {
                    var day = random.Next(1, 12) + (i % 2);
                    changes.Add(new Change(
                        day,
                        """
                        INSERT INTO jobs (organization_id, client_id, title, status, created_at, scheduled_start, scheduled_end)
                        VALUES (@organization, @client, 'new work', 'scheduled', @at, @end - interval '2 hours', @end)
                        """,
                        new { organization, client, at = Tick(day), end = Tick(day).AddDays(random.Next(1, 6)).AddMinutes(Minute()) }));
                }
            }

            // Jobs ending from 3 days before the month to 2 after it, in every status; some completed during the month, each
            // for a client of its own with no new work (no two of a client's changes 10 or 25 days apart, as above).
            var quietClients = new Queue<Guid>(clients.Where((_, i) => i % 3 != 0));
            for (var i = 0; i < 16; i++)
            {
                var end = From.AddDays(random.Next(-3, Days + 2)).Date.AddMinutes(Minute());
                var status = (i % 8) switch
                {
                    0 => "cancelled",
                    1 => "draft",
                    2 => "in_progress",
                    3 => "on_hold",
                    _ => "scheduled",
                };
                var job = await connection.ExecuteScalarAsync<Guid>(
                    """
                    INSERT INTO jobs (organization_id, client_id, title, status, created_at, scheduled_start, scheduled_end)
                    VALUES (@organization, @client, 'visit', @status, @created, @end - interval '2 hours', @end)
                    RETURNING id
                    """,
                    new
                    {
                        organization,
                        client = status != "cancelled" && i % 3 == 0 ? quietClients.Dequeue() : clients[random.Next(clients.Count)],
                        status,
                        created = From.AddDays(-20).AddMinutes(Minute()),
                        end = new DateTimeOffset(end, TimeSpan.Zero),
                    });
                if (status == "cancelled")
                {
                    stopped.Add(job);
                }
                else if (i % 3 == 0)
                {
                    // Completed at a tick instant: before its end (never fires), or after it (fires only if its moment came first).
                    var day = Math.Clamp((int)Math.Floor((end - From.UtcDateTime).TotalDays) + random.Next(-2, 3), 1, Days);
                    changes.Add(new Change(day, "UPDATE jobs SET status = 'completed', completed_at = @at WHERE id = @job", new { job, at = Tick(day) }));
                    if ((end - From.UtcDateTime).TotalDays > day + 1)
                    {
                        stopped.Add(job);
                    }
                }
            }

            // A job completed with no completion time: completed before any moment.
            await connection.ExecuteAsync(
                "INSERT INTO jobs (organization_id, title, status, scheduled_end) VALUES (@organization, 'done long ago', 'completed', @end)",
                new { organization, end = From.AddDays(4).AddMinutes(Minute()) });

            // Invoices due from 15 days before the month to its end, in every status; some paid during the month.
            var firstDay = DateOnly.FromDateTime(From.UtcDateTime);
            for (var i = 0; i < 18; i++)
            {
                var due = firstDay.AddDays(random.Next(-15, Days));
                var status = (i % 6) switch
                {
                    0 => "draft",
                    1 => "void",
                    2 => "partially_paid",
                    3 => "paid",
                    _ => "sent",
                };
                var invoice = await TestData.InvoiceAsync(connection, organization, clients[random.Next(clients.Count)], status, due);
                if (status is "draft" or "void" or "paid")
                {
                    stopped.Add(invoice);
                }
                else if (i % 4 == 0)
                {
                    var day = random.Next(1, Days + 1);
                    changes.Add(new Change(day, "UPDATE invoices SET status = 'paid', paid_at = @at WHERE id = @invoice", new { invoice, at = Tick(day) }));
                }
            }
        }

        return new Month(workflows, schedules, changes, stopped);
    }
}
