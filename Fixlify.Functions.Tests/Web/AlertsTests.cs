using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using Microsoft.Playwright;
using static Fixlify.Tests.Fixtures.ApiCalls;
using static Microsoft.Playwright.Assertions;

namespace Fixlify.Tests.Web;

/// <summary>
/// The office's alerts in the web app (issue 25): "Needs attention" on the dashboard with a failing automation in words
/// and a message in doubt (masked recipient, its words) dismissed with one click; the badge on the automation's card; the
/// Alerts settings naming who is told, a wrong address named by its field. The database agrees with each screen.
/// </summary>
public sealed class AlertsTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Dashboard_ListsAFailingAutomationAndAMessageInDoubt_DontSendAgain_RemovesIt()
    {
        var (organization, api) = await app.NewOrganizationAsync("Attention Plumbing");
        var workflow = await api.CreateWorkflowAsync(Linear("Visit reminder", Steps.Action("mail", "send_email", new JsonObject { ["subject"] = "Hi", ["text"] = "Hi" })));
        var executionId = Guid.NewGuid();
        Guid delivery;
        await using (var connection = await app.OpenAsync())
        {
            // What the engine leaves after three failures of the version and a send found in doubt.
            await connection.ExecuteAsync(
                """
                INSERT INTO automation_execution_logs (id, workflow_id, organization_id, trigger_type, trigger_data, status, workflow_version, instance_id)
                VALUES (@executionId, @workflow, @organization, 'manual', '{}', 'failed', 1, @executionId::text);
                INSERT INTO automation_alerts (organization_id, kind, subject_key, workflow_id, workflow_version, execution_id, error, later_count, period_ends_at, opened_told_at)
                VALUES (@organization, 'failure', @workflow::text || ':1', @workflow, 1, @executionId,
                        'Step ''mail'' (send_email) failed after 5 attempt(s): send_email: the mail server did not accept the login of SmtpOptions (Smtp__Username).',
                        2, now() + interval '1 hour', now())
                """,
                new { executionId, workflow, organization });
            delivery = await connection.ExecuteScalarAsync<Guid>(
                """
                INSERT INTO automation_deliveries (organization_id, execution_id, step_key, channel, status, message, in_doubt_at)
                VALUES (@organization, @executionId, 'mail', 'email', 'sending',
                        '{"to": "k•••@example.com", "subject": "Your visit tomorrow", "text": "See you at 9."}', now())
                RETURNING id
                """,
                new { executionId, organization });
        }

        await using var web = await app.OpenPageAsync();
        var page = web.Page;
        await web.SignInAsync(app.Token(organization));

        var attention = page.GetByRole(AriaRole.Region, new() { Name = "Needs attention" });
        await Expect(attention).ToContainTextAsync("Visit reminder: Emails can't be sent: the email server refused the password. Check the SMTP settings (user name and password).");
        await Expect(attention).ToContainTextAsync("3 failed runs since");
        await Expect(attention).ToContainTextAsync("An email may not have gone out to k•••@example.com");
        await Expect(attention).ToContainTextAsync("Your visit tomorrow");
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Automations" })).ToContainTextAsync("3 failed runs need attention");
        await web.AssertAccessibleAsync("dashboard with needs attention");
        await web.ScreenshotAsync("needs-attention");

        await page.GetByRole(AriaRole.Button, new() { Name = "Don't send again to k•••@example.com" }).ClickAsync();
        await Expect(attention).Not.ToContainTextAsync("may not have gone out");
        await using var check = await app.OpenAsync();
        Assert.Equal("dismissed", await check.ExecuteScalarAsync<string>("SELECT decision FROM automation_deliveries WHERE id = @delivery", new { delivery }));
        web.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task AlertSettings_AWrongAddressIsNamedByItsField_ThenSaved()
    {
        var (organization, _) = await app.NewOrganizationAsync("Settings Plumbing");
        await using var web = await app.OpenPageAsync();
        var page = web.Page;
        await web.SignInAsync(app.Token(organization), "/settings/alerts");

        var emails = page.GetByLabel("Email addresses (one per line)");
        await emails.FillAsync("office@settings.example\nbob@");
        await page.GetByLabel("One alert per automation every").SelectOptionAsync(new SelectOptionValue { Label = "30 minutes" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("'bob@' is not an email address; write it like office@example.com.");
        await web.ScreenshotAsync("alert-settings-problem");

        await emails.FillAsync("office@settings.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved.");
        await web.AssertAccessibleAsync("alert settings");
        await web.ScreenshotAsync("alert-settings");

        await using var connection = await app.OpenAsync();
        var saved = await connection.QuerySingleAsync<(string[] Emails, int Period)>(
            "SELECT emails, period_minutes FROM automation_alert_settings WHERE organization_id = @organization", new { organization });
        Assert.Equal(["office@settings.example"], saved.Emails);
        Assert.Equal(30, saved.Period);
        web.AssertNoConsoleErrors(error => error.Contains("status of 400", StringComparison.Ordinal));
    }
}
