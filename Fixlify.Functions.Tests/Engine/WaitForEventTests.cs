using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using Fixlify.Triggers;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static Fixlify.Tests.Fixtures.ActionSteps;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Engine;

/// <summary>
/// wait_for_event end to end: "invoice overdue → email → wait up to 3 days for invoice_paid → if not, text", started by the
/// time trigger, woken by a payment written in PostgreSQL (capture trigger → outbox → relay → dispatcher → the wait's
/// indexed lookup → a Durable external event), or ended by its timeout.
/// </summary>
public sealed class WaitForEventTests : IClassFixture<ChannelsApp>
{
    readonly ChannelsApp _app;
    readonly ITestOutputHelper _output;

    public WaitForEventTests(ChannelsApp app, ITestOutputHelper output)
    {
        _app = app;
        _output = output;
        app.TelnyxAcceptsEveryText("msg-unpaid");
    }

    /// <summary>The issue's example; the amount filter keeps each test to its own invoice.</summary>
    static JsonObject RemindUntilPaid(decimal amount, string timeout) => new()
    {
        ["name"] = $"remind until paid ({amount})",
        ["triggerType"] = "invoice_overdue",
        ["triggerConfig"] = new JsonObject { ["daysOverdue"] = 3, ["minAmount"] = amount, ["maxAmount"] = amount },
        ["steps"] = new JsonArray(
            Action("email", "send_email", new JsonObject
            {
                ["subject"] = "Invoice {{ invoice.number }} is past due",
                ["text"] = "Hi {{ client.first_name }}, invoice {{ invoice.number }} is 3 days past due.",
            }),
            new JsonObject
            {
                ["id"] = "paid", ["type"] = "wait_for_event",
                ["config"] = new JsonObject { ["eventType"] = "invoice_paid", ["timeout"] = timeout },
            },
            Condition(
                "unpaid", Rule("steps.paid.happened", "eq", false),
                new JsonArray(Action("text", "send_sms", new JsonObject { ["message"] = "Hi {{ client.first_name }}, invoice {{ invoice.number }} is still open." })),
                [])),
    };

