using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using Microsoft.Playwright;
using static Fixlify.Tests.Fixtures.ApiCalls;
using static Microsoft.Playwright.Assertions;

namespace Fixlify.Tests.Web;

/// <summary>
/// Issue 26's roles and audit trail in Debian's Chromium: a viewer sees the automations but cannot change or switch one
/// on, and is told why; an editor can. The Activity page and a workflow's recent changes say who changed what, in words,
/// and the database agrees.
/// </summary>
public sealed class RolesAndActivityTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    const string Refusal = "Viewers can't change automations: ask an editor, an admin or the owner.";

    static JsonObject Wait() => new() { ["id"] = "wait", ["type"] = "delay", ["config"] = new JsonObject { ["duration"] = "PT1H" } };

    [Fact]
    public async Task Automations_Viewer_SeesThemButCannotEditOrSwitchOn_EditorCan()
    {
        var (organization, api) = await app.NewOrganizationAsync("Viewer Plumbing");
        var definition = Linear("Invoice reminders", Wait());
        definition["isActive"] = false;
        var workflow = await api.CreateWorkflowAsync(definition);

        await using (var web = await app.OpenPageAsync())
        {
            var page = web.Page;
            await web.SignInAsync(app.Token(organization, "val", name: "Val Jones", role: "viewer"), "/");
            var toggle = page.GetByRole(AriaRole.Switch, new() { Name = "Active: Invoice reminders" });
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Invoice reminders", Exact = true })).ToBeVisibleAsync();
            await Expect(toggle).ToBeDisabledAsync();
            await Expect(toggle).ToHaveAttributeAsync("title", Refusal);
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Delete Invoice reminders" })).ToBeDisabledAsync();
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "New automation" })).ToHaveCountAsync(0);
            await Expect(page.GetByRole(AriaRole.Note)).ToContainTextAsync("You are signed in as a viewer");
            await web.AssertAccessibleAsync("automations as a viewer");
            await web.ScreenshotAsync("automations-viewer");

            await page.GetByRole(AriaRole.Link, new() { Name = "Invoice reminders", Exact = true }).ClickAsync();
            await Expect(page.GetByText(Refusal).First).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Automation name" })).ToBeDisabledAsync();
            var toolbar = page.GetByRole(AriaRole.Toolbar, new() { Name = "Builder" });
            await Expect(toolbar.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true })).ToBeDisabledAsync();
            await Expect(toolbar.GetByRole(AriaRole.Switch)).ToBeDisabledAsync();
            await Expect(page.GetByText("Viewers can't try, test or run automations")).ToBeVisibleAsync();
            await web.ScreenshotAsync("builder-viewer");
            web.AssertNoConsoleErrors();
        }

        Assert.False(await IsActiveAsync(workflow));

        await using (var web = await app.OpenPageAsync())
        {
            var page = web.Page;
            await web.SignInAsync(app.Token(organization, "dana", name: "Dana Smith", role: "editor"), "/");
            var toggle = page.GetByRole(AriaRole.Switch, new() { Name = "Active: Invoice reminders" });
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "New automation" })).ToBeVisibleAsync();
            await Expect(toggle).ToBeEnabledAsync();
            await toggle.ClickAsync();
            await Expect(toggle).ToBeCheckedAsync();
            Assert.True(await Eventually.WaitForAsync(() => IsActiveAsync(workflow), active => active));
            web.AssertNoConsoleErrors();
        }
    }

    [Fact]
    public async Task Activity_EachChangeInWords_OnThePageAndTheWorkflows_AsTheDatabaseHasThem()
    {
        var (organization, _) = await app.NewOrganizationAsync("Activity Plumbing");
        using var dana = new HttpClient { BaseAddress = app.BaseAddress };
        dana.DefaultRequestHeaders.Authorization = new("Bearer", app.Token(organization, "dana", name: "Dana Smith", role: "editor"));
        var definition = Linear("Invoice reminders", Wait());
        definition["isActive"] = false;
        var workflow = await dana.CreateWorkflowAsync(definition);
        using (var saved = await dana.PutAsJsonAsync(new Uri($"api/workflows/{workflow}", UriKind.Relative), Linear("Invoice reminders", Wait())))
        {
            saved.EnsureSuccessStatusCode();
        }

        await using var web = await app.OpenPageAsync();
        var page = web.Page;
        await web.SignInAsync(app.Token(organization, "dana", name: "Dana Smith", role: "editor"), "/");
        await page.GetByRole(AriaRole.Switch, new() { Name = "Active: Invoice reminders" }).ClickAsync();
        Assert.True(await Eventually.WaitForAsync(() => IsActiveAsync(workflow), active => active));

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Activity" }).ClickAsync();
        var changes = page.GetByRole(AriaRole.List, new() { Name = "Changes, newest first" }).GetByRole(AriaRole.Listitem);
        await Expect(changes).ToHaveCountAsync(3);
        await Expect(changes.Nth(0)).ToContainTextAsync("Dana Smith switched “Invoice reminders” on");
        await Expect(changes.Nth(1)).ToContainTextAsync("Dana Smith saved version 2 of “Invoice reminders”");
        await Expect(changes.Nth(2)).ToContainTextAsync("Dana Smith created “Invoice reminders”");
        await web.AssertAccessibleAsync("activity");
        await web.ScreenshotAsync("activity");
        await using (var connection = await app.OpenAsync())
        {
            var stored = (await connection.QueryAsync<(string, string)>(
                "SELECT action, actor_name FROM automation_audit_entries WHERE organization_id = @organization ORDER BY created_at DESC, id DESC", new { organization })).ToList();
            Assert.Equal([("workflow_activated", "Dana Smith"), ("workflow_saved", "Dana Smith"), ("workflow_created", "Dana Smith")], stored);
        }

        await page.GotoAsync($"/workflows/{workflow}");
        var recent = page.GetByRole(AriaRole.List, new() { Name = "Recent changes of this automation" }).GetByRole(AriaRole.Listitem);
        await Expect(recent).ToHaveCountAsync(3);
        await Expect(recent.First).ToContainTextAsync("Dana Smith switched “Invoice reminders” on");
        await web.ScreenshotAsync("builder-recent-changes");
        web.AssertNoConsoleErrors();
    }

    async Task<bool> IsActiveAsync(Guid workflow)
    {
        await using var connection = await app.OpenAsync();
        return await connection.ExecuteScalarAsync<bool>("SELECT is_active FROM automation_workflows WHERE id = @workflow", new { workflow });
    }
}
