using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using Fixlify.Tests.Fixtures;
using Microsoft.Playwright;
using Npgsql;
using static Fixlify.Tests.Fixtures.ApiCalls;
using static Microsoft.Playwright.Assertions;

namespace Fixlify.Tests.Web;

/// <summary>
/// Issue 22, "no surprises when switching on or running", in Debian's Chromium by clicks: switching on an overdue-invoice
/// automation says how many invoices are already overdue, names them, and asks (only from now on, unless the person
/// chooses them too); Run now names the record and who would receive what, and runs only when confirmed. The database
/// agrees with what the screen says.
/// </summary>
public sealed partial class ActivationDialogTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    const string OverdueEscalation = "7e3b1a7e-0000-4000-8000-000000000005";

    [Fact]
    public async Task SwitchOn_InvoicesAlreadyOverdue_AsksAndKeepsTheChoice()
    {
        var (organization, api) = await app.NewOrganizationAsync("Switch Plumbing");
        await using (var connection = await app.OpenAsync())
        {
            var client = await connection.ExecuteScalarAsync<Guid>(
                "INSERT INTO clients (organization_id, first_name, last_name, company, email) VALUES (@organization, 'Dana', 'Reyes', 'Acme Plumbing', 'dana@example.com') RETURNING id",
                new { organization });
            await InvoiceAsync(connection, organization, client, "1042", 10);
            await InvoiceAsync(connection, organization, client, "1043", 12);
        }

        using var created = await api.PostAsJsonAsync(
            new Uri($"api/templates/{OverdueEscalation}/instantiate", UriKind.Relative), new JsonObject { ["triggerConfig"] = new JsonObject { ["daysOverdue"] = 7 } });
        var workflow = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await using var web = await app.OpenPageAsync(1366, 900);
        var page = web.Page;
        await web.SignInAsync(app.Token(organization), "/");
        var toggle = page.GetByRole(AriaRole.Switch, new() { Name = "Active: Overdue invoice escalation" });
        await Expect(toggle).Not.ToBeCheckedAsync();

        // Asked, then kept off.
        await toggle.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Switch on “Overdue invoice escalation”?" });
        await Expect(dialog).ToContainTextAsync("2 invoices are already overdue. Start for them now too, or only from now on?");
        await Expect(dialog.GetByRole(AriaRole.List, new() { Name = "Already qualifying" }).GetByRole(AriaRole.Listitem))
            .ToHaveTextAsync(["Invoice #1043 · Acme Plumbing · 12 days overdue", "Invoice #1042 · Acme Plumbing · 10 days overdue"]);
        await Expect(dialog.GetByRole(AriaRole.Radio, new() { Name = "Only from now on" })).ToBeCheckedAsync();
        await web.AssertAccessibleAsync("activation dialog");
        await web.ScreenshotAsync("activation-dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Keep it off" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(toggle).Not.ToBeCheckedAsync();
        Assert.False(await IsActiveAsync(workflow));

        // Asked again: "also these 2 now".
        await toggle.ClickAsync();
        await dialog.GetByRole(AriaRole.Radio, new() { Name = "Also these 2 now" }).CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Switch on" }).ClickAsync();
        await Expect(toggle).ToBeCheckedAsync();
        var stored = await Eventually.WaitForAsync(() => StartMarkAsync(workflow), mark => mark.IsActive);
        Assert.Equal((true, "include", 2), stored);
        web.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task RunNow_NamesTheRecordAndTheRecipients_AndRunsOnlyWhenConfirmed()
    {
        var (organization, api) = await app.NewOrganizationAsync("Run Now Plumbing");
        await using (var connection = await app.OpenAsync())
        {
            var client = await TestData.ClientAsync(connection, organization, "Rosa", "rosa@example.com");
            var job = await TestData.JobAsync(connection, organization, client, "completed");
            await connection.ExecuteAsync("UPDATE jobs SET title = 'Boiler service' WHERE id = @job", new { job });
        }

        var workflow = await api.CreateWorkflowAsync(new JsonObject
        {
            ["name"] = "Thank-you after the job",
            ["triggerType"] = "job_completed",
            ["isActive"] = true,
            ["steps"] = new JsonArray(new JsonObject
            {
                ["id"] = "thanks", ["type"] = "action", ["actionType"] = "create_task",
                ["config"] = new JsonObject { ["title"] = "Thank {{ client.first_name }} for {{ job.title }}" },
            }, new JsonObject
            {
                ["id"] = "mail", ["type"] = "action", ["actionType"] = "send_email",
                ["config"] = new JsonObject { ["subject"] = "Thank you, {{ client.first_name }}", ["text"] = "Thanks for choosing us." },
            }),
        });
        await using var web = await app.OpenPageAsync(1440, 1000);
        var page = web.Page;
        await web.SignInAsync(app.Token(organization), $"/workflows/{workflow}");
        await page.GetByRole(AriaRole.Radio, new() { NameRegex = BoilerService() }).CheckAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Run now" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Run now on Boiler service?" });
        await Expect(dialog).ToContainTextAsync("It runs on Boiler service and sends real messages.");
        await Expect(dialog.GetByRole(AriaRole.List, new() { Name = "Who would receive what" }))
            .ToContainTextAsync("Email to rosa@example.com: “Thank you, Rosa”");
        await web.AssertAccessibleAsync("run now dialog");
        await web.ScreenshotAsync("run-now-dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        Assert.Equal(0, await ExecutionCountAsync(workflow));

        await page.GetByRole(AriaRole.Button, new() { Name = "Run now" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Run it for real" }).ClickAsync();
        Assert.Equal(1, await Eventually.WaitForAsync(() => ExecutionCountAsync(workflow), count => count == 1));
        web.AssertNoConsoleErrors();
    }

    [GeneratedRegex("^Boiler service")]
    private static partial Regex BoilerService();

    /// <summary>A sent invoice due <paramref name="daysPastDue"/> days before today in the organization's zone (New York).</summary>
    static Task<Guid> InvoiceAsync(NpgsqlConnection connection, Guid organization, Guid client, string number, int daysPastDue)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("America/New_York")).DateTime);
        return connection.ExecuteScalarAsync<Guid>(
            "INSERT INTO invoices (organization_id, client_id, number, status, total, due_date) VALUES (@organization, @client, @number, 'sent', 480, @due) RETURNING id",
            new { organization, client, number, due = today.AddDays(-daysPastDue).ToDateTime(TimeOnly.MinValue) });
    }

    async Task<bool> IsActiveAsync(Guid workflow)
    {
        await using var connection = await app.OpenAsync();
        return await connection.ExecuteScalarAsync<bool>("SELECT is_active FROM automation_workflows WHERE id = @workflow", new { workflow });
    }

    async Task<(bool IsActive, string ExistingRecords, int ExistingCount)> StartMarkAsync(Guid workflow)
    {
        await using var connection = await app.OpenAsync();
        return await connection.QuerySingleAsync<(bool, string, int)>(
            "SELECT is_active, existing_records, coalesce(existing_count, -1) FROM automation_workflows WHERE id = @workflow", new { workflow });
    }

    async Task<int> ExecutionCountAsync(Guid workflow)
    {
        await using var connection = await app.OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM automation_execution_logs WHERE workflow_id = @workflow", new { workflow });
    }
}
