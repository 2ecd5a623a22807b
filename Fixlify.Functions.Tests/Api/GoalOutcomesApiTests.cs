using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using Fixlify.Workflows;

namespace Fixlify.Tests.Api;

/// <summary>
/// GET /api/workflows/{id}/outcomes on seeded histories whose answer is known by construction: a goal read from the
/// invoices, attributed to the latest execution for the record before it, split into the treated and the held-out group
/// and compared with intervals that exclude zero when the groups differ and include it when they do not; from indexes at
/// 100,000 executions; only for the caller's organization.
/// </summary>
public sealed class GoalOutcomesApiTests(EngineApp app) : IClassFixture<EngineApp>
{
    static readonly DateTimeOffset Start = DateTimeOffset.UtcNow.AddDays(-25);

    async Task<Guid> WorkflowAsync(int? holdOut = 50, string goal = """{"kind": "invoice_paid", "withinDays": 14}""")
    {
        var config = new JsonObject { ["goal"] = JsonNode.Parse(goal) };
        if (holdOut is { } percent)
        {
            config["holdOutPercent"] = percent;
        }

        return await app.Api.CreateWorkflowAsync(new JsonObject
        {
            ["name"] = "overdue reminder",
            ["triggerType"] = "invoice_sent",
            ["triggerConfig"] = config,
            ["isActive"] = false,
            ["steps"] = new JsonArray(new JsonObject { ["id"] = "task", ["type"] = "action", ["actionType"] = "create_task", ["config"] = new JsonObject { ["title"] = "Call" } }),
        });
    }

    /// <summary>An invoice of $100 (paid after <paramref name="paidAfter"/> when given) and an execution about it started at <paramref name="at"/>.</summary>
    async Task<Guid> SeedAsync(Npgsql.NpgsqlConnection connection, Guid workflowId, bool heldOut, DateTimeOffset at, TimeSpan? paidAfter, Guid? invoice = null)
    {
        invoice ??= await connection.ExecuteScalarAsync<Guid>(
            """
            INSERT INTO invoices (organization_id, number, status, total, amount_paid, paid_at)
            VALUES (@org, 'INV-' || floor(random() * 100000000)::text, CASE WHEN @paidAt::timestamptz IS NULL THEN 'sent' ELSE 'paid' END, 100,
                    CASE WHEN @paidAt::timestamptz IS NULL THEN 0 ELSE 100 END, @paidAt)
            RETURNING id
            """,
            new { org = app.OrganizationId, paidAt = paidAfter is { } after ? at + after : (DateTimeOffset?)null });
        await connection.ExecuteAsync(
            """
            INSERT INTO automation_execution_logs (id, workflow_id, organization_id, trigger_type, trigger_data, status, created_at, workflow_version)
            VALUES (gen_random_uuid(), @workflowId, @org, 'invoice_sent', jsonb_build_object('entityId', @invoice::text), @status, @at, 1)
            """,
            new { workflowId, org = app.OrganizationId, invoice, status = heldOut ? "held_out" : "completed", at });
        return invoice.Value;
    }

