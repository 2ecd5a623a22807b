using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using Fixlify.Tests.Fixtures;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Fixlify.Tests.Web;

/// <summary>
/// The builder's canvas as an office manager reads it on a 1366×800 laptop, in Debian's Chromium against the standalone
/// host on PostgreSQL: every catalog template and a 300-node workflow open with node text of 12 px or more; nodes never
/// cover each other, dry-run notes included; a check's Yes and No leave from its own sides; dragging the background
/// pans and dragging a step moves it; the automation reads as one sentence; the dry run says who receives what, when.
/// </summary>
public sealed partial class BuilderCanvasTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    /// <summary>The smallest text of the drawn nodes in screen pixels (font size × the canvas's zoom), and the zoom.</summary>
    const string SmallestNodeTextScript =
        """
        () => {
          const viewport = document.querySelector('.react-flow__viewport');
          const zoom = new DOMMatrixReadOnly(getComputedStyle(viewport).transform).a;
          let smallest = Infinity;
          for (const element of document.querySelectorAll('.react-flow__node *')) {
            if ([...element.childNodes].some(n => n.nodeType === 3 && n.textContent.trim() !== '')) {
              smallest = Math.min(smallest, parseFloat(getComputedStyle(element).fontSize) * zoom);
            }
          }
          return [smallest, zoom];
        }
        """;

    [Fact]
    public async Task EveryTemplate_OpensAt1366By800_ReadableAndWithoutOverlaps_SaidInOneSentence()
    {
        var (organization, api) = await app.NewOrganizationAsync("Template Reading Plumbing");
        using var listed = await api.GetAsync(new Uri("api/templates", UriKind.Relative));
        var templates = (await listed.Content.ReadFromJsonAsync<JsonObject>())!["items"]!.AsArray();
        Assert.NotEmpty(templates);
        await using var web = await app.OpenPageAsync(1366, 800);
        var page = web.Page;
        await web.SignInAsync(app.Token(organization), "/");

        foreach (var template in templates)
        {
            using var created = await api.PostAsJsonAsync(new Uri($"api/templates/{template!["id"]}/instantiate", UriKind.Relative), new JsonObject());
            var workflowId = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.ToString();
            await page.GotoAsync($"/workflows/{workflowId}");
            await Expect(page.Locator(".react-flow__node").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "No problems" })).ToBeVisibleAsync(new() { Timeout = 15_000 });
            await page.WaitForTimeoutAsync(300);

            var name = template["name"]!.ToString();
            var (smallest, _) = await SmallestNodeTextAsync(page);
            Assert.True(smallest >= 12, $"“{name}”: the smallest node text is {smallest:0.0} px");
            await AssertNoOverlapAsync(page, name);
            var sentence = await page.Locator(".automation-sentence").InnerTextAsync();
            Assert.Matches(@"^[A-Z][^\n]+: .+\.", sentence);
            Assert.DoesNotMatch(CodeWords(), sentence);
            await ShotAsync(page, $"template-{Slug(name)}");
        }

        web.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task LongWorkflow_OpensAtItsTriggerReadable_AndTheWheelScrollsIt()
    {
        var (organization, api) = await app.NewOrganizationAsync("Long Flow Plumbing");
        var nodes = new JsonArray(Node("trigger", "trigger", 0, 0, new JsonObject()));
        var edges = new JsonArray();
        for (var i = 0; i < 299; i++)
        {
            nodes.Add(Node($"task{i}", "action", 0, 170 * (i + 1), new JsonObject { ["actionType"] = "create_task", ["config"] = new JsonObject { ["title"] = $"Call the client, round {i + 1}" } }));
            edges.Add(Edge(i == 0 ? "trigger" : $"task{i - 1}", $"task{i}", null));
        }

        var workflowId = await api.CreateWorkflowAsync(new JsonObject { ["name"] = "Three hundred calls", ["triggerType"] = "job_completed", ["isActive"] = false, ["nodes"] = nodes, ["edges"] = edges });
        await using var web = await app.OpenPageAsync(1366, 800);
        var page = web.Page;
        await web.SignInAsync(app.Token(organization), $"/workflows/{workflowId}");
        await Expect(page.Locator(".react-flow__node").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await ShotAsync(page, "long-300-nodes");
        var pane = (await page.Locator(".react-flow__pane").BoundingBoxAsync())!;
        var opened = (await page.Locator(".step-node-trigger").BoundingBoxAsync())!;
        Assert.True(opened.Y >= pane.Y && opened.Y + opened.Height <= pane.Y + pane.Height, "the flow opens at its trigger");

        var (smallest, zoom) = await SmallestNodeTextAsync(page);
        Assert.True(smallest >= 12, $"the smallest node text is {smallest:0.0} px");
        var before = await page.Locator(".step-node-trigger").BoundingBoxAsync();
        await page.Locator(".react-flow__pane").HoverAsync();
        await page.Mouse.WheelAsync(0, 600);
        await page.WaitForTimeoutAsync(300);
        // Scrolled out of view, the trigger is no longer drawn at all (only visible nodes are, beyond 100).
        var after = await page.Locator(".step-node-trigger").CountAsync() == 0 ? null : await page.Locator(".step-node-trigger").BoundingBoxAsync();
        Assert.True(after is null || after.Y < before!.Y - 300, "the wheel scrolls the flow up");
        Assert.Equal(zoom, (await SmallestNodeTextAsync(page)).Zoom, 3);
        await ShotAsync(page, "long-300-nodes-scrolled");
        web.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Check_DrawsYesLeftAndNoRightFromItsSides_LabelledAtTheStart()
    {
        var (organization, api) = await app.NewOrganizationAsync("Branch Plumbing");
        var workflowId = await api.CreateWorkflowAsync(BranchWorkflow("Text or email"));
        await using var web = await app.OpenPageAsync(1366, 800);
        var page = web.Page;
        await web.SignInAsync(app.Token(organization), $"/workflows/{workflowId}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tidy up" }).ClickAsync();
        await page.WaitForTimeoutAsync(400);

        var check = (await Node(page, "Check").BoundingBoxAsync())!;
        var yes = (await Node(page, "Check").GetByText("Yes", new() { Exact = true }).BoundingBoxAsync())!;
        var no = (await Node(page, "Check").GetByText("No", new() { Exact = true }).BoundingBoxAsync())!;
        Assert.True(yes.X + yes.Width <= check.X + 1, "Yes is labelled outside the check's left side");
        Assert.True(no.X >= check.X + check.Width - 1, "No is labelled outside the check's right side");
        var sms = (await Node(page, "Text message").BoundingBoxAsync())!;
        var email = (await Node(page, "Email").BoundingBoxAsync())!;
        Assert.True(sms.X + sms.Width <= email.X, "the Yes step is left of the No step, so their lines do not cross");
        await Expect(page.Locator(".automation-sentence")).ToHaveTextAsync(
            "When a job is completed: wait 2 hours, then if Client › Opted out of texts is no, text the client; otherwise email the client.");
        await web.AssertAccessibleAsync("builder canvas branches");
        await ShotAsync(page, "check-yes-no");

        // On a 360 px phone the builder stacks: nothing scrolls sideways, and the sentence still reads whole.
        await page.SetViewportSizeAsync(360, 800);
        await page.WaitForTimeoutAsync(300);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"), "the builder scrolls sideways at 360 px");
        await Expect(page.Locator(".automation-sentence")).ToBeVisibleAsync();
        await web.ScreenshotAsync("canvas-builder-360");
        web.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task DraggingTheBackground_PansTheView_DraggingAStep_MovesOnlyIt()
    {
        var (organization, api) = await app.NewOrganizationAsync("Drag Plumbing");
        var workflowId = await api.CreateWorkflowAsync(BranchWorkflow("Drag me"));
        await using var web = await app.OpenPageAsync(1366, 800);
        var page = web.Page;
        await web.SignInAsync(app.Token(organization), $"/workflows/{workflowId}");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved · version 1" })).ToBeVisibleAsync(new() { Timeout = 30_000 });

        var canvas = (await page.Locator(".react-flow__pane").BoundingBoxAsync())!;
        var wait = (await Node(page, "Wait").BoundingBoxAsync())!;
        var check = (await Node(page, "Check").BoundingBoxAsync())!;
        // Press on empty canvas (its top left corner, left of the flow) and drag: the whole view moves.
        await page.Mouse.MoveAsync(canvas.X + 15, canvas.Y + 60);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(canvas.X + 95, canvas.Y + 100, new() { Steps = 8 });
        await page.Mouse.UpAsync();
        var panned = (await Node(page, "Wait").BoundingBoxAsync())!;
        var checkPanned = (await Node(page, "Check").BoundingBoxAsync())!;
        Assert.True(panned.X - wait.X > 40 && panned.Y - wait.Y > 15, $"the view moved right and down ({panned.X - wait.X:0}, {panned.Y - wait.Y:0})");
        Assert.Equal(panned.X - wait.X, checkPanned.X - check.X, 1);
        Assert.Equal(panned.Y - wait.Y, checkPanned.Y - check.Y, 1);
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved · version 1" })).ToBeVisibleAsync();

        // Press on a step and drag: that step moves, the others stay, and the change is unsaved.
        await page.Mouse.MoveAsync(panned.X + panned.Width / 2, panned.Y + 15);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(panned.X + panned.Width / 2 + 200, panned.Y + 15, new() { Steps = 8 });
        await page.Mouse.UpAsync();
        var moved = (await Node(page, "Wait").BoundingBoxAsync())!;
        Assert.True(moved.X - panned.X > 100, $"the step moved right ({moved.X - panned.X:0})");
        Assert.Equal(checkPanned.X, (await Node(page, "Check").BoundingBoxAsync())!.X, 1);
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Unsaved changes" })).ToBeVisibleAsync();
        web.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task DryRun_SaysWhoReceivesWhatAndWhen_AndItsNotesCoverNoStep()
    {
        var (organization, api) = await app.NewOrganizationAsync("Checked Dry Run Plumbing");
        var workflowId = await api.CreateWorkflowAsync(BranchWorkflow("Thank after the job"));
        await using (var connection = await app.OpenAsync())
        {
            var client = await TestData.ClientAsync(connection, organization, phone: "+15550104321");
            var job = await TestData.JobAsync(connection, organization, client, status: "in_progress");
            await connection.ExecuteAsync("UPDATE jobs SET title = 'Boiler service' WHERE id = @job", new { job });
        }

        await using var web = await app.OpenPageAsync(1366, 800);
        var page = web.Page;
        await web.SignInAsync(app.Token(organization), $"/workflows/{workflowId}");
        await page.GetByLabel("Find a job").FillAsync("boiler");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Boiler service" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Dry run" }).ClickAsync();

        var report = page.GetByRole(AriaRole.Region, new() { Name = "What the dry run would do" });
        var text = report.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Text message" });
        await Expect(text).ToContainTextAsync("Would send");
        await Expect(text).ToContainTextAsync("+1555•••4321");
        await Expect(text).Not.ToContainTextAsync("+15550104321");
        await Expect(text).ToContainTextAsync("Thanks Alex, Boiler service is done.");
        await Expect(report.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Check" })).ToContainTextAsync("Goes on");
        await Expect(report).ToContainTextAsync("Wait");
        await Expect(report).Not.ToContainTextAsync("Email");
        await page.WaitForTimeoutAsync(400);
        await AssertNoOverlapAsync(page, "after the dry run");
        await web.AssertAccessibleAsync("builder dry run report");
        await ShotAsync(page, "dry-run-panel");
        await report.ScrollIntoViewIfNeededAsync();
        await ShotAsync(page, "dry-run-panel-report");
        web.AssertNoConsoleErrors();
    }

    static async Task<(double Smallest, double Zoom)> SmallestNodeTextAsync(IPage page)
    {
        var result = await page.EvaluateAsync<double[]>(SmallestNodeTextScript);
        return (result[0], result[1]);
    }

    static async Task AssertNoOverlapAsync(IPage page, string what)
    {
        var nodes = page.Locator(".react-flow__node");
        var boxes = new List<LocatorBoundingBoxResult>();
        for (var i = 0; i < await nodes.CountAsync(); i++)
        {
            boxes.Add((await nodes.Nth(i).BoundingBoxAsync())!);
        }

        for (var i = 0; i < boxes.Count; i++)
        {
            for (var j = i + 1; j < boxes.Count; j++)
            {
                var (a, b) = (boxes[i], boxes[j]);
                var overlap = a.X < b.X + b.Width && b.X < a.X + a.Width && a.Y < b.Y + b.Height && b.Y < a.Y + a.Height;
                Assert.False(overlap, $"{what}: nodes {i} and {j} overlap");
            }
        }
    }

    /// <summary>A 1366×800 screenshot of the screen as it is (screenshots/canvas-&lt;name&gt;.png under the test output).</summary>
    static async Task ShotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserApp.Screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.Screenshots, $"canvas-{name}.png") });
    }

    static string Slug(string name) => SlugChars().Replace(name.ToLowerInvariant(), "-").Trim('-');

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex SlugChars();

    /// <summary>snake_case, a dotted path, an ISO-8601 duration, Liquid.</summary>
    [GeneratedRegex(@"\b[a-z]+_[a-z_]+\b|\b[a-z]+\.[a-z_]+\b|\bP(T?\d+[DHMSW])+\b|\{\{|\{%")]
    private static partial Regex CodeWords();

    static ILocator Node(IPage page, string name) => page.GetByRole(AriaRole.Group, new() { Name = name, Exact = true });

    /// <summary>trigger → wait 2 hours → check (not opted out of texts) → Yes: a text / No: an email; edges listed No first.</summary>
    static JsonObject BranchWorkflow(string name) => new()
    {
        ["name"] = name,
        ["triggerType"] = "job_completed",
        ["isActive"] = false,
        ["nodes"] = new JsonArray(
            Node("trigger", "trigger", 0, 0, new JsonObject()),
            Node("wait", "delay", 0, 170, new JsonObject { ["config"] = new JsonObject { ["duration"] = "PT2H" } }),
            Node("check", "condition", 0, 340, new JsonObject { ["config"] = JsonNode.Parse("""{"all":[{"field":"client.sms_opt_out","op":"eq","value":false}]}""") }),
            Node("email", "action", 180, 520, new JsonObject { ["actionType"] = "send_email", ["config"] = new JsonObject { ["subject"] = "Thanks", ["text"] = "Thanks" } }),
            Node("sms", "action", -180, 520, new JsonObject { ["actionType"] = "send_sms", ["config"] = new JsonObject { ["message"] = "Thanks {{ client.first_name }}, {{ job.title }} is done." } })),
        ["edges"] = new JsonArray(Edge("trigger", "wait", null), Edge("wait", "check", null), Edge("check", "email", "false"), Edge("check", "sms", "true")),
    };

    static JsonObject Node(string id, string type, int x, int y, JsonObject data) =>
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
}
