using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using static Fixlify.Tests.Fixtures.ActionSteps;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Engine;

/// <summary>
/// Exit conditions ("stop when") and one execution per record, end to end: a record's write in PostgreSQL → capture →
/// relay → dispatcher → the running executions about that record end <c>cancelled</c> with the reason in words, or are
/// replaced; the check before every action reads the records again; the dry run tells the same story.
/// </summary>
public sealed class ExitConditionTests : IClassFixture<ChannelsApp>
{
    readonly ChannelsApp _app;

    public ExitConditionTests(ChannelsApp app)
    {
        _app = app;
        app.TelnyxAcceptsEveryText("msg-exit");
    }

    /// <summary>"Invoice sent → wait → email a reminder", stopping when the invoice is paid; the amount keeps each test to its invoice.</summary>
    static JsonObject RemindUnlessPaid(decimal amount, string wait, JsonObject? stopWhen = null, params JsonNode[] before) => new()
    {
        ["name"] = $"remind unless paid ({amount})",
        ["triggerType"] = "invoice_sent",
        ["triggerConfig"] = new JsonObject
        {
            ["minAmount"] = amount, ["maxAmount"] = amount,
            ["stopWhen"] = stopWhen ?? new JsonObject { ["states"] = new JsonArray("invoice_paid") },
        },
        ["steps"] = new JsonArray([
            .. before.Select(b => b.DeepClone()),
            new JsonObject { ["id"] = "wait", ["type"] = "delay", ["config"] = new JsonObject { ["duration"] = wait } },
            Action("remind", "send_email", new JsonObject { ["subject"] = "Invoice {{ invoice.number }}", ["text"] = "Invoice {{ invoice.number }} is due." }),
        ]),
    };

    async Task<(Guid Invoice, string Number)> InvoiceAsync(decimal amount, string status = "draft")
    {
        await using var connection = await _app.OpenAsync();
        var client = await TestData.ClientAsync(connection, _app.OrganizationId, "Ines", "ines@example.com", $"+1555031{Random.Shared.Next(1000, 9999)}");
        var invoice = await TestData.InvoiceAsync(connection, _app.OrganizationId, client, status, total: amount);
        return (invoice, await connection.ExecuteScalarAsync<string>("SELECT number FROM invoices WHERE id = @invoice", new { invoice }) ?? "");
    }

    async Task<List<Guid>> ExecutionsAboutAsync(Guid entity, int atLeast)
    {
        await using var connection = await _app.OpenAsync();
        for (var i = 0; ; i++)
        {
            var ids = (await connection.QueryAsync<Guid>(
                "SELECT id FROM automation_execution_logs WHERE trigger_data ->> 'entityId' = @entity ORDER BY created_at", new { entity = entity.ToString() })).ToList();
            if (ids.Count >= atLeast || i > 300)
            {
                return ids;
            }

            await Task.Delay(100);
        }
    }

    async Task SetAsync(string sql, object parameters)
    {
        await using var connection = await _app.OpenAsync();
        await connection.ExecuteAsync(sql, parameters);
    }

    [Fact]
    public async Task InvoicePaidWhileTheReminderWaits_EndsTheExecutionCancelled_WithTheReasonInWords_AndNothingIsSent()
    {
        await _app.Api.CreateWorkflowAsync(RemindUnlessPaid(611m, "P1D"));
        var (invoice, number) = await InvoiceAsync(611m);
        await SetAsync("UPDATE invoices SET status = 'sent' WHERE id = @invoice", new { invoice });
        var executionId = Assert.Single(await ExecutionsAboutAsync(invoice, 1));
        await _app.Api.WaitForAsync(executionId, TimeSpan.FromSeconds(60), "waiting");

        await SetAsync("UPDATE invoices SET status = 'paid', amount_paid = total, paid_at = now() WHERE id = @invoice", new { invoice });

        var execution = await _app.Api.WaitForAsync(executionId, TimeSpan.FromSeconds(30));
        Assert.Equal("cancelled", execution.Status());
        Assert.Equal($"Invoice #{number} was paid.", execution.GetProperty("error").GetString());
        Assert.Empty(_app.EmailsOf(executionId));
    }

