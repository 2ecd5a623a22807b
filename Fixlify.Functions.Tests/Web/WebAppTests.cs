using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Data;
using Fixlify.Tests.Fixtures;
using Microsoft.Playwright;
using static Fixlify.Tests.Fixtures.ApiCalls;
using static Fixlify.Tests.Fixtures.Eventually;
using static Microsoft.Playwright.Assertions;

namespace Fixlify.Tests.Web;

/// <summary>
/// The web app in Debian's Chromium against the standalone host on PostgreSQL: what the office manager sees and does,
/// checked against the database. Every screen is checked with axe and photographed (screenshots/ under the test output).
/// </summary>
public sealed class WebAppTests(WebAppTests.DemoApp app) : IClassFixture<WebAppTests.DemoApp>
{
    /// <summary>The host with the demo organization (what <c>make run</c> seeds).</summary>
    public sealed class DemoApp : BrowserApp
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await DemoOrganization.SeedAsync(OwnerConnectionString, CancellationToken.None);
        }
    }

    const string DemoWorkflow = "Job completed: ask for a review";

    static bool NetworkRefusal(string message) => message.Contains("Failed to load resource", StringComparison.Ordinal);

    [Fact]
    public async Task SignInLink_OpensTheDashboard_WithTheSeededAutomations_AndTheSwitchTurnsOneOff()
    {
        using var api = app.ClientFor(DemoOrganization.Id);
        await api.CreateWorkflowAsync(Workflow("Invoice paid: thank the client", "invoice_paid", active: false, TaskStep("thanks", "Thank {{ client.first_name }}")));
        await using var web = await app.OpenPageAsync();
        var page = web.Page;

        await web.SignInAsync(app.Token(DemoOrganization.Id, "office-manager"));

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Automations", Level = 1 })).ToBeVisibleAsync();
        Assert.DoesNotContain("token", page.Url, StringComparison.Ordinal);
        var cards = page.GetByRole(AriaRole.List, new() { Name = "Automations" }).GetByRole(AriaRole.Listitem);
        await Expect(cards).ToHaveCountAsync(2);
        await Expect(cards.Filter(new() { HasText = DemoWorkflow })).ToContainTextAsync("Job completed");
        await Expect(page.GetByText("Times in Eastern Time")).ToBeVisibleAsync();
        await web.AssertAccessibleAsync("automations");
        await web.ScreenshotAsync("automations");

        // From the keyboard: focus the switch, Space turns it off; PostgreSQL agrees.
        var toggle = page.GetByRole(AriaRole.Switch, new() { Name = $"Active: {DemoWorkflow}" });
        await Expect(toggle).ToBeCheckedAsync();
        await toggle.FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await Expect(toggle).Not.ToBeCheckedAsync();
        await Expect(toggle).ToContainTextAsync("Off");
        Assert.False(await WaitForAsync(() => IsActiveAsync(DemoWorkflow), active => !active));

        await toggle.ClickAsync();
        await Expect(toggle).ToBeCheckedAsync();
        Assert.True(await WaitForAsync(() => IsActiveAsync(DemoWorkflow), active => active));
        web.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Gallery_UseATemplate_TheNewAutomationAppearsOff()
    {
        var (organization, _) = await app.NewOrganizationAsync("Gallery Plumbing");
        await using var web = await app.OpenPageAsync();
        var page = web.Page;
        await web.SignInAsync(app.Token(organization), "/");
        await Expect(page.GetByText("No automations yet.")).ToBeVisibleAsync();
        await web.ScreenshotAsync("automations-empty");

        await page.GetByRole(AriaRole.Link, new() { Name = "New automation" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New automation" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "Billing" }).CheckAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Use this template: Overdue invoice escalation" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Use this template: New client welcome" })).ToHaveCountAsync(0);
        await web.AssertAccessibleAsync("template gallery");
        await web.ScreenshotAsync("template-gallery");

        await page.GetByRole(AriaRole.Button, new() { Name = "Use this template: Invoice sent notice" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "“Invoice sent notice” was created" })).ToBeVisibleAsync();
        var card = page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Invoice sent notice" });
        await Expect(card.GetByRole(AriaRole.Switch)).Not.ToBeCheckedAsync();
        await using var connection = await app.OpenAsync();
        var saved = await connection.QuerySingleAsync<(string TriggerType, bool IsActive)>(
            "SELECT trigger_type, is_active FROM automation_workflows WHERE organization_id = @organization AND name = 'Invoice sent notice' AND deleted_at IS NULL",
            new { organization });
        Assert.Equal(("invoice_sent", false), saved);
        web.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Gallery_DoubleClickOnUseThisTemplate_CreatesOneAutomation()
    {
        var (organization, _) = await app.NewOrganizationAsync("Double Click Gallery Plumbing");
        await using var web = await app.OpenPageAsync();
        var page = web.Page;
        await web.SignInAsync(app.Token(organization), "/automations/new");
        var use = page.GetByRole(AriaRole.Button, new() { Name = "Use this template: Invoice sent notice" });
        await Expect(use).ToBeEnabledAsync();

        // Two clicks in one go, before the page has re-rendered (as a quick double click on a slow machine lands).
        await use.EvaluateAsync("button => { button.click(); button.click(); }");

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "“Invoice sent notice” was created" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Invoice sent notice" })).ToHaveCountAsync(1);
        await using var connection = await app.OpenAsync();
        Assert.Equal(1, await WaitForAsync(
            () => connection.ExecuteScalarAsync<int>(
                "SELECT count(*)::int FROM automation_workflows WHERE organization_id = @organization AND name = 'Invoice sent notice' AND deleted_at IS NULL",
                new { organization }),
            count => count > 1));
        web.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task JobCompletedInPostgreSQL_AppearsLive_ReachesCompleted_AndTheDetailShowsEveryStep()
    {
        var (organization, api) = await app.NewOrganizationAsync("Live Plumbing");
        using (api)
        {
            await api.CreateWorkflowAsync(Workflow("Thank-you after the job", "job_completed", active: true,
                TaskStep("thank", "Thank {{ client.first_name }} for {{ job.title }}"), TaskStep("follow-up", "Call {{ client.first_name }} next week")));
        }

        var job = await JobAsync(organization);
        await using var web = await app.OpenPageAsync();
        var page = web.Page;
        await web.SignInAsync(app.Token(organization), "/executions");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Live" })).ToBeVisibleAsync();
        await Expect(page.GetByText("No executions yet.")).ToBeVisibleAsync();
        await page.EvaluateAsync("() => { window.notReloaded = true; }");

        await CompleteJobAsync(job);

        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Thank-you after the job" });
        await Expect(row).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(row).ToContainTextAsync("Completed", new() { Timeout = 30_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"), "the page was reloaded");
        await using var connection = await app.OpenAsync();
        var execution = await connection.QuerySingleAsync<(Guid Id, string Status, string Steps)>(
            "SELECT id, status, actions_executed::text AS steps FROM automation_execution_logs WHERE organization_id = @organization", new { organization });
        Assert.Equal("completed", execution.Status);
        await web.AssertAccessibleAsync("executions");
        await web.ScreenshotAsync("executions");

        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(app.BaseAddress, $"executions/{execution.Id}").ToString());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Thank-you after the job", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("Job “Fix leak” — completed")).ToBeVisibleAsync();
        var steps = page.GetByRole(AriaRole.List, new() { Name = "Steps" }).GetByRole(AriaRole.Listitem);
        var recorded = JsonDocument.Parse(execution.Steps).RootElement.EnumerateArray().Select(s => s.GetProperty("stepKey").GetString()!).ToList();
        Assert.Equal(["thank", "follow-up"], recorded);
        await Expect(steps).ToHaveCountAsync(recorded.Count);
        for (var i = 0; i < recorded.Count; i++)
        {
            await Expect(steps.Nth(i)).ToContainTextAsync(recorded[i]);
            await Expect(steps.Nth(i)).ToContainTextAsync("Done");
        }

        await web.AssertAccessibleAsync("execution detail");
        await web.ScreenshotAsync("execution-detail");
        await page.SetViewportSizeAsync(360, 800);
        await AssertFitsAsync(page, "execution detail");
        await web.ScreenshotAsync("execution-detail-360");
        await page.GoBackAsync();
        await Expect(row).ToContainTextAsync("Completed");
        await AssertFitsAsync(page, "executions");
        await web.ScreenshotAsync("executions-360");
        web.AssertNoConsoleErrors();
    }

    /// <summary>
    /// The host stops while the Executions screen is open (the badge says so) and a job is completed meanwhile; the
    /// restarted host runs its execution at once, before the browser is back. The screen, resuming after the last event
    /// it had, shows the new execution reach completed, and the first one still once.
    /// </summary>
    [Fact]
    public async Task HostRestart_TheStreamResumes_WithoutLosingOrDoublingAnExecution()
    {
        var (organization, api) = await app.NewOrganizationAsync("Restart Plumbing");
        using (api)
        {
            await api.CreateWorkflowAsync(Workflow("Restart-proof thank-you", "job_completed", active: true, TaskStep("thank", "Thank {{ client.first_name }}")));
        }

        var first = await JobAsync(organization);
        var second = await JobAsync(organization);
        await using var web = await app.OpenPageAsync();
        var page = web.Page;
        await web.SignInAsync(app.Token(organization), "/executions");
        var live = page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Live" });
        await Expect(live).ToBeVisibleAsync();
        await CompleteJobAsync(first);
        var rows = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Restart-proof thank-you" });
        await Expect(rows).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(rows.First).ToContainTextAsync("Completed", new() { Timeout = 30_000 });

        await app.RestartHostAsync(async () =>
        {
            await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Reconnecting" })).ToBeVisibleAsync();
            await CompleteJobAsync(second);
        });

        await Expect(rows).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        await Expect(rows.Filter(new() { HasText = "Completed" })).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        await Expect(live).ToBeVisibleAsync();
        await using var connection = await app.OpenAsync();
        Assert.Equal(2, await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM automation_execution_logs WHERE organization_id = @organization AND status = 'completed'", new { organization }));
        web.AssertNoConsoleErrors(NetworkRefusal);
    }

    [Fact]
    public async Task WaitingExecution_ShowsUntilInTheOrganizationsZone_Cancel_ThenRetryOfAnOffAutomationIsExplained()
    {
        var (organization, api) = await app.NewOrganizationAsync("Waiting Plumbing");
        using var _ = api;
        var workflow = await api.CreateWorkflowAsync(Workflow("Call back in two hours", "manual", active: true,
            new JsonObject { ["id"] = "wait", ["type"] = "delay", ["config"] = new JsonObject { ["duration"] = "PT2H" } }, TaskStep("call", "Call back")));
        var execution = await api.RunAsync(workflow);
        var waiting = await api.WaitForAsync(execution, statuses: "waiting");
        var until = waiting.GetProperty("steps")[0].GetProperty("output").GetProperty("until").GetDateTimeOffset();
        var newYork = TimeZoneInfo.ConvertTime(until, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
        await using var web = await app.OpenPageAsync();
        var page = web.Page;

        await web.SignInAsync(app.Token(organization), $"/executions/{execution}");

        var status = page.GetByRole(AriaRole.Definition).First;
        await Expect(status).ToContainTextAsync("Waiting");
        await Expect(page.GetByText($"Waits until {newYork:MMM d, yyyy, HH:mm:ss} E")).ToBeVisibleAsync();
        await web.AssertAccessibleAsync("waiting execution");
        await web.ScreenshotAsync("execution-waiting");

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel execution" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Cancel this execution?" });
        await Expect(dialog).ToBeVisibleAsync();
        await web.ScreenshotAsync("execution-cancel-dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Yes, cancel it" }).ClickAsync();
        await Expect(status).ToContainTextAsync("Cancelled");
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Steps" })).ToContainTextAsync("Stopped before it finished");
        await using var connection = await app.OpenAsync();
        Assert.Equal("cancelled", await connection.ExecuteScalarAsync<string>("SELECT status FROM automation_execution_logs WHERE id = @execution", new { execution }));

        using (var off = await api.PostAsync(new Uri($"api/workflows/{workflow}/deactivate", UriKind.Relative), null))
        {
            off.EnsureSuccessStatusCode();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Run again" }).ClickAsync();
        var problem = page.GetByRole(AriaRole.Alert);
        await Expect(problem).ToContainTextAsync("This execution could not be run again");
        await Expect(problem).ToContainTextAsync("Workflow 'Call back in two hours' is inactive: activate it before retrying.");
        Assert.DoesNotContain("{", await problem.InnerTextAsync(), StringComparison.Ordinal);
        web.AssertNoConsoleErrors(NetworkRefusal);
    }

    [Fact]
    public async Task AnotherOrganizationsExecution_IsNotFound_AndShowsNothingOfIt()
    {
        var (owner, api) = await app.NewOrganizationAsync("Private Plumbing");
        Guid execution;
        using (api)
        {
            execution = await api.RunAsync(await api.CreateWorkflowAsync(Workflow("Private run", "manual", active: true, TaskStep("t", "Secret task"))));
        }

        await using var web = await app.OpenPageAsync();
        await web.SignInAsync(app.Token(DemoOrganization.Id), $"/executions/{execution}");

        await Expect(web.Page.GetByText("Not found", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(web.Page.GetByText("Private run")).ToHaveCountAsync(0);
        Assert.NotEqual(owner, DemoOrganization.Id);
        web.AssertNoConsoleErrors(NetworkRefusal);
    }

    [Fact]
    public async Task Metrics_DeepLinkSignedIn_ShowsChartsAndTheNumbersAsATable()
    {
        var (organization, api) = await app.NewOrganizationAsync("Metrics Plumbing");
        Guid workflow;
        using (api)
        {
            workflow = await api.CreateWorkflowAsync(Workflow("Measured", "manual", active: true, TaskStep("t", "x")));
        }

        await using (var connection = await app.OpenAsync())
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO automation_metrics (organization_id, workflow_id, period_start, period_end, total_executions, successful_executions,
                                                failed_executions, average_execution_time_ms, emails_sent, sms_sent, webhooks_sent)
                SELECT @organization, @workflow, date_trunc('hour', now()) - h * interval '1 hour', date_trunc('hour', now()) - (h - 1) * interval '1 hour',
                       5, 4, 1, 1200, 3, 2, 1
                  FROM generate_series(1, 3) AS h
                """,
                new { organization, workflow });
        }

        await using var web = await app.OpenPageAsync();
        var page = web.Page;
        await web.SignInAsync(app.Token(organization), "/metrics?range=24h");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Metrics" })).ToBeVisibleAsync();
        Assert.DoesNotContain("token", page.Url, StringComparison.Ordinal);
        var ran = page.GetByRole(AriaRole.Region, new() { Name = "How the automations ran" });
        await Expect(ran).ToContainTextAsync("Executions15");
        await Expect(ran).ToContainTextAsync("Success rate80%");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "What the automations did" })).ToContainTextAsync("Texts sent0");
        await Expect(page.GetByRole(AriaRole.Img, new() { NameRegex = new System.Text.RegularExpressions.Regex("12 succeeded and 3 failed") })).ToBeVisibleAsync();
        var table = page.GetByRole(AriaRole.Table, new() { NameRegex = new System.Text.RegularExpressions.Regex("^By hour") });
        // Every hour of the last 24 (the first one begun before them), those without executions too; and the header row.
        await Expect(table.GetByRole(AriaRole.Row)).ToHaveCountAsync(26);
        await Expect(table.GetByRole(AriaRole.Row).Filter(new() { HasText = "80%" })).ToHaveCountAsync(3);
        await Expect(table).ToContainTextAsync("in Eastern Time");
        await web.AssertAccessibleAsync("metrics");
        await web.ScreenshotAsync("metrics");
        await page.SetViewportSizeAsync(360, 800);
        await AssertFitsAsync(page, "metrics");
        await web.ScreenshotAsync("metrics-360");
        web.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task RefusedToken_ReturnsToSignInWithAMessage_AndSignOutForgetsTheToken()
    {
        var token = app.Token(DemoOrganization.Id);
        await using var web = await app.OpenPageAsync();
        var page = web.Page;

        await web.SignInAsync(token[..^4] + "AAAA", "/executions");

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sign-in\\?returnTo=%2Fexecutions$"));
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Your session has ended");
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('fixlify.token')"));
        await web.AssertAccessibleAsync("sign-in");
        await web.ScreenshotAsync("sign-in");

        await page.GetByLabel("Development token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Executions" })).ToBeVisibleAsync();
        await AssertFitsAsync(page, "executions", 360);
        await page.SetViewportSizeAsync(360, 800);
        await web.ScreenshotAsync("executions-after-sign-in-360");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('fixlify.token')"));
        web.AssertNoConsoleErrors(NetworkRefusal);
    }

    /// <summary>No sideways scrolling at the page's width (360 px phones and up).</summary>
    static async Task AssertFitsAsync(IPage page, string screen, int? width = null)
    {
        if (width is { } w)
        {
            await page.SetViewportSizeAsync(w, 800);
        }

        // A chart follows the window through a ResizeObserver, a frame or two after the resize: wait for it (5 s at most).
        try
        {
            await page.WaitForFunctionAsync(
                "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth", null, new PageWaitForFunctionOptions { Timeout = 5_000 });
        }
        catch (TimeoutException)
        {
        }

        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"{screen} is {widths[0]} px wide in a {widths[1]} px window");
    }

    async Task<Guid> JobAsync(Guid organization)
    {
        await using var connection = await app.OpenAsync();
        return await TestData.JobAsync(connection, organization, await TestData.ClientAsync(connection, organization), status: "in_progress");
    }

    /// <summary>As the office's own software would: a plain UPDATE in PostgreSQL.</summary>
    async Task CompleteJobAsync(Guid job)
    {
        await using var connection = await app.OpenAsync();
        await connection.ExecuteAsync("UPDATE jobs SET status = 'completed' WHERE id = @job", new { job });
    }

    async Task<bool> IsActiveAsync(string name)
    {
        await using var connection = await app.OpenAsync();
        return await connection.ExecuteScalarAsync<bool>("SELECT is_active FROM automation_workflows WHERE name = @name AND organization_id = @org", new { name, org = DemoOrganization.Id });
    }

    static JsonObject Workflow(string name, string triggerType, bool active, params JsonObject[] steps) => new()
    {
        ["name"] = name,
        ["triggerType"] = triggerType,
        ["isActive"] = active,
        ["steps"] = new JsonArray([.. steps]),
    };

    static JsonObject TaskStep(string id, string title) => new()
    {
        ["id"] = id,
        ["type"] = "action",
        ["actionType"] = "create_task",
        ["config"] = new JsonObject { ["title"] = title, ["dueIn"] = "P1D" },
    };
}