    async Task<JsonObject> OutcomesAsync(Guid workflowId)
    {
        var from = Uri.EscapeDataString(Start.AddDays(-1).ToString("O"));
        using var response = await app.Api.GetAsync(new Uri($"api/workflows/{workflowId}/outcomes?from={from}", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!.AsObject();
    }

    [Fact]
    public async Task Get_TreatedPaySoonerByConstruction_TheIntervalsExcludeZero()
    {
        var workflowId = await WorkflowAsync();
        await using var connection = await app.OpenAsync();
        for (var i = 0; i < 60; i++)
        {
            var at = Start.AddMinutes(i * 7);
            // Treated: 50 of 60 pay, 3 days and a few hours after the start. Held out: 30 of 60 pay, after 10 days.
            await SeedAsync(connection, workflowId, heldOut: false, at, i < 50 ? TimeSpan.FromDays(3) + TimeSpan.FromHours(i % 5) : null);
            await SeedAsync(connection, workflowId, heldOut: true, at, i < 30 ? TimeSpan.FromDays(10) + TimeSpan.FromHours(i % 5) : null);
        }

        var outcomes = await OutcomesAsync(workflowId);

        Assert.Equal((60, 50, 5000m), ((int)outcomes["executions"]!, (int)outcomes["goalsReached"]!, (decimal)outcomes["value"]!));
        Assert.Equal("USD", (string)outcomes["currency"]!);
        Assert.Equal(3 + (2 / 24.0), (double)outcomes["medianDaysToGoal"]!, 3);
        Assert.Equal((60, 30), ((int)outcomes["heldOut"]!["executions"]!, (int)outcomes["heldOut"]!["goalsReached"]!));
        var comparison = outcomes["comparison"]!;
        Assert.True((bool)comparison["enough"]!);
        Assert.True((bool)comparison["rate"]!["excludesZero"]!);
        Assert.True((double)comparison["rate"]!["low"]! > 0);
        Assert.True((bool)comparison["daysToGoal"]!["excludesZero"]!);
        Assert.Equal(-7, (double)comparison["daysToGoal"]!["estimate"]!, 1);
        Assert.True((bool)comparison["valuePerRecord"]!["excludesZero"]!);
        Assert.StartsWith("50 of 60 invoices paid within 14 days — $5,000; 7 days faster than the held-out clients who got nothing (± ", (string)outcomes["summary"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_NoDifferenceByConstruction_TheIntervalsIncludeZero()
    {
        var workflowId = await WorkflowAsync();
        await using var connection = await app.OpenAsync();
        for (var i = 0; i < 60; i++)
        {
            var at = Start.AddMinutes(i * 7);
            TimeSpan? paid = i % 3 == 0 ? null : TimeSpan.FromDays(1 + (i % 7));
            await SeedAsync(connection, workflowId, heldOut: false, at, paid);
            await SeedAsync(connection, workflowId, heldOut: true, at, paid);
        }

        var comparison = (await OutcomesAsync(workflowId))["comparison"]!;

        Assert.True((bool)comparison["enough"]!);
        Assert.False((bool)comparison["rate"]!["excludesZero"]!);
        Assert.False((bool)comparison["daysToGoal"]!["excludesZero"]!);
        Assert.False((bool)comparison["valuePerRecord"]!["excludesZero"]!);
        Assert.Contains("could still be no difference", (string)comparison["words"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_FewRecords_SaysNotEnoughDataYet()
    {
        var workflowId = await WorkflowAsync();
        await using var connection = await app.OpenAsync();
        for (var i = 0; i < 5; i++)
        {
            await SeedAsync(connection, workflowId, heldOut: i == 0, Start.AddHours(i), TimeSpan.FromDays(2));
        }

        var outcomes = await OutcomesAsync(workflowId);

        Assert.False((bool)outcomes["comparison"]!["enough"]!);
        Assert.Null(outcomes["comparison"]!["rate"]);
        Assert.Equal("Not enough data yet to compare with the held-out group: each group needs at least 30 records (now 4 and 1).", (string)outcomes["comparison"]!["words"]!);
        Assert.Equal("4 of 4 invoices paid within 14 days — $400", (string)outcomes["summary"]!);
    }

    [Fact]
    public async Task Get_TheGoalCountsForTheLatestExecutionBeforeIt_WithinTheWindow()
    {
        var workflowId = await WorkflowAsync(holdOut: null);
        await using var connection = await app.OpenAsync();
        // Two executions for one invoice, 2 days apart; paid 5 days after the first: the second one reached it, in 3 days.
        var invoice = await SeedAsync(connection, workflowId, heldOut: false, Start, TimeSpan.FromDays(5));
        await SeedAsync(connection, workflowId, heldOut: false, Start.AddDays(2), null, invoice);
        // Paid 20 days after its execution: outside the 14-day window.
        await SeedAsync(connection, workflowId, heldOut: false, Start.AddHours(1), TimeSpan.FromDays(20));

        var outcomes = await OutcomesAsync(workflowId);

        Assert.Equal((3, 1), ((int)outcomes["executions"]!, (int)outcomes["goalsReached"]!));
        Assert.Equal(3, (double)outcomes["medianDaysToGoal"]!, 6);
        Assert.Null(outcomes["comparison"]);
        Assert.Null(outcomes["holdOutPercent"]);
    }

    [Fact]
    public async Task Get_EachKindOfGoal_IsReadFromItsRecord()
    {
        await using var connection = await app.OpenAsync();
        var client = await TestData.ClientAsync(connection, app.OrganizationId, "Goal");
        var at = DateTimeOffset.UtcNow.AddDays(-3);

        // Appointment confirmed before the job; job booked by the same client (its value); estimate accepted (its value);
        // a task about the record done; a rule on the job.
        var confirmedJob = await TestData.JobAsync(connection, app.OrganizationId, client, start: DateTimeOffset.UtcNow.AddDays(2));
        await connection.ExecuteAsync("UPDATE jobs SET confirmed_at = @when WHERE id = @confirmedJob", new { when = at.AddHours(5), confirmedJob });
        var completedJob = await TestData.JobAsync(connection, app.OrganizationId, client, "completed");
        var estimate = await TestData.EstimateAsync(connection, app.OrganizationId, client, "sent");
        await connection.ExecuteAsync("UPDATE estimates SET status = 'accepted' WHERE id = @estimate", new { estimate });
        await connection.ExecuteAsync("UPDATE estimates SET accepted_at = @when WHERE id = @estimate", new { when = at.AddDays(1), estimate });
        var taskJob = await TestData.JobAsync(connection, app.OrganizationId, client);
        await connection.ExecuteAsync(
            "INSERT INTO tasks (organization_id, title, related_type, related_id, status) VALUES (@org, 'Check', 'job', @taskJob, 'open')", new { org = app.OrganizationId, taskJob });
        await connection.ExecuteAsync("UPDATE tasks SET status = 'done' WHERE related_id = @taskJob", new { taskJob });
        var booked = await connection.ExecuteScalarAsync<Guid>(
            "INSERT INTO jobs (organization_id, client_id, title, total, created_at) VALUES (@org, @client, 'Second visit', 320, @when) RETURNING id",
            new { org = app.OrganizationId, client, when = at.AddDays(1) });

        async Task<JsonObject> MeasureAsync(string trigger, string goal, Guid record)
        {
            var workflowId = await app.Api.CreateWorkflowAsync(new JsonObject
            {
                ["name"] = $"goal {trigger}",
                ["triggerType"] = trigger,
                ["triggerConfig"] = new JsonObject { ["goal"] = JsonNode.Parse(goal) },
                ["isActive"] = false,
                ["steps"] = new JsonArray(new JsonObject { ["id"] = "task", ["type"] = "action", ["actionType"] = "create_task", ["config"] = new JsonObject { ["title"] = "Call" } }),
            });
            await connection.ExecuteAsync(
                """
                INSERT INTO automation_execution_logs (id, workflow_id, organization_id, trigger_type, trigger_data, status, created_at, workflow_version)
                VALUES (gen_random_uuid(), @workflowId, @org, @trigger, jsonb_build_object('entityId', @record::text), 'completed', @at, 1)
                """,
                new { workflowId, org = app.OrganizationId, trigger, record, at });
            return await OutcomesAsync(workflowId);
        }

        var confirmed = await MeasureAsync("job_created", """{"kind": "appointment_confirmed", "withinDays": 3}""", confirmedJob);
        var rebooked = await MeasureAsync("job_completed", """{"kind": "job_booked", "withinDays": 30}""", completedJob);
        var accepted = await MeasureAsync("estimate_sent", """{"kind": "estimate_accepted", "withinDays": 14}""", estimate);
        var done = await MeasureAsync("job_created", """{"kind": "task_done", "withinDays": 7}""", taskJob);
        var rule = await MeasureAsync("job_completed", """{"kind": "rule", "withinDays": 7, "rule": {"all": [{"field": "job.status", "op": "eq", "value": "completed"}]}}""", completedJob);
        var ruleMissed = await MeasureAsync("job_created", """{"kind": "rule", "withinDays": 7, "rule": {"all": [{"field": "job.status", "op": "eq", "value": "cancelled"}]}}""", taskJob);

        Assert.Equal("1 of 1 appointments confirmed within 3 days", (string)confirmed["summary"]!);
        Assert.Equal("1 of 1 clients booked a new job within 30 days — $320", (string)rebooked["summary"]!);
        Assert.Equal("1 of 1 estimates accepted within 14 days — $900", (string)accepted["summary"]!);
        Assert.Equal(1, (int)done["goalsReached"]!);
        Assert.Equal(1, (int)rule["goalsReached"]!);
        Assert.Equal(0, (int)ruleMissed["goalsReached"]!);
        Assert.NotEqual(Guid.Empty, booked);
    }

    [Fact]
    public async Task Get_AtAHundredThousandExecutions_ReadsTheWorkflowsFromTheIndex_NotASeqScan()
    {
        var workflowId = await WorkflowAsync();
        var otherId = await WorkflowAsync();
        await using var connection = await app.OpenAsync();
        // 100,000 executions over 30 days, one in fifty of the workflow measured; a week of it is asked for.
        await connection.ExecuteAsync(
            """
            INSERT INTO automation_execution_logs (id, workflow_id, organization_id, trigger_type, trigger_data, status, created_at, workflow_version)
            SELECT gen_random_uuid(), CASE WHEN i % 50 = 0 THEN @workflowId ELSE @otherId END, @org, 'invoice_sent',
                   jsonb_build_object('entityId', gen_random_uuid()::text), CASE WHEN i % 7 = 0 THEN 'held_out' ELSE 'completed' END,
                   now() - make_interval(mins => i % 43200), 1
              FROM generate_series(1, 100000) i;
            ANALYZE automation_execution_logs;
            """,
            new { workflowId, otherId, org = app.OrganizationId });

        await using var appConnection = await app.OpenAsync(app.AppConnectionString);
        await using var transaction = await appConnection.BeginTransactionAsync();
        await appConnection.ExecuteAsync("SELECT set_config('fixlify.org_id', @org, true)", new { org = app.OrganizationId.ToString() }, transaction);
        var plan = string.Join("\n", await appConnection.QueryAsync<string>(
            $"EXPLAIN (ANALYZE, COSTS OFF) {Fixlify.Data.GoalOutcomes.Query(GoalKind.InvoicePaid.Name, "invoice")}",
            new { workflowId, from = DateTimeOffset.UtcNow.AddDays(-7), to = DateTimeOffset.UtcNow, within = TimeSpan.FromDays(14) },
            transaction));

        Assert.Contains("using idx_logs_workflow_", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan on automation_execution_logs", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan on invoices", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_AnotherOrganizationsWorkflow_IsNotFound_AndItsExecutionsAreNotCounted()
    {
        var workflowId = await WorkflowAsync();
        await using var connection = await app.OpenAsync();
        await SeedAsync(connection, workflowId, heldOut: false, Start, TimeSpan.FromDays(1));
        var stranger = await TestData.OrganizationAsync(connection, "Stranger Heating");
        using var strangerApi = app.ClientFor(stranger);

        using var response = await strangerApi.GetAsync(new Uri($"api/workflows/{workflowId}/outcomes", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        // Under the stranger's row-level security the query itself sees none of them.
        await using var appConnection = await app.OpenAsync(app.AppConnectionString);
        await using var transaction = await appConnection.BeginTransactionAsync();
        await appConnection.ExecuteAsync("SELECT set_config('fixlify.org_id', @org, true)", new { org = stranger.ToString() }, transaction);
        var rows = await appConnection.QueryAsync(
            Fixlify.Data.GoalOutcomes.Query(GoalKind.InvoicePaid.Name, "invoice"),
            new { workflowId, from = Start.AddDays(-1), to = DateTimeOffset.UtcNow, within = TimeSpan.FromDays(14) },
            transaction);
        Assert.Empty(rows);
    }

    [Fact]
    public async Task Get_AWorkflowWithoutAGoal_SaysSoInWords()
    {
        var workflowId = await app.Api.CreateWorkflowAsync(ApiCalls.Linear("no goal", new JsonObject { ["id"] = "task", ["type"] = "action", ["actionType"] = "create_task", ["config"] = new JsonObject { ["title"] = "x" } }));

        var outcomes = await OutcomesAsync(workflowId);

        Assert.Null(outcomes["goal"]);
        Assert.StartsWith("No goal yet", (string)outcomes["summary"]!, StringComparison.Ordinal);
    }
}