    async Task<(Guid Invoice, Guid Execution)> OverdueInvoiceStartedAsync(decimal amount, string phone, string timeout)
    {
        await _app.Api.CreateWorkflowAsync(RemindUntilPaid(amount, timeout));
        Guid invoice;
        await using (var connection = await _app.OpenAsync())
        {
            var client = await TestData.ClientAsync(connection, _app.OrganizationId, "Paula", "paula@example.com", phone);
            invoice = await TestData.InvoiceAsync(connection, _app.OrganizationId, client, "sent", DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-5)), amount);
        }

        await _app.Services.GetRequiredService<TimeTriggers>().FireAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        await using (var connection = await _app.OpenAsync())
        {
            for (var i = 0; i < 300; i++)
            {
                var execution = await connection.ExecuteScalarAsync<Guid?>(
                    "SELECT l.id FROM automation_execution_logs l JOIN automation_events e ON e.id = l.event_id WHERE e.entity_id = @invoice", new { invoice });
                if (execution is { } id)
                {
                    return (invoice, id);
                }

                await Task.Delay(100);
            }
        }

        throw new TimeoutException("the overdue invoice started no execution");
    }

    [Fact]
    public async Task Payment_WakesTheWaitingExecution_WhichSkipsTheText()
    {
        var (invoice, executionId) = await OverdueInvoiceStartedAsync(501m, "+15550302001", "P3D");
        var waiting = await _app.Api.WaitForAsync(executionId, TimeSpan.FromSeconds(60), "waiting");
        Assert.Equal("waiting", waiting.Step("paid").Status());
        Assert.Single(_app.EmailsOf(executionId));

        DateTime paidAt;
        await using (var connection = await _app.OpenAsync())
        {
            paidAt = await connection.ExecuteScalarAsync<DateTime>(
                "UPDATE invoices SET status = 'paid', amount_paid = total, paid_at = now() WHERE id = @invoice RETURNING clock_timestamp()", new { invoice });
        }

        var execution = await _app.Api.WaitForAsync(executionId, TimeSpan.FromSeconds(30));

        Assert.Equal("completed", execution.Status());
        var paid = execution.Step("paid");
        Assert.True(paid.GetProperty("output").GetProperty("happened").GetBoolean());
        Assert.Equal("invoice_paid", paid.GetProperty("output").GetProperty("eventType").GetString());
        Assert.Equal("false", execution.Step("unpaid").GetProperty("output").GetProperty("branch").GetString());
        Assert.Empty(_app.TextsTo("+15550302001"));
        await using (var connection = await _app.OpenAsync())
        {
            Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM automation_execution_waits WHERE execution_id = @executionId", new { executionId }));
        }

        // Measured, not asserted (speed belongs to bench/): from the payment's commit to the wait's end.
        _output.WriteLine($"payment → wait ended: {(paid.GetProperty("finishedAt").GetDateTime().ToUniversalTime() - paidAt).TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task NoPayment_TheWaitTimesOut_AndTheTextGoes()
    {
        var (_, executionId) = await OverdueInvoiceStartedAsync(502m, "+15550302002", "PT3S");

        var execution = await _app.Api.WaitForAsync(executionId, TimeSpan.FromSeconds(60));

        Assert.Equal("completed", execution.Status());
        var output = execution.Step("paid").GetProperty("output");
        Assert.False(output.GetProperty("happened").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, output.GetProperty("at").ValueKind);
        Assert.Equal("completed", execution.Step("text").Status());
        Assert.Single(_app.TextsTo("+15550302002"));
    }

    [Fact]
    public async Task PaymentOfAnotherInvoice_DoesNotWakeIt()
    {
        var (_, executionId) = await OverdueInvoiceStartedAsync(503m, "+15550302003", "P3D");
        await _app.Api.WaitForAsync(executionId, TimeSpan.FromSeconds(60), "waiting");
        await using (var connection = await _app.OpenAsync())
        {
            var client = await TestData.ClientAsync(connection, _app.OrganizationId, "Other", "other@example.com", "+15550302004");
            var other = await TestData.InvoiceAsync(connection, _app.OrganizationId, client, "sent", total: 99m);
            await connection.ExecuteAsync("UPDATE invoices SET status = 'paid', paid_at = now() WHERE id = @other", new { other });

            // Once the dispatcher has handled that payment, the wait for this invoice must still be there.
            for (var i = 0; i < 300 && !await connection.ExecuteScalarAsync<bool>(
                     "SELECT processed_at IS NOT NULL FROM automation_events WHERE entity_id = @other AND event_type = 'invoice_paid'", new { other }); i++)
            {
                await Task.Delay(100);
            }
        }

        Assert.Equal("waiting", (await _app.Api.ExecutionAsync(executionId)).Status());
    }

    [Fact]
    public async Task InvoiceAlreadyPaid_TheWaitForItsPaymentEndsAtOnce_AsHappened()
    {
        // The issue's case: a wait for invoice_paid on an invoice paid before the wait began must not wait 3 days.
        Guid invoice;
        await using (var connection = await _app.OpenAsync())
        {
            var client = await TestData.ClientAsync(connection, _app.OrganizationId, "Petra", "petra@example.com", "+15550302005");
            invoice = await TestData.InvoiceAsync(connection, _app.OrganizationId, client, "paid", total: 504m);
        }

        var workflow = await _app.Api.CreateWorkflowAsync(new JsonObject
        {
            ["name"] = "wait for an invoice already paid",
            ["triggerType"] = "manual",
            ["steps"] = new JsonArray(new JsonObject
            {
                ["id"] = "paid", ["type"] = "wait_for_event", ["config"] = new JsonObject { ["eventType"] = "invoice_paid", ["timeout"] = "P3D" },
            }),
        });

        var execution = await _app.Api.WaitForAsync(await _app.Api.RunAsync(workflow, new JsonObject { ["invoiceId"] = invoice.ToString() }), TimeSpan.FromSeconds(60));

        Assert.Equal("completed", execution.Status());
        Assert.True(execution.Step("paid").GetProperty("output").GetProperty("happened").GetBoolean());
    }

    [Fact]
    public async Task EventCausedWhileTheStepBeforeRan_IsSeenByTheWait()
    {
        // The step before the wait reschedules the job itself: its job_rescheduled happened before the wait began.
        Guid job;
        await using (var connection = await _app.OpenAsync())
        {
            var client = await TestData.ClientAsync(connection, _app.OrganizationId, "Quinn", "quinn@example.com", "+15550302006");
            job = await TestData.JobAsync(connection, _app.OrganizationId, client, start: DateTimeOffset.UtcNow.AddDays(3));
        }

        var workflow = await _app.Api.CreateWorkflowAsync(new JsonObject
        {
            ["name"] = "move, then wait for the move",
            ["triggerType"] = "manual",
            ["steps"] = new JsonArray(
                Action("move", "update_record", new JsonObject
                {
                    ["record"] = "job", ["fields"] = new JsonObject { ["scheduled_start"] = DateTimeOffset.UtcNow.AddDays(4).ToString("O", System.Globalization.CultureInfo.InvariantCulture) },
                }),
                new JsonObject
                {
                    ["id"] = "moved", ["type"] = "wait_for_event", ["config"] = new JsonObject { ["eventType"] = "job_rescheduled", ["timeout"] = "P3D" },
                }),
        });

        var execution = await _app.Api.WaitForAsync(await _app.Api.RunAsync(workflow, new JsonObject { ["jobId"] = job.ToString() }), TimeSpan.FromSeconds(60));

        Assert.Equal("completed", execution.Status());
        Assert.True(execution.Step("moved").GetProperty("output").GetProperty("happened").GetBoolean());
    }
}
