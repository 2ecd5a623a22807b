using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Engine;

/// <summary>The ExecuteAction activity's onlyIf guard: checked at send time against records loaded fresh.</summary>
public sealed class ExecuteActionTests(ChannelsApp app) : IClassFixture<ChannelsApp>
{
    static JsonObject Reminder() => new()
    {
        ["name"] = "invoice reminder",
        ["triggerType"] = "invoice_sent",
        ["steps"] = new JsonArray(
            Steps.Delay("wait", "PT2S"),
            WithOnlyIf(Steps.Action("remind", "send_email", new JsonObject
            {
                ["subject"] = "Invoice {{ invoice.number }} is due",
                ["text"] = "Please pay {{ invoice.total }}.",
            }))),
    };

    static JsonObject WithOnlyIf(JsonObject step)
    {
        step["onlyIf"] = new JsonObject { ["all"] = new JsonArray(new JsonObject { ["field"] = "invoice.status", ["op"] = "ne", ["value"] = "paid" }) };
        return step;
    }

    async Task<Guid> InvoiceAsync(string email)
    {
        await using var connection = await app.OpenAsync();
        var client = await TestData.ClientAsync(connection, app.OrganizationId, "Quinn", email, phone: null);
        return await TestData.InvoiceAsync(connection, app.OrganizationId, client, status: "sent");
    }

    [Fact]
    public async Task OnlyIf_InvoicePaidDuringTheDelay_ReminderSkipped_NothingSent()
    {
        var invoice = await InvoiceAsync("quinn@example.com");
        var workflow = await app.Api.CreateWorkflowAsync(Reminder());
        var executionId = await app.Api.RunAsync(workflow, new JsonObject { ["invoiceId"] = invoice.ToString() });
        await app.Api.WaitForAsync(executionId, statuses: "waiting");

        await using (var connection = await app.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE invoices SET status = 'paid', amount_paid = total, paid_at = now() WHERE id = @invoice", new { invoice });
        }

        var execution = await app.Api.WaitForAsync(executionId);

        Assert.Equal("completed", execution.Status());
        var step = execution.Step("remind");
        Assert.Equal("skipped", step.Status());
        Assert.Equal("onlyIf not met: invoice.status ne \"paid\"", step.GetProperty("output").GetProperty("reason").GetString());
        Assert.Empty(app.EmailsOf(executionId));
    }

    [Fact]
    public async Task OnlyIf_InvoiceStillUnpaid_ReminderSent()
    {
        var invoice = await InvoiceAsync("rae@example.com");
        var workflow = await app.Api.CreateWorkflowAsync(Reminder());

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow, new JsonObject { ["invoiceId"] = invoice.ToString() }));

        Assert.Equal("completed", execution.Step("remind").Status());
        var email = Assert.Single(app.EmailsOf(execution.GetProperty("id").GetGuid()));
        Assert.Equal("rae@example.com", Assert.Single(email.To.Mailboxes).Address);
        Assert.StartsWith("Invoice INV-", email.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnlyIf_UnknownField_IsRefusedWhenSaved()
    {
        var workflow = Reminder();
        workflow["steps"]![1]!["onlyIf"]!["all"]![0]!["field"] = "invoice.colour";

        using var response = await app.Api.PostAsJsonAsync(new Uri("api/workflows", UriKind.Relative), workflow);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString());
        Assert.Contains("steps[1].onlyIf.all[0].field", errors);
    }
}
