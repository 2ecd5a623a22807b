using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using Microsoft.Playwright;
using static Fixlify.Tests.Fixtures.ActionSteps;
using static Fixlify.Tests.Fixtures.ApiCalls;
using static Microsoft.Playwright.Assertions;

namespace Fixlify.Tests.Web;

/// <summary>
/// Issue 25 in the web app, with clicks, checked against PostgreSQL: the failed runs of an automation retried all at once
/// after a look at what would happen (the dialog following their progress on the live stream), and an automation paused (its runs wait, the card says so) and resumed.
/// </summary>
public sealed class BulkRetryAndPauseTests(BrowserChannelsApp app) : IClassFixture<BrowserChannelsApp>
{
    static JsonObject Email() => new() { ["subject"] = "Your visit", ["text"] = "Hi {{ client.first_name }}, see you tomorrow." };

    async Task<Guid> OrganizationAsync(string name)
    {
        await using var connection = await app.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection, name);
        await connection.ExecuteAsync("UPDATE organizations SET quiet_hours_start = '00:00', quiet_hours_end = '00:00' WHERE id = @organization", new { organization });
        return organization;
    }

    [Fact]
    public async Task Executions_RetryAllFailedRunsWithClicks_AfterALook_EachRunsAgainOnce()
    {
        var organization = await OrganizationAsync("Bulk Retry Plumbing");
        using var api = app.ClientFor(organization);
        await using var connection = await app.OpenAsync();
        var clients = new List<Guid>();
        foreach (var name in new[] { "Nora", "Omar" })
        {
            clients.Add(await TestData.ClientAsync(connection, organization, name, email: null, phone: null));
        }

        var workflow = await api.CreateWorkflowAsync(new JsonObject
        {
            ["name"] = "Visit reminder", ["triggerType"] = "manual", ["steps"] = new JsonArray(Action("mail", "send_email", Email())),
        });
        foreach (var client in clients)
        {
            // No email address yet: each fails for good.
            Assert.Equal("failed", (await api.WaitForAsync(await api.RunAsync(workflow, new JsonObject { ["clientId"] = client.ToString() }))).Status());
        }

        await connection.ExecuteAsync("UPDATE clients SET email = lower(first_name) || '@example.com' WHERE id = ANY(@clients)", new { clients = clients.ToArray() });

        await using var web = await app.OpenPageAsync();
        var page = web.Page;
        await web.SignInAsync(app.Token(organization, "office"), $"/executions?status=failed&workflowId={workflow}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Retry all failed runs…" }).ClickAsync();

        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Retry 2 runs?" });
        await Expect(dialog).ToContainTextAsync("2 failed runs would run again, each as a new run of the same event.");
        await Expect(dialog).ToContainTextAsync("2 would complete, sending 2 emails");
        await Expect(dialog.GetByRole(AriaRole.List, new() { Name = "By cause" })).ToHaveTextAsync("'to' rendered empty: there is no one to send to: 2");
        await web.ScreenshotAsync("i25-bulk-retry-look");

        // The retries really run; their answer is held back in the browser until the dialog has shown the stream's progress.
        var progressShown = new TaskCompletionSource();
        await page.RouteAsync("**/api/executions/bulk/run", async route =>
        {
            var answer = await route.FetchAsync();
            await progressShown.Task.WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(_ => { }, TaskScheduler.Default);
            await route.FulfillAsync(new() { Response = answer });
        });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Retry 2 runs" }).ClickAsync();
        try
        {
            await Expect(dialog.GetByRole(AriaRole.Status)).ToHaveTextAsync("Retrying 2 of 2…");
            await web.ScreenshotAsync("i25-bulk-retry-progress");
        }
        finally
        {
            progressShown.TrySetResult();
        }

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Retried" })).ToHaveTextAsync("Retried 2 of 2 runs.");

        var retries = (await connection.QueryAsync<Guid>(
            "SELECT id FROM automation_execution_logs WHERE workflow_id = @workflow AND trigger_data ? 'retryOf'", new { workflow })).ToList();
        Assert.Equal(2, retries.Count);
        foreach (var retry in retries)
        {
            Assert.Equal("completed", (await api.WaitForAsync(retry)).Status());
        }

        Assert.Equal(2, app.Smtp.ReceivedEmail.Count(m => m.ToAddresses.Any(a => a.Address is "nora@example.com" or "omar@example.com")));
    }

    [Fact]
    public async Task Automations_PauseAndResumeWithClicks_RunsWaitWhilePausedAndTheCardSaysSo()
    {
        var organization = await OrganizationAsync("Pause Plumbing");
        using var api = app.ClientFor(organization);
        await using var connection = await app.OpenAsync();
        var client = await TestData.ClientAsync(connection, organization, "Pia", "pia@example.com", phone: null);
        var workflow = await api.CreateWorkflowAsync(new JsonObject
        {
            ["name"] = "Thank you note", ["triggerType"] = "manual", ["steps"] = new JsonArray(Action("mail", "send_email", Email())),
        });

        await using var web = await app.OpenPageAsync();
        var page = web.Page;
        await web.SignInAsync(app.Token(organization, "office"), "/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Pause Thank you note" }).ClickAsync();
        var pausing = page.GetByRole(AriaRole.Dialog, new() { Name = "Pause “Thank you note”?" });
        await Expect(pausing).ToContainTextAsync("Nothing is sent while it is paused.");
        await pausing.GetByRole(AriaRole.Button, new() { Name = "Pause", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Resume Thank you note" })).ToBeVisibleAsync();
        Assert.NotNull(await connection.ExecuteScalarAsync<DateTime?>("SELECT paused_at FROM automation_workflows WHERE id = @workflow", new { workflow }));

        var waiting = await api.RunAsync(workflow, new JsonObject { ["clientId"] = client.ToString() });
        Assert.Equal("paused", await connection.ExecuteScalarAsync<string>("SELECT status FROM automation_execution_logs WHERE id = @waiting", new { waiting }));
        await page.ReloadAsync();
        var card = page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Thank you note" });
        await Expect(card).ToContainTextAsync("1 run waiting to run");
        await Expect(card).ToContainTextAsync("Paused since");
        await web.ScreenshotAsync("i25-paused-card");

        await page.GetByRole(AriaRole.Button, new() { Name = "Resume Thank you note" }).ClickAsync();
        var resuming = page.GetByRole(AriaRole.Dialog, new() { Name = "Resume “Thank you note”?" });
        await Expect(resuming).ToContainTextAsync("1 run came while it was paused.");
        await resuming.GetByRole(AriaRole.Button, new() { Name = "Resume", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Pause Thank you note" })).ToBeVisibleAsync();

        Assert.Equal("completed", (await api.WaitForAsync(waiting)).Status());
        Assert.Null(await connection.ExecuteScalarAsync<DateTime?>("SELECT paused_at FROM automation_workflows WHERE id = @workflow", new { workflow }));
        Assert.Single(app.Smtp.ReceivedEmail, m => m.ToAddresses.Any(a => a.Address == "pia@example.com"));
    }
}
