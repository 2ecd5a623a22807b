using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using Microsoft.Playwright;
using static Fixlify.Tests.Fixtures.ApiCalls;
using static Microsoft.Playwright.Assertions;

namespace Fixlify.Tests.Web;

/// <summary>
/// Issue 26 in Debian's Chromium, by clicks: a change saved as a draft (the live version keeps running), compared with
/// live, published with the waiting execution cancelled for a reason, the versions and their differences on the canvas,
/// and a restore; and a waiting execution moved to the new version at its next step, the execution's page saying so. The
/// database agrees with the screen at each step.
/// </summary>
public sealed class VersionsAndPublishingTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Draft_CompareWithLive_PublishCancellingTheWaiting_ThenRestore()
    {
        var (organization, api) = await app.NewOrganizationAsync("Versions Plumbing");
        Guid job;
        await using (var connection = await app.OpenAsync())
        {
            var client = await TestData.ClientAsync(connection, organization, "Rosa", "rosa@example.com");
            job = await TestData.JobAsync(connection, organization, client, "completed");
        }

        var workflow = await api.CreateWorkflowAsync(new JsonObject
        {
            ["name"] = "Follow up",
            ["triggerType"] = "job_completed",
            ["isActive"] = true,
            ["nodes"] = new JsonArray(
                Node("trigger", "trigger", 0, new JsonObject()),
                Node("wait", "delay", 150, new JsonObject { ["config"] = new JsonObject { ["duration"] = "P3D" } }),
                Node("call", "action", 300, new JsonObject { ["actionType"] = "create_task", ["label"] = "Call back", ["config"] = new JsonObject { ["title"] = "Call back {{ client.first_name }}" } })),
            ["edges"] = new JsonArray(Edge("trigger", "wait"), Edge("wait", "call")),
        });
        using (var run = await api.PostAsJsonAsync(new Uri($"api/workflows/{workflow}/run", UriKind.Relative), new JsonObject { ["context"] = new JsonObject { ["jobId"] = job.ToString() }, ["confirm"] = true }))
        {
            run.EnsureSuccessStatusCode();
            await api.WaitForAsync((await run.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("executionId").GetGuid(), statuses: "waiting");
        }

        await using var web = await app.OpenPageAsync(1366, 1000);
        var page = web.Page;
        await web.SignInAsync(app.Token(organization), $"/workflows/{workflow}");

        // Wait 3 days → 2 days, saved as a draft: version 1 stays live.
        await page.GetByRole(AriaRole.Group, new() { Name = "Wait", Exact = true }).ClickAsync();
        await Panel(page).GetByLabel("How long", new() { Exact = true }).FillAsync("2");
        await Expect(Panel(page)).ToContainTextAsync("Waits 2 days.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save as draft" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Draft" })).ToContainTextAsync("version 1 is still live");
        Assert.Equal(("P2D", 1), await DraftAndVersionAsync(workflow));

        // Compared with live over the last 30 days: nothing sent.
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare with live" }).ClickAsync();
        var compared = page.GetByLabel("Compared with live");
        await Expect(compared).ToContainTextAsync("compared with version 1");
        await Expect(compared.GetByRole(AriaRole.Table)).ToContainTextAsync("Executions");
        await web.ScreenshotAsync("versions-compare-with-live");

        // Publish: the waiting execution is counted at its step, and cancelled with a reason.
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish…" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Publish “Follow up”?" });
        var group = dialog.GetByRole(AriaRole.Group, new() { Name = "1 execution on version 1, at “Wait” (1 waiting)" });
        await Expect(group.GetByRole(AriaRole.Radio, new() { Name = "Finish on version 1" })).ToBeCheckedAsync();
        await group.GetByRole(AriaRole.Radio, new() { Name = "Cancel them" }).CheckAsync();
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Publish", Exact = true })).ToBeDisabledAsync();
        await group.GetByLabel("Why (kept with each execution)").FillAsync("The wait is shorter now");
        await web.ScreenshotAsync("versions-publish-dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Publish", Exact = true }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        var history = page.GetByRole(AriaRole.List, new() { Name = "Versions" });
        await Expect(history.GetByRole(AriaRole.Listitem).First).ToContainTextAsync("Wait: 3 days → 2 days");
        var published = await PublishedAsync(workflow);
        Assert.Equal((2, "cancelled", 0L), (published.Version, published.Status, published.Drafts));
        Assert.Contains("The wait is shorter now", published.Error, StringComparison.Ordinal);

        // Version 2 read-only, its difference from version 1 drawn on the canvas.
        await history.GetByRole(AriaRole.Link, new() { Name = "Version 2" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Version 2 of “Follow up” (live)" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Wait", Exact = true })).ToContainTextAsync("Wait: 3 days → 2 days");
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Differences from version 1" })).ToHaveTextAsync("Wait: 3 days → 2 days");
        await web.AssertAccessibleAsync("version page");
        await web.ScreenshotAsync("versions-diff-on-canvas");

        // Version 1 restored: a new version 3 equal to it.
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to “Follow up”" }).ClickAsync();
        await page.GetByRole(AriaRole.List, new() { Name = "Versions" }).GetByRole(AriaRole.Link, new() { Name = "Version 1" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Version 1 of “Follow up” (read-only)" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Restore version 1" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog, new() { Name = "Restore version 1?" }).GetByRole(AriaRole.Button, new() { Name = "Restore version 1" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Versions" }).GetByRole(AriaRole.Listitem).First).ToContainTextAsync("Restored version 1");
        await using (var connection = await app.OpenAsync())
        {
            var restored = await connection.QuerySingleAsync<(int Version, int RestoredFrom, string Duration)>(
                """
                SELECT w.version, v.restored_from, v.nodes -> 1 -> 'data' -> 'config' ->> 'duration'
                  FROM automation_workflows w JOIN automation_workflow_versions v ON v.workflow_id = w.id AND v.version = w.version
                 WHERE w.id = @workflow
                """,
                new { workflow });
            Assert.Equal((3, 1, "P3D"), restored);
        }

        web.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Publish_MovingTheWaiting_TheExecutionTakesTheNewVersionAtItsNextStep_AndItsPageSaysSo()
    {
        var (organization, api) = await app.NewOrganizationAsync("Moving Plumbing");
        Guid job;
        await using (var connection = await app.OpenAsync())
        {
            var client = await TestData.ClientAsync(connection, organization, "Rosa", "rosa@example.com");
            job = await TestData.JobAsync(connection, organization, client, "completed");
        }

        JsonObject Definition(string title) => new()
        {
            ["name"] = "Call back",
            ["triggerType"] = "job_completed",
            ["isActive"] = true,
            ["nodes"] = new JsonArray(
                Node("trigger", "trigger", 0, new JsonObject()),
                Node("wait", "delay", 150, new JsonObject { ["config"] = new JsonObject { ["duration"] = "PT20S" } }),
                Node("call", "action", 300, new JsonObject { ["actionType"] = "create_task", ["label"] = "Call back", ["config"] = new JsonObject { ["title"] = title } })),
            ["edges"] = new JsonArray(Edge("trigger", "wait"), Edge("wait", "call")),
        };
        var workflow = await api.CreateWorkflowAsync(Definition("Call back {{ client.first_name }}"));
        Guid execution;
        using (var run = await api.PostAsJsonAsync(new Uri($"api/workflows/{workflow}/run", UriKind.Relative), new JsonObject { ["context"] = new JsonObject { ["jobId"] = job.ToString() }, ["confirm"] = true }))
        {
            run.EnsureSuccessStatusCode();
            execution = (await run.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("executionId").GetGuid();
            await api.WaitForAsync(execution, statuses: "waiting");
        }

        (await api.PutAsJsonAsync(new Uri($"api/workflows/{workflow}/draft", UriKind.Relative), Definition("Call back {{ client.first_name }} about the new plan"))).Dispose();
        await using (var connection = await app.OpenAsync())
        {
            // Another execution of version 1, waiting at a step the new version does not have (as an older edit would leave one).
            await connection.ExecuteAsync(
                """
                WITH l AS (INSERT INTO automation_execution_logs (workflow_id, organization_id, trigger_type, trigger_data, status, workflow_version, started_at)
                           VALUES (@workflow, @organization, 'job_completed', '{}', 'waiting', 1, now()) RETURNING id)
                INSERT INTO automation_execution_steps (execution_id, step_key, organization_id, workflow_id, sequence, step_id, type, label, status, started_at)
                SELECT id, 'week', @organization, @workflow, 1, 'week', 'delay', 'Wait a week', 'waiting', now() FROM l
                """,
                new { workflow, organization });
        }

        await using var web = await app.OpenPageAsync(1366, 1000);
        var page = web.Page;
        await web.SignInAsync(app.Token(organization), $"/workflows/{workflow}");

        // The waiting execution is at a step the new version still has: it may move; the other one may not, and the dialog says why.
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish…" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Publish “Call back”?" });
        var stranded = dialog.GetByRole(AriaRole.Group, new() { Name = "1 execution on version 1, at “Wait a week” (1 waiting)" });
        var cannotMove = stranded.GetByRole(AriaRole.Radio, new() { Name = "Move to the new version" });
        await Expect(cannotMove).ToBeDisabledAsync();
        await Expect(cannotMove).ToHaveAccessibleDescriptionAsync("The new version has no “Wait a week” step, so they cannot continue on it.");
        var group = dialog.GetByRole(AriaRole.Group, new() { Name = "1 execution on version 1, at “Wait” (1 waiting)" });
        await group.GetByRole(AriaRole.Radio, new() { Name = "Move to the new version" }).CheckAsync();
        await Expect(group).ToContainTextAsync("a wait keeps its time");
        await web.ScreenshotAsync("versions-publish-move");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Publish", Exact = true }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        // After its wait, it runs the new version's next step; its row says which version, and why.
        await using (var connection = await app.OpenAsync())
        {
            var moved = await Eventually.WaitForAsync(
                () => connection.QuerySingleAsync<(string Status, int Version, string Warnings)>(
                    "SELECT status, workflow_version, coalesce(warnings::text, '') FROM automation_execution_logs WHERE id = @execution", new { execution }),
                m => m.Status == "completed",
                TimeSpan.FromSeconds(90));
            Assert.Equal(("completed", 2), (moved.Status, moved.Version));
            Assert.Contains("Moved from version 1 to version 2 at step “Call back”.", moved.Warnings, StringComparison.Ordinal);
            Assert.Equal("Call back Rosa about the new plan", await connection.ExecuteScalarAsync<string>(
                "SELECT output ->> 'title' FROM automation_execution_steps WHERE execution_id = @execution AND step_key = 'call'", new { execution }));
            Assert.Equal("2 (1 execution moves to it at its next step)", await connection.ExecuteScalarAsync<string>(
                "SELECT after_value FROM automation_audit_entries WHERE workflow_id = @workflow AND action = 'workflow_published'", new { workflow }));
        }

        await page.GotoAsync($"/executions/{execution}");
        await Expect(page.GetByRole(AriaRole.Note, new() { Name = "Good to know" })).ToContainTextAsync("Moved from version 1 to version 2 at step “Call back”.");
        await web.ScreenshotAsync("execution-moved");
        web.AssertNoConsoleErrors();
    }

    sealed record Published(int Version, string Status, string Error, long Drafts);

    async Task<(string Duration, int Version)> DraftAndVersionAsync(Guid workflow)
    {
        await using var connection = await app.OpenAsync();
        return await connection.QuerySingleAsync<(string, int)>(
            """
            SELECT d.nodes -> 1 -> 'data' -> 'config' ->> 'duration', w.version
              FROM automation_workflow_drafts d JOIN automation_workflows w ON w.id = d.workflow_id WHERE d.workflow_id = @workflow
            """,
            new { workflow });
    }

    async Task<Published> PublishedAsync(Guid workflow)
    {
        await using var connection = await app.OpenAsync();
        return await Eventually.WaitForAsync(
            () => connection.QuerySingleAsync<Published>(
                """
                SELECT w.version, l.status, coalesce(l.error_message, '') AS error,
                       (SELECT count(*) FROM automation_workflow_drafts d WHERE d.workflow_id = w.id) AS drafts
                  FROM automation_workflows w JOIN automation_execution_logs l ON l.workflow_id = w.id WHERE w.id = @workflow
                """,
                new { workflow }),
            p => p.Status == "cancelled");
    }

    static ILocator Panel(IPage page) => page.Locator("aside.side-panel");

    static JsonObject Node(string id, string type, int y, JsonObject data) =>
        new() { ["id"] = id, ["type"] = type, ["position"] = new JsonObject { ["x"] = 0, ["y"] = y }, ["data"] = data };

    static JsonObject Edge(string source, string target) => new() { ["id"] = $"{source}-{target}", ["source"] = source, ["target"] = target };
}
