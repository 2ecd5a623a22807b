using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using Microsoft.Playwright;
using static Fixlify.Tests.Fixtures.ApiCalls;
using static Fixlify.Tests.Fixtures.Eventually;
using static Microsoft.Playwright.Assertions;

namespace Fixlify.Tests.Web;

/// <summary>
/// The visual builder in Debian's Chromium against the standalone host on PostgreSQL: an office manager builds "job
/// completed → wait → check → text / email" by clicking, sees a mistake on its node as they type, saves, tries it on a
/// real job, turns it on and watches a run on the canvas. What the screen shows is checked against the database.
/// </summary>
public sealed class BuilderTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    const string SmsText = "Hi {{ client.first_name }} your {{ job.title }} is done.";

    [Fact]
    public async Task Build_FromAnEmptyCanvasByClicks_ShowsProblemsOnTheNode_SavesAndReloadsIdentical()
    {
        var (organization, _) = await app.NewOrganizationAsync("Builder Plumbing");
        await using var web = await app.OpenPageAsync(1440, 1000);
        var page = web.Page;
        await web.SignInAsync(app.Token(organization), "/automations/new");

        await page.GetByLabel("Name").FillAsync("Thank after the job");
        await page.GetByLabel("Starts when").SelectOptionAsync("job_completed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Open the builder" }).ClickAsync();
        var trigger = Node(page, "When: Job completed");
        await Expect(trigger).ToBeVisibleAsync();
        await web.ScreenshotAsync("builder-empty");

        // Trigger → Wait 2 hours → Check (not opted out of texts) → Yes: text / No: email.
        await page.GetByRole(AriaRole.Button, new() { Name = "Wait", Exact = true }).ClickAsync();
        // Settings in plain words: a number and a unit, fields and values from menus, details inserted as chips.
        await Panel(page).GetByLabel("How long", new() { Exact = true }).FillAsync("2");
        await Panel(page).GetByLabel("How long: unit").SelectOptionAsync(new SelectOptionValue { Label = "hours" });
        await Expect(Panel(page)).ToContainTextAsync("Waits 2 hours.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Check", Exact = true }).ClickAsync();
        await Panel(page).GetByRole(AriaRole.Button, new() { Name = "Add a rule" }).ClickAsync();
        await Panel(page).GetByLabel("Field", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Client › Opted out of texts" });
        await Panel(page).GetByLabel("Test", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "is" });
        await Panel(page).GetByLabel("Value", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "No" });
        await Expect(page.GetByLabel("Connect to")).ToHaveValueAsync("[\"check\",\"true\"]");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send a text", Exact = true }).ClickAsync();
        var message = Panel(page).GetByRole(AriaRole.Textbox, new() { Name = "Text message", Exact = true });
        await message.PressSequentiallyAsync("Hi @first");
        await Panel(page).GetByRole(AriaRole.Listbox, new() { Name = "Details" }).GetByRole(AriaRole.Option, new() { Name = "Client › First name" }).ClickAsync();
        await message.PressSequentiallyAsync("your ");
        await Panel(page).GetByLabel("Insert a detail into Text message").SelectOptionAsync(new SelectOptionValue { Label = "Job › Title" });
        await message.PressSequentiallyAsync("is done.");
        await Expect(message).ToHaveTextAsync("Hi Client's first name your Job's title is done.");
        await Expect(Panel(page)).ToContainTextAsync("1 text.");
        await web.ScreenshotAsync("builder-sms-chips");
        await SelectNodeAsync(page, "Check");
        await page.GetByLabel("Connect to").SelectOptionAsync("[\"check\",\"false\"]");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send an email", Exact = true }).ClickAsync();

        // The email has no subject yet: the problem shows on its node, and goes when the subject is filled in.
        var email = Node(page, "Email");
        await Expect(email).ToContainTextAsync("Fill in “Subject”.");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Problems" })).ToContainTextAsync("Email · Subject");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true })).ToBeDisabledAsync();
        await web.ScreenshotAsync("builder-problems");
        await Panel(page).GetByRole(AriaRole.Textbox, new() { Name = "Subject", Exact = true }).FillAsync("Thanks for choosing us");
        await Expect(email).Not.ToContainTextAsync("Fill in “Subject”.");
        await Panel(page).GetByRole(AriaRole.Textbox, new() { Name = "Plain-text version", Exact = true }).FillAsync("Your job is done. We'd love a review.");
        await Expect(email).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("has-problems"));
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "No problems" })).ToBeVisibleAsync();
        await web.AssertAccessibleAsync("builder");

        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved · version 1" })).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/workflows/[0-9a-f-]{36}$"));
        await web.ScreenshotAsync("builder-saved");

        // What PostgreSQL holds is what was built: five nodes, four edges, the branches on their handles, the config.
        var saved = await DefinitionAsync(organization, "Thank after the job");
        Assert.Equal(["trigger", "wait", "check", "send-sms", "send-email"], saved.Nodes.Select(n => (string)n!["id"]!));
        Assert.Equal(
            ["trigger>wait", "wait>check", "check:true>send-sms", "check:false>send-email"],
            saved.Edges.Select(e => $"{e!["source"]}{(e["sourceHandle"] is { } h ? $":{h}" : "")}>{e["target"]}"));
        Assert.Equal("PT2H", (string)saved.Nodes[1]!["data"]!["config"]!["duration"]!);
        Assert.Equal(SmsText, (string)saved.Nodes[3]!["data"]!["config"]!["message"]!);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"all":[{"field":"client.sms_opt_out","op":"eq","value":false}]}"""), saved.Nodes[2]!["data"]!["config"]), saved.Nodes[2]!.ToJsonString());

        // Reloaded: the same graph, and saving again is not even offered (nothing changed).
        await page.ReloadAsync();
        await Expect(Node(page, "Email")).ToBeVisibleAsync();
        await Expect(page.Locator(".react-flow__node")).ToHaveCountAsync(5);
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved · version 1" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true })).ToBeDisabledAsync();
        var reloaded = await DefinitionAsync(organization, "Thank after the job");
        Assert.Equal(saved.Nodes.ToJsonString(), reloaded.Nodes.ToJsonString());
        Assert.Equal(saved.Edges.ToJsonString(), reloaded.Edges.ToJsonString());
        web.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task DryRun_OnASeededJob_ShowsTheRenderedTextAndItsTimeOnTheNode()
    {
        var (organization, api) = await app.NewOrganizationAsync("Dry Run Plumbing");
        var workflowId = await api.CreateWorkflowAsync(ThankYouWorkflow("Thank after the job (dry run)", "PT2H", active: false));
        var job = await JobAsync(organization, "Boiler service");
        await using var web = await app.OpenPageAsync(1440, 1000);
        var page = web.Page;
        await web.SignInAsync(app.Token(organization), $"/workflows/{workflowId}");
        await Expect(Node(page, "Text message")).ToBeVisibleAsync();

        await page.GetByLabel("Find a job").FillAsync("boiler");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Boiler service" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Dry run" }).ClickAsync();

        var sms = Node(page, "Text message");
        await Expect(sms).ToContainTextAsync("Hi Alex your Boiler service is done.");
        await Expect(Node(page, "Check")).ToContainTextAsync("took “Yes”");
        await Expect(Node(page, "Email")).Not.ToContainTextAsync("Would");
        // The time on the node is the report's, in the organization's zone (America/New_York), whatever the browser's.
        var report = await api.DryRunAsync(workflowId, new JsonObject { ["jobId"] = job.ToString() });
        var at = report.DryRunStep("sms").Time("at");
        var local = TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
        await Expect(sms).ToContainTextAsync(local.ToString("HH:mm", CultureInfo.InvariantCulture));
        await Expect(page.Locator(".react-flow__edge.on-path")).ToHaveCountAsync(3);
        await web.AssertAccessibleAsync("builder dry run");
        await web.ScreenshotAsync("builder-dry-run");
        web.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Activate_ThenAJobCompletedInPostgreSQL_TheNodesTurnCompletedLive()
    {
        var (organization, api) = await app.NewOrganizationAsync("Live Builder Plumbing");
        var workflowId = await api.CreateWorkflowAsync(TaskWorkflow("Follow up after the job", active: false));
        var job = await JobAsync(organization, "Fix leak");
        await using var web = await app.OpenPageAsync(1440, 1000);
        var page = web.Page;
        await web.SignInAsync(app.Token(organization), $"/workflows/{workflowId}");
        await Expect(Node(page, "Task for the office: Call back")).ToBeVisibleAsync();

        var toggle = page.GetByRole(AriaRole.Switch);
        await toggle.CheckAsync();
        await Expect(toggle).ToBeCheckedAsync();
        Assert.True(await WaitForAsync(async () => await IsActiveAsync(workflowId), active => active));

        await using (var connection = await app.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE jobs SET status = 'completed' WHERE id = @job", new { job });
        }

        await Expect(Node(page, "Wait")).ToContainTextAsync("Done", new() { Timeout = 30_000 });
        await Expect(Node(page, "Check")).ToContainTextAsync("Done", new() { Timeout = 30_000 });
        await Expect(Node(page, "Task for the office: Call back")).ToContainTextAsync("Done", new() { Timeout = 30_000 });
        await Expect(Node(page, "Task for the office: Write")).Not.ToContainTextAsync("Done");
        await Expect(Node(page, "Task for the office: Call back")).ToContainTextAsync("✓ 1 passed", new() { Timeout = 30_000 });
        await web.AssertAccessibleAsync("builder live");
        await web.ScreenshotAsync("builder-live");
        await using (var connection = await app.OpenAsync())
        {
            Assert.Equal(1, await connection.ExecuteScalarAsync<int>(
                "SELECT count(*) FROM tasks WHERE organization_id = @organization AND title LIKE 'Call back%'", new { organization }));
        }

        web.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Save_AfterSomeoneElseSaved_Gets412Dialog_ShowingWhatDiffers_AndCanOverwrite()
    {
        var (organization, api) = await app.NewOrganizationAsync("Stale Plumbing");
        var workflowId = await api.CreateWorkflowAsync(TaskWorkflow("Stale save", active: false));
        await using var web = await app.OpenPageAsync(1440, 1000);
        var page = web.Page;
        await web.SignInAsync(app.Token(organization), $"/workflows/{workflowId}");
        await Expect(Node(page, "Task for the office: Call back")).ToBeVisibleAsync();

        // Someone else saves meanwhile (version 2).
        var theirs = TaskWorkflow("Stale save", active: false);
        theirs["nodes"]![4]!["data"]!["config"]!["title"] = "Call back today";
        using (var response = await api.PutAsJsonAsync(new Uri($"api/workflows/{workflowId}", UriKind.Relative), theirs))
        {
            response.EnsureSuccessStatusCode();
        }

        await page.GetByLabel("Automation name").FillAsync("Stale save, mine");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();

        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Someone saved this automation meanwhile" });
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog).ToContainTextAsync("version 2");
        await Expect(dialog.GetByRole(AriaRole.List, new() { Name = "What differs" })).ToContainTextAsync("Step “yes-task”: settings differ");
        await Expect(dialog).ToContainTextAsync("Name: theirs “Stale save”, yours “Stale save, mine”");
        await web.AssertAccessibleAsync("builder conflict");
        await web.ScreenshotAsync("builder-conflict");

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save mine over theirs" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved · version 3" })).ToBeVisibleAsync();
        await using var connection = await app.OpenAsync();
        Assert.Equal(("Stale save, mine", 3), await connection.QuerySingleAsync<(string, int)>(
            "SELECT name, version FROM automation_workflows WHERE id = @workflowId", new { workflowId }));
        web.AssertNoConsoleErrors(e => e.Contains("412", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LinearStepsTemplate_OpensLaidOut_TopToBottomWithoutOverlaps()
    {
        var (organization, api) = await app.NewOrganizationAsync("Template Plumbing");
        using var templates = await api.GetAsync(new Uri("api/templates?category=billing", UriKind.Relative));
        var template = (await templates.Content.ReadFromJsonAsync<JsonObject>())!["items"]!.AsArray()
            .First(t => t!["steps"]!.AsArray().Count >= 3 && t["nodes"]!.AsArray().Count == 0)!;
        using var created = await api.PostAsJsonAsync(new Uri($"api/templates/{template["id"]}/instantiate", UriKind.Relative), new JsonObject());
        var workflowId = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.ToString();
        await using var web = await app.OpenPageAsync(1440, 1000);
        var page = web.Page;

        await web.SignInAsync(app.Token(organization), $"/workflows/{workflowId}");

        var nodes = page.Locator(".react-flow__node");
        await Expect(nodes.First).ToBeVisibleAsync();
        var boxes = new List<LocatorBoundingBoxResult>();
        for (var i = 0; i < await nodes.CountAsync(); i++)
        {
            boxes.Add((await nodes.Nth(i).BoundingBoxAsync())!);
        }

        Assert.True(boxes.Count >= 4, $"{boxes.Count} nodes");
        for (var i = 0; i < boxes.Count; i++)
        {
            for (var j = i + 1; j < boxes.Count; j++)
            {
                var (a, b) = (boxes[i], boxes[j]);
                var overlap = a.X < b.X + b.Width && b.X < a.X + a.Width && a.Y < b.Y + b.Height && b.Y < a.Y + a.Height;
                Assert.False(overlap, $"nodes {i} and {j} overlap");
            }
        }

        Assert.True(boxes[1].Y > boxes[0].Y, "the first step is below the trigger");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Tidy up" })).ToBeEnabledAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "No problems" })).ToBeVisibleAsync();
        await web.AssertAccessibleAsync("builder template");
        await web.ScreenshotAsync("builder-template");
        web.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task UnknownNodeType_OpensReadOnly_WithTheReason()
    {
        var (organization, api) = await app.NewOrganizationAsync("Future Plumbing");
        var workflowId = await api.CreateWorkflowAsync(TaskWorkflow("From a newer version", active: false));
        await using (var connection = await app.OpenAsync())
        {
            await connection.ExecuteAsync(
                """
                UPDATE automation_workflows
                   SET nodes = nodes || '[{"id":"later","type":"send_fax","position":{"x":600,"y":0},"data":{}}]'::jsonb
                 WHERE id = @workflowId
                """,
                new { workflowId });
        }

        await using var web = await app.OpenPageAsync(1440, 1000);
        var page = web.Page;
        await web.SignInAsync(app.Token(organization), $"/workflows/{workflowId}");

        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Opened read-only" })).ToContainTextAsync("send_fax");
        await Expect(page.Locator(".react-flow__node")).ToHaveCountAsync(6);
        await Expect(page.GetByText("Unknown step type “send_fax”")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send an email", Exact = true })).ToBeDisabledAsync();
        await web.ScreenshotAsync("builder-read-only");
    }

    [Fact]
    public async Task Backtest_OfASeededMonth_ShowsProgressThenFiguresThatAgreeWithCountingInSql()
    {
        var (organization, api) = await app.NewOrganizationAsync("Backtest Builder Plumbing");
        await SeedCompletedJobsAsync(organization);
        var workflowId = await api.CreateWorkflowAsync(ThankYouWorkflow("Thank after the job (backtest)", "PT2H", active: false));
        await using var web = await app.OpenPageAsync(1440, 1200);
        var page = web.Page;
        await web.SignInAsync(app.Token(organization), $"/workflows/{workflowId}");
        var backtest = page.GetByRole(AriaRole.Region, new() { Name = "Backtest" });
        await Expect(backtest).ToBeVisibleAsync();

        // The answer is held until the progress from the stream has shown, so "while it runs" is seen, not raced.
        var release = new TaskCompletionSource();
        await page.RouteAsync("**/api/workflows/*/backtest", async route =>
        {
            var response = await route.FetchAsync();
            await release.Task;
            await route.FulfillAsync(new() { Response = response });
        });
        var from = await backtest.GetByLabel("From", new() { Exact = true }).InputValueAsync();
        var to = await backtest.GetByLabel("To", new() { Exact = true }).InputValueAsync();
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("America/New_York")).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal((DateTime.Parse(today, CultureInfo.InvariantCulture).AddDays(-30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), today), (from, to));
        var expected = await BacktestCountAsync(organization, from);
        Assert.True(expected is { Events: > 0, Texts: > 0, Emails: > 0, Failing: > 0 } && expected.Events < 36, $"the seed covers every case: {expected}");

        await backtest.GetByRole(AriaRole.Button, new() { Name = "Backtest" }).ClickAsync();

        await Expect(backtest.GetByRole(AriaRole.Status)).ToContainTextAsync($"Replayed {expected.Events} of {expected.Events} events");
        await Expect(backtest.GetByRole(AriaRole.Progressbar, new() { Name = "Backtest progress" })).ToBeVisibleAsync();
        await Expect(backtest.GetByRole(AriaRole.Button, new() { Name = "Backtesting…" })).ToBeDisabledAsync();
        release.SetResult();

        await Expect(backtest.GetByRole(AriaRole.Status)).ToContainTextAsync($"{expected.Events} executions would have started");
        await ExpectFigureAsync(backtest, "Trigger events in the period", expected.Events);
        await ExpectFigureAsync(backtest, "Executions that would have started", expected.Events);
        await ExpectFigureAsync(backtest, "Texts", expected.Texts);
        await ExpectFigureAsync(backtest, "Emails", expected.Emails);
        await ExpectFigureAsync(backtest, "Would fail", expected.Failing);
        await ExpectFigureAsync(backtest, "Texts in GSM-7", expected.Texts);
        await ExpectFigureAsync(backtest, "SMS segments", expected.Texts);
        await Expect(backtest.GetByRole(AriaRole.Table, new() { Name = "Would fail, by reason" })).ToContainTextAsync("no phone number to text");
        await Expect(backtest.GetByRole(AriaRole.Table, new() { Name = $"Sample executions ({Math.Min(20, expected.Events)})" })).ToBeVisibleAsync();
        await web.AssertAccessibleAsync("builder backtest");
        await web.ScreenshotAsync("builder-backtest");
        web.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Backtest_OfAPeriodEndingBeforeItStarts_SaysSoNextToTheField()
    {
        var (organization, api) = await app.NewOrganizationAsync("Backtest Mistake Plumbing");
        var workflowId = await api.CreateWorkflowAsync(ThankYouWorkflow("Thank after the job (wrong period)", "PT2H", active: false));
        await using var web = await app.OpenPageAsync(1440, 1200);
        var page = web.Page;
        await web.SignInAsync(app.Token(organization), $"/workflows/{workflowId}");
        var backtest = page.GetByRole(AriaRole.Region, new() { Name = "Backtest" });

        await backtest.GetByLabel("From", new() { Exact = true }).FillAsync("2026-03-10");
        await backtest.GetByLabel("To", new() { Exact = true }).FillAsync("2026-03-01");
        await backtest.GetByRole(AriaRole.Button, new() { Name = "Backtest" }).ClickAsync();

        var field = backtest.GetByLabel("To", new() { Exact = true });
        await Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(field).ToHaveAccessibleDescriptionAsync("To: Must be after 'from'.");
        await Expect(backtest.GetByRole(AriaRole.Alert)).ToContainTextAsync("The backtest did not run");
        await Expect(backtest.GetByLabel("From", new() { Exact = true })).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await web.AssertAccessibleAsync("builder backtest refused");
        web.AssertNoConsoleErrors(error => error.Contains("400", StringComparison.Ordinal));
    }

    static async Task ExpectFigureAsync(ILocator region, string label, long count)
    {
        var row = region.GetByRole(AriaRole.Row).Filter(new() { Has = region.Page.GetByRole(AriaRole.Rowheader, new() { Name = label, Exact = true }) });
        await Expect(row.GetByRole(AriaRole.Cell)).ToHaveTextAsync(count.ToString("N0", CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// 12 clients (every fourth without a phone, every fourth other one opted out of texts) with 3 jobs each completed:
    /// 36 job_completed events, moved to one every 22 hours back from now, so the last few fall before the 30 days.
    /// </summary>
    async Task SeedCompletedJobsAsync(Guid organization)
    {
        await using var connection = await app.OpenAsync();
        for (var i = 0; i < 12; i++)
        {
            var client = await TestData.ClientAsync(connection, organization, $"Client{i}", $"client{i}@example.com", i % 4 == 3 ? null : $"+1555050{1000 + i}");
            await connection.ExecuteAsync("UPDATE clients SET sms_opt_out = @optedOut WHERE id = @client", new { client, optedOut = i % 4 == 2 });
            for (var j = 0; j < 3; j++)
            {
                var job = await TestData.JobAsync(connection, organization, client, "in_progress");
                await connection.ExecuteAsync("UPDATE jobs SET status = 'completed', completed_at = now() WHERE id = @job", new { job });
            }
        }

        await TestData.ExpandChangesAsync(connection);
        await connection.ExecuteAsync(
            """
            WITH numbered AS (
                SELECT id, row_number() OVER (ORDER BY occurred_at, id) AS n FROM automation_events WHERE organization_id = @organization AND event_type = 'job_completed')
            UPDATE automation_events e SET occurred_at = now() - n.n * interval '22 hours' FROM numbered n WHERE e.id = n.id
            """,
            new { organization });
    }

    sealed record BacktestCount(long Events, long Texts, long Emails, long Failing);

    /// <summary>The backtest's figures counted by hand: the job_completed events from the start of <paramref name="from"/> (New York) to now.</summary>
    async Task<BacktestCount> BacktestCountAsync(Guid organization, string from)
    {
        await using var connection = await app.OpenAsync();
        return await connection.QuerySingleAsync<BacktestCount>(
            """
            SELECT count(*) AS events,
                   count(*) FILTER (WHERE c.phone IS NOT NULL AND NOT c.sms_opt_out) AS texts,
                   count(*) FILTER (WHERE c.sms_opt_out) AS emails,
                   count(*) FILTER (WHERE c.phone IS NULL AND NOT c.sms_opt_out) AS failing
              FROM automation_events e JOIN jobs j ON j.id = e.entity_id JOIN clients c ON c.id = j.client_id
             WHERE e.organization_id = @organization AND e.event_type = 'job_completed'
               AND e.occurred_at >= (@from::date)::timestamp AT TIME ZONE 'America/New_York' AND e.occurred_at < now()
            """,
            new { organization, from });
    }

    /// <summary>
    /// Selects a node by clicking it, as a person would, clicking again if the first click landed while the canvas was
    /// still moving (the view follows a newly added step) and selected nothing: the palette's "Connect to" then lists its outputs.
    /// </summary>
    static async Task SelectNodeAsync(IPage page, string name)
    {
        for (var attempt = 1; ; attempt++)
        {
            await Node(page, name).ClickAsync();
            try
            {
                await Expect(page.GetByLabel("Connect to")).ToBeEnabledAsync(new() { Timeout = 3_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
            }
        }
    }

    static ILocator Node(IPage page, string name) => page.GetByRole(AriaRole.Group, new() { Name = name, Exact = true });

    static ILocator Panel(IPage page) => page.Locator("aside.side-panel");

    /// <summary>trigger → wait → check (not opted out) → yes: a text / no: an email.</summary>
    static JsonObject ThankYouWorkflow(string name, string delay, bool active) => new()
    {
        ["name"] = name,
        ["triggerType"] = "job_completed",
        ["isActive"] = active,
        ["nodes"] = new JsonArray(
            Node("trigger", "trigger", 0, new JsonObject()),
            Node("wait", "delay", 150, new JsonObject { ["config"] = new JsonObject { ["duration"] = delay } }),
            Node("check", "condition", 300, new JsonObject { ["config"] = JsonNode.Parse("""{"all":[{"field":"client.sms_opt_out","op":"eq","value":false}]}""") }),
            Node("sms", "action", 450, new JsonObject { ["actionType"] = "send_sms", ["config"] = new JsonObject { ["message"] = SmsText } }, -160),
            Node("email", "action", 450, new JsonObject { ["actionType"] = "send_email", ["config"] = new JsonObject { ["subject"] = "Thanks", ["text"] = "Thanks" } }, 160)),
        ["edges"] = Edges(),
    };

    /// <summary>The same shape with tasks on both branches and a one-second wait, so a real run ends quickly and sends nothing.</summary>
    static JsonObject TaskWorkflow(string name, bool active) => new()
    {
        ["name"] = name,
        ["triggerType"] = "job_completed",
        ["isActive"] = active,
        ["nodes"] = new JsonArray(
            Node("trigger", "trigger", 0, new JsonObject()),
            Node("wait", "delay", 150, new JsonObject { ["config"] = new JsonObject { ["duration"] = "PT1S" } }),
            Node("check", "condition", 300, new JsonObject { ["config"] = JsonNode.Parse("""{"all":[{"field":"client.sms_opt_out","op":"eq","value":false}]}""") }),
            Node("no-task", "action", 450, new JsonObject { ["actionType"] = "create_task", ["label"] = "Write", ["config"] = new JsonObject { ["title"] = "Write to {{ client.first_name }}" } }, 160),
            Node("yes-task", "action", 450, new JsonObject { ["actionType"] = "create_task", ["label"] = "Call back", ["config"] = new JsonObject { ["title"] = "Call back {{ client.first_name }}" } }, -160)),
        ["edges"] = new JsonArray(
            Edge("trigger", "wait", null), Edge("wait", "check", null), Edge("check", "yes-task", "true"), Edge("check", "no-task", "false")),
    };

    static JsonArray Edges() => new(Edge("trigger", "wait", null), Edge("wait", "check", null), Edge("check", "sms", "true"), Edge("check", "email", "false"));

    static JsonObject Node(string id, string type, int y, JsonObject data, int x = 0) =>
        new() { ["id"] = id, ["type"] = type, ["position"] = new JsonObject { ["x"] = x, ["y"] = y }, ["data"] = data };

    static JsonObject Edge(string source, string target, string? handle)
    {
        var edge = new JsonObject { ["id"] = $"{source}-{target}", ["source"] = source, ["target"] = target };
        if (handle is not null)
        {
            edge["sourceHandle"] = handle;
        }

        return edge;
    }

    async Task<Guid> JobAsync(Guid organization, string title)
    {
        await using var connection = await app.OpenAsync();
        var job = await TestData.JobAsync(connection, organization, await TestData.ClientAsync(connection, organization), status: "in_progress");
        await connection.ExecuteAsync("UPDATE jobs SET title = @title WHERE id = @job", new { title, job });
        return job;
    }

    async Task<(JsonArray Nodes, JsonArray Edges)> DefinitionAsync(Guid organization, string name)
    {
        await using var connection = await app.OpenAsync();
        var row = await connection.QuerySingleAsync<(string Nodes, string Edges)>(
            "SELECT nodes::text, edges::text FROM automation_workflows WHERE organization_id = @organization AND name = @name", new { organization, name });
        return (JsonNode.Parse(row.Nodes)!.AsArray(), JsonNode.Parse(row.Edges)!.AsArray());
    }

    async Task<bool> IsActiveAsync(Guid workflowId)
    {
        await using var connection = await app.OpenAsync();
        return await connection.ExecuteScalarAsync<bool>("SELECT is_active FROM automation_workflows WHERE id = @workflowId", new { workflowId });
    }
}