    [Fact]
    public async Task StopRuleHoldsWhileTheReminderWaits_AnEventOnTheInvoiceEndsIt_AndNothingIsSent()
    {
        // Stop once at least 300 is paid (its own amount, 615, keeps other tests' workflows away): a part payment while the reminder waits a day ends it then, not a day later.
        var rule = new JsonObject { ["all"] = new JsonArray(Rule("invoice.amount_paid", "gte", 300)) };
        await _app.Api.CreateWorkflowAsync(RemindUnlessPaid(615m, "P1D", new JsonObject { ["rule"] = rule }));
        var (invoice, _) = await InvoiceAsync(615m);
        await SetAsync("UPDATE invoices SET status = 'sent' WHERE id = @invoice", new { invoice });
        var executionId = Assert.Single(await ExecutionsAboutAsync(invoice, 1));
        await _app.Api.WaitForAsync(executionId, TimeSpan.FromSeconds(60), "waiting");

        await SetAsync("UPDATE invoices SET status = 'partially_paid', amount_paid = 350 WHERE id = @invoice", new { invoice });

        var execution = await _app.Api.WaitForAsync(executionId, TimeSpan.FromSeconds(30));
        Assert.Equal("cancelled", execution.Status());
        Assert.StartsWith("Its stop rule held:", execution.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(_app.EmailsOf(executionId));
    }

    [Fact]
    public async Task StopRuleTrueBeforeAnAction_EndsTheExecutionCancelled_AndTheActionDoesNotRun()
    {
        // The step before the reminder moves the due date past the rule's date: the reminder must not go.
        var rule = new JsonObject { ["all"] = new JsonArray(Rule("invoice.due_date", "gt", "2030-01-01")) };
        var moveDue = Action("postpone", "update_record", new JsonObject { ["record"] = "invoice", ["fields"] = new JsonObject { ["due_date"] = "2031-06-30" } });
        await _app.Api.CreateWorkflowAsync(RemindUnlessPaid(612m, "PT1S", new JsonObject { ["rule"] = rule }, moveDue));
        var (invoice, _) = await InvoiceAsync(612m);
        await SetAsync("UPDATE invoices SET status = 'sent' WHERE id = @invoice", new { invoice });
        var executionId = Assert.Single(await ExecutionsAboutAsync(invoice, 1));

        var execution = await _app.Api.WaitForAsync(executionId, TimeSpan.FromSeconds(60));

        Assert.Equal("cancelled", execution.Status());
        Assert.StartsWith("Its stop rule held: invoice.due_date", execution.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("completed", execution.Step("postpone").Status());
        Assert.Empty(_app.EmailsOf(executionId));
    }

    [Fact]
    public async Task DryRun_OnAnInvoiceAlreadyPaid_WouldStop_WithTheReason()
    {
        var workflow = await _app.Api.CreateWorkflowAsync(RemindUnlessPaid(613m, "P1D"));
        var (invoice, number) = await InvoiceAsync(613m, "paid");

        var report = await _app.Api.DryRunAsync(workflow, new JsonObject { ["invoiceId"] = invoice.ToString() });

        Assert.Equal("would_stop", report.GetProperty("outcome").GetString());
        Assert.Equal($"Invoice #{number} was paid", report.GetProperty("error").GetString());
        var remind = report.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("stepKey").GetString() == "remind");
        Assert.Equal("would_stop", remind.GetProperty("status").GetString());
    }

    static JsonObject RemindAfterReschedule(string name, string onePerRecord) => new()
    {
        ["name"] = name,
        ["triggerType"] = "job_rescheduled",
        ["triggerConfig"] = new JsonObject { ["jobTypes"] = new JsonArray(name), ["onePerRecord"] = onePerRecord },
        ["steps"] = new JsonArray(
            new JsonObject { ["id"] = "wait", ["type"] = "delay", ["config"] = new JsonObject { ["duration"] = "P1D" } },
            Action("remind", "create_task", new JsonObject { ["title"] = "Call about {{ job.title }}" })),
    };

    async Task<Guid> JobOfTypeAsync(string jobType)
    {
        await using var connection = await _app.OpenAsync();
        var client = await TestData.ClientAsync(connection, _app.OrganizationId, "Jo", "jo@example.com", $"+1555032{Random.Shared.Next(1000, 9999)}");
        var job = await TestData.JobAsync(connection, _app.OrganizationId, client, start: DateTimeOffset.UtcNow.AddDays(5));
        await connection.ExecuteAsync("UPDATE jobs SET job_type = @jobType WHERE id = @job", new { jobType, job });
        return job;
    }

    [Fact]
    public async Task OnePerRecordReplace_ASecondRescheduleCancelsTheFirstExecution_SayingTheLatestWins()
    {
        await _app.Api.CreateWorkflowAsync(RemindAfterReschedule("replace-test", "replace"));
        var job = await JobOfTypeAsync("replace-test");
        await SetAsync("UPDATE jobs SET scheduled_start = scheduled_start + interval '1 day' WHERE id = @job", new { job });
        var first = Assert.Single(await ExecutionsAboutAsync(job, 1));
        await _app.Api.WaitForAsync(first, TimeSpan.FromSeconds(60), "waiting");

        await SetAsync("UPDATE jobs SET scheduled_start = scheduled_start + interval '1 day' WHERE id = @job", new { job });

        var executions = await ExecutionsAboutAsync(job, 2);
        Assert.Equal(2, executions.Count);
        var replaced = await _app.Api.WaitForAsync(first, TimeSpan.FromSeconds(30));
        Assert.Equal("cancelled", replaced.Status());
        Assert.Contains("was rescheduled, and the latest reschedule wins", replaced.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("waiting", (await _app.Api.WaitForAsync(executions[1], TimeSpan.FromSeconds(60), "waiting")).Status());
    }

    [Fact]
    public async Task OnePerRecordIgnore_ASecondRescheduleStartsNothing_WhileTheFirstRuns()
    {
        await _app.Api.CreateWorkflowAsync(RemindAfterReschedule("ignore-test", "ignore"));
        var job = await JobOfTypeAsync("ignore-test");
        await SetAsync("UPDATE jobs SET scheduled_start = scheduled_start + interval '1 day' WHERE id = @job", new { job });
        var first = Assert.Single(await ExecutionsAboutAsync(job, 1));
        await _app.Api.WaitForAsync(first, TimeSpan.FromSeconds(60), "waiting");

        await SetAsync("UPDATE jobs SET scheduled_start = scheduled_start + interval '1 day' WHERE id = @job", new { job });

        await using var connection = await _app.OpenAsync();
        for (var i = 0; i < 300 && await connection.ExecuteScalarAsync<long>(
                 "SELECT count(*) FROM automation_events WHERE entity_id = @job AND event_type = 'job_rescheduled' AND processed_at IS NULL", new { job }) > 0; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal([first], await ExecutionsAboutAsync(job, 1));
        Assert.Equal("waiting", (await _app.Api.ExecutionAsync(first)).Status());
    }

    [Fact]
    public async Task Save_StopWhenAStateTheTriggersRecordsCannotReach_IsRefusedWithItsPath()
    {
        var workflow = RemindUnlessPaid(614m, "P1D", new JsonObject { ["states"] = new JsonArray("estimate_accepted") });

        using var response = await _app.Api.PostAsJsonAsync(new Uri("api/workflows", UriKind.Relative), workflow);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("triggerConfig.stopWhen.states[0]", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
