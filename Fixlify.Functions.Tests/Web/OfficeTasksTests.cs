using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using Fixlify.Tests.Fixtures;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Fixlify.Tests.Fixtures.ApiCalls;
using static Microsoft.Playwright.Assertions;

namespace Fixlify.Tests.Web;

/// <summary>
/// The office manager's own tasks (issue 21), done in Debian's Chromium only by clicking and typing plain values — no
/// <c>{{</c>, no dotted paths, no ISO durations typed. Each saved definition is checked in PostgreSQL and by a dry run on a
/// seeded record; each test prints the clicks and fields it took, and keeps a screenshot of every settings panel.
/// </summary>
public sealed partial class OfficeTasksTests(BrowserApp app, ITestOutputHelper output) : IClassFixture<BrowserApp>
{
    const string ConfirmationTemplate = "7e3b1a7e-0000-4000-8000-00000000000d";

    [Fact]
    public async Task DayBeforeReminder_FromTheTemplate_ChangedTo48HoursBefore()
    {
        var (organization, api) = await app.NewOrganizationAsync("Reminder Plumbing");
        // At 14:00 in the organization's zone five days on, so 48 hours before is never in the texts' quiet hours (the test
        // once failed when run in the evening: the text was rightly put off to 08:00).
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var at = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, newYork).Date.AddDays(5).AddHours(14);
        var job = await JobAsync(organization, "Water heater install", new DateTimeOffset(at, newYork.GetUtcOffset(at)).ToUniversalTime());
        await using var web = await app.OpenPageAsync(1366, 800);
        var page = web.Page;
        var effort = new Effort(output, "(a) day-before reminder from the template, 48 hours before");
        await web.SignInAsync(app.Token(organization), "/automations/new");

        await effort.ClickAsync(page.GetByRole(AriaRole.Button, new() { Name = "Use this template: Appointment confirmation by text" }));
        await effort.ClickAsync(page.GetByRole(AriaRole.Link, new() { Name = "Appointment confirmation by text", Exact = true }));
        var wait = page.Locator(".react-flow__node").Filter(new() { HasText = "24 hours before" });
        await Expect(wait).ToBeVisibleAsync();

        await effort.ClickAsync(wait);
        await effort.FillAsync(Panel(page).GetByLabel("How long before or after", new() { Exact = true }), "48");
        await effort.FillAsync(Panel(page).GetByLabel("Name on the canvas"), "Wait until 48 hours before the job");
        await Expect(Panel(page)).ToContainTextAsync("48 hours before");
        await web.ScreenshotAsync("task-a-wait");
        await effort.ClickAsync(page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }));
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved · version 2" })).ToBeVisibleAsync();
        effort.Report();

        var saved = (await StepsAsync(organization, "Appointment confirmation by text")).Single(n => (string?)n["id"] == "day-before");
        Assert.Equal("job.scheduled_start", (string?)saved["data"]!["config"]!["until"]);
        Assert.Equal("-PT48H", (string?)saved["data"]!["config"]!["offset"]);

        var workflow = await WorkflowIdAsync(organization, "Appointment confirmation by text");
        var report = await api.DryRunAsync(workflow, new JsonObject { ["jobId"] = job.ToString() });
        var ask = report.DryRunStep("ask");
        var start = await ScheduledStartAsync(job);
        Assert.Equal(start - TimeSpan.FromHours(48), ask.Time("at"));
        web.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task OverdueInvoice_EmailAt7Days_Wait3Days_TextIfStillUnpaid()
    {
        var (organization, api) = await app.NewOrganizationAsync("Dunning Plumbing");
        var invoice = await InvoiceAsync(organization, DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-8)));
        await using var web = await app.OpenPageAsync(1366, 800);
        var page = web.Page;
        var effort = new Effort(output, "(b) overdue invoice: email at 7 days, wait 3 days, text if still unpaid");
        await web.SignInAsync(app.Token(organization), "/automations/new");

        await effort.FillAsync(page.GetByLabel("Name"), "Overdue invoice reminder");
        await effort.ChooseAsync(page.GetByLabel("Starts when"), "Invoice overdue");
        await effort.ClickAsync(page.GetByRole(AriaRole.Button, new() { Name = "Open the builder" }));
        await effort.ClickAsync(TriggerNode(page));
        await effort.FillAsync(Panel(page).GetByLabel("Days after the due date"), "7");
        await web.ScreenshotAsync("task-b-trigger");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "No problems" })).ToBeVisibleAsync();

        await AddStepAsync(effort, page, "Send an email");
        var subject = Panel(page).GetByRole(AriaRole.Textbox, new() { Name = "Subject", Exact = true });
        await effort.TypeAsync(subject, "Invoice @number");
        await effort.ClickAsync(Suggestion(page, "Invoice › Number"));
        await subject.PressSequentiallyAsync("is past due");
        var text = Panel(page).GetByRole(AriaRole.Textbox, new() { Name = "Plain-text version", Exact = true });
        await effort.TypeAsync(text, "Hi @first");
        await effort.ClickAsync(Suggestion(page, "Client › First name"));
        await text.PressAsync("Backspace");
        await text.PressSequentiallyAsync(", your invoice of ");
        await effort.ChooseAsync(Panel(page).GetByLabel("Insert a detail into Plain-text version"), "Invoice › Total");
        await text.PressSequentiallyAsync("is a week past due. Please pay it soon.");
        await web.ScreenshotAsync("task-b-email");

        await AddStepAsync(effort, page, "Wait");
        await effort.FillAsync(Panel(page).GetByLabel("How long", new() { Exact = true }), "3");
        await effort.ChooseAsync(Panel(page).GetByLabel("How long: unit"), "days");
        await web.ScreenshotAsync("task-b-wait");

        await AddStepAsync(effort, page, "Check");
        await effort.ClickAsync(Panel(page).GetByRole(AriaRole.Button, new() { Name = "Add a rule" }));
        await effort.ChooseAsync(Panel(page).GetByLabel("Field", new() { Exact = true }), "Invoice › Status");
        await effort.ChooseAsync(Panel(page).GetByLabel("Test", new() { Exact = true }), "is not");
        await effort.ChooseAsync(Panel(page).GetByLabel("Value", new() { Exact = true }), "Paid");
        await web.ScreenshotAsync("task-b-check");

        await AddStepAsync(effort, page, "Send a text");
        var sms = Panel(page).GetByRole(AriaRole.Textbox, new() { Name = "Text message", Exact = true });
        await effort.TypeAsync(sms, "Hi @first");
        await effort.ClickAsync(Suggestion(page, "Client › First name"));
        await sms.PressAsync("Backspace");
        await sms.PressSequentiallyAsync(", invoice ");
        await effort.ChooseAsync(Panel(page).GetByLabel("Insert a detail into Text message"), "Invoice › Number");
        await sms.PressSequentiallyAsync("is now 10 days past due. Reply STOP to opt out.");
        await web.ScreenshotAsync("task-b-text");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "No problems" })).ToBeVisibleAsync();
        var sentence = page.GetByText(SentenceOfTaskB());
        await Expect(sentence).ToBeVisibleAsync();
        output.WriteLine("The automation in one sentence: " + await sentence.InnerTextAsync());
        await effort.ClickAsync(page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }));
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved · version 1" })).ToBeVisibleAsync();
        effort.Report();

        // PostgreSQL holds the automation the engine runs: the trigger at 7 days, email → wait P3D → check → text.
        await using (var connection = await app.OpenAsync())
        {
            var config = await connection.ExecuteScalarAsync<string>(
                "SELECT trigger_config::text FROM automation_workflows WHERE organization_id = @organization AND name = 'Overdue invoice reminder'", new { organization });
            Assert.Equal(7, (int)JsonNode.Parse(config!)!["daysOverdue"]!);
        }

        var nodes = await StepsAsync(organization, "Overdue invoice reminder");
        var byType = nodes.ToLookup(n => (string?)n["data"]!["actionType"] ?? (string)n["type"]!);
        Assert.Equal("P3D", (string?)byType["delay"].Single()["data"]!["config"]!["duration"]);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"all":[{"field":"invoice.status","op":"ne","value":"paid"}]}"""), byType["condition"].Single()["data"]!["config"]));
        Assert.Contains("{{ invoice.number }}", (string?)byType["send_email"].Single()["data"]!["config"]!["subject"]);
        Assert.Contains("{{ client.first_name }}", (string?)byType["send_sms"].Single()["data"]!["config"]!["message"]);

        // A dry run on the seeded invoice: the email's subject and the text read as the client will read them.
        var workflow = await WorkflowIdAsync(organization, "Overdue invoice reminder");
        var report = await api.DryRunAsync(workflow, new JsonObject { ["invoiceId"] = invoice.Id.ToString() });
        var email = report.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("type").GetString() == "send_email");
        Assert.Equal($"Invoice {invoice.Number} is past due", email.GetProperty("preview").GetProperty("subject").GetString());
        Assert.Contains("$1,250.00", email.GetProperty("preview").GetProperty("text").GetString(), StringComparison.Ordinal);
        var text2 = report.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("type").GetString() == "send_sms");
        Assert.StartsWith($"Hi Alex, invoice {invoice.Number}", text2.GetProperty("preview").GetProperty("text").GetString(), StringComparison.Ordinal);
        web.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task TwoHoursAfterAJob_ThankByEmailWithAReviewLink_OrTextWithoutAnEmail()
    {
        var (organization, api) = await app.NewOrganizationAsync("Review Plumbing");
        var job = await JobAsync(organization, "Drain cleaning", DateTimeOffset.UtcNow.AddHours(-3));
        await using var web = await app.OpenPageAsync(1366, 800);
        var page = web.Page;
        var effort = new Effort(output, "(c) two hours after a job: email with a review link, else a text");
        await web.SignInAsync(app.Token(organization), "/automations/new");

        await effort.FillAsync(page.GetByLabel("Name"), "Thank and ask for a review");
        await effort.ChooseAsync(page.GetByLabel("Starts when"), "Job completed");
        await effort.ClickAsync(page.GetByRole(AriaRole.Button, new() { Name = "Open the builder" }));

        await AddStepAsync(effort, page, "Wait");
        await effort.FillAsync(Panel(page).GetByLabel("How long", new() { Exact = true }), "2");
        await effort.ChooseAsync(Panel(page).GetByLabel("How long: unit"), "hours");

        await AddStepAsync(effort, page, "Check");
        await effort.ClickAsync(Panel(page).GetByRole(AriaRole.Button, new() { Name = "Add a rule" }));
        await effort.ChooseAsync(Panel(page).GetByLabel("Field", new() { Exact = true }), "Client › Email");
        await effort.ChooseAsync(Panel(page).GetByLabel("Test", new() { Exact = true }), "is filled in");
        await web.ScreenshotAsync("task-c-check");

        await AddStepAsync(effort, page, "Send an email");
        await effort.TypeAsync(Panel(page).GetByRole(AriaRole.Textbox, new() { Name = "Subject", Exact = true }), "Thank you for choosing us");
        var body = Panel(page).GetByRole(AriaRole.Textbox, new() { Name = "Plain-text version", Exact = true });
        await effort.TypeAsync(body, "Hi @first");
        await effort.ClickAsync(Suggestion(page, "Client › First name"));
        await body.PressAsync("Backspace");
        await body.PressSequentiallyAsync(", thank you! Tell us how we did: https://reviews.example.com/review-plumbing");
        await web.ScreenshotAsync("task-c-email");

        await effort.ClickAsync(Node(page, "Check"));
        await effort.ChooseAsync(page.GetByLabel("Connect to"), "“Check”: No");
        await AddStepAsync(effort, page, "Send a text");
        var sms = Panel(page).GetByRole(AriaRole.Textbox, new() { Name = "Text message", Exact = true });
        await effort.TypeAsync(sms, "Hi @first");
        await effort.ClickAsync(Suggestion(page, "Client › First name"));
        await sms.PressAsync("Backspace");
        await sms.PressSequentiallyAsync(", thank you! Review us: https://reviews.example.com/review-plumbing");
        await web.ScreenshotAsync("task-c-text");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "No problems" })).ToBeVisibleAsync();
        await effort.ClickAsync(page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }));
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved · version 1" })).ToBeVisibleAsync();
        effort.Report();

        var nodes = await StepsAsync(organization, "Thank and ask for a review");
        var edges = await EdgesAsync(organization, "Thank and ask for a review");
        var byType = nodes.ToLookup(n => (string?)n["data"]!["actionType"] ?? (string)n["type"]!);
        Assert.Equal("PT2H", (string?)byType["delay"].Single()["data"]!["config"]!["duration"]);
        var check = byType["condition"].Single();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"all":[{"field":"client.email","op":"exists"}]}"""), check["data"]!["config"]), check.ToJsonString());
        var yes = edges.Single(e => (string?)e["source"] == (string?)check["id"] && (string?)e["sourceHandle"] == "true");
        var no = edges.Single(e => (string?)e["source"] == (string?)check["id"] && (string?)e["sourceHandle"] == "false");
        Assert.Equal((string?)byType["send_email"].Single()["id"], (string?)yes["target"]);
        Assert.Equal((string?)byType["send_sms"].Single()["id"], (string?)no["target"]);

        // Dry runs on two seeded jobs: a client with an email gets the email, one without gets the text.
        var workflow = await WorkflowIdAsync(organization, "Thank and ask for a review");
        var emailed = await api.DryRunAsync(workflow, new JsonObject { ["jobId"] = job.ToString() });
        Assert.Equal("would_run", emailed.DryRunStep((string)byType["send_email"].Single()["id"]!).GetProperty("status").GetString());
        var textOnly = await JobAsync(organization, "Faucet repair", DateTimeOffset.UtcNow.AddHours(-3), email: null);
        var texted = await api.DryRunAsync(workflow, new JsonObject { ["jobId"] = textOnly.ToString() });
        var smsStep = texted.DryRunStep((string)byType["send_sms"].Single()["id"]!);
        Assert.Equal("would_run", smsStep.GetProperty("status").GetString());
        Assert.StartsWith("Hi Alex, thank you!", smsStep.GetProperty("preview").GetProperty("text").GetString(), StringComparison.Ordinal);
        web.AssertNoConsoleErrors();
    }

    static ILocator Node(IPage page, string name) => page.GetByRole(AriaRole.Group, new() { Name = name, Exact = true });

    static ILocator TriggerNode(IPage page) => page.GetByRole(AriaRole.Group, new() { NameRegex = TriggerName() });

    static ILocator Panel(IPage page) => page.Locator("aside.side-panel");

    /// <summary>
    /// Adds a step from the palette once the screen has settled: the check of the last edit answered (its problems banner
    /// comes and goes above the canvas and moves the palette), as a person clicks on what they see.
    /// </summary>
    static async Task AddStepAsync(Effort effort, IPage page, string name)
    {
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Checking" })).ToHaveCountAsync(0);
        await effort.ClickAsync(page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true }));
    }

    /// <summary>A detail offered after typing <c>@</c> in a message.</summary>
    static ILocator Suggestion(IPage page, string name) =>
        Panel(page).GetByRole(AriaRole.Listbox, new() { Name = "Details" }).GetByRole(AriaRole.Option, new() { Name = name });

    [GeneratedRegex("^When an invoice is 7 days overdue: email the client, wait 3 days, then if .*text the client")]
    private static partial Regex SentenceOfTaskB();

    [GeneratedRegex("^When")]
    private static partial Regex TriggerName();

    async Task<Guid> JobAsync(Guid organization, string title, DateTimeOffset start, string? email = "alex@example.com")
    {
        await using var connection = await app.OpenAsync();
        var client = await TestData.ClientAsync(connection, organization, email: email);
        var job = await TestData.JobAsync(connection, organization, client, start: start);
        await connection.ExecuteAsync("UPDATE jobs SET title = @title WHERE id = @job", new { title, job });
        return job;
    }

    async Task<(Guid Id, string Number)> InvoiceAsync(Guid organization, DateOnly due)
    {
        await using var connection = await app.OpenAsync();
        var client = await TestData.ClientAsync(connection, organization);
        var invoice = await TestData.InvoiceAsync(connection, organization, client, status: "sent", dueDate: due, total: 1250m);
        return (invoice, await connection.ExecuteScalarAsync<string>("SELECT number FROM invoices WHERE id = @invoice", new { invoice }) ?? "");
    }

    async Task<DateTimeOffset> ScheduledStartAsync(Guid job)
    {
        await using var connection = await app.OpenAsync();
        var start = await connection.ExecuteScalarAsync<DateTime>("SELECT scheduled_start FROM jobs WHERE id = @job", new { job });
        return new DateTimeOffset(DateTime.SpecifyKind(start, DateTimeKind.Utc));
    }

    async Task<Guid> WorkflowIdAsync(Guid organization, string name)
    {
        await using var connection = await app.OpenAsync();
        return await connection.ExecuteScalarAsync<Guid>(
            "SELECT id FROM automation_workflows WHERE organization_id = @organization AND name = @name", new { organization, name });
    }

    async Task<List<JsonNode>> StepsAsync(Guid organization, string name) =>
        [.. JsonNode.Parse(await ColumnAsync(organization, name, "nodes"))!.AsArray().Select(n => n!)];

    async Task<List<JsonNode>> EdgesAsync(Guid organization, string name) =>
        [.. JsonNode.Parse(await ColumnAsync(organization, name, "edges"))!.AsArray().Select(n => n!)];

    async Task<string> ColumnAsync(Guid organization, string name, string column)
    {
        await using var connection = await app.OpenAsync();
        var sql = column == "nodes"
            ? "SELECT nodes::text FROM automation_workflows WHERE organization_id = @organization AND name = @name"
            : "SELECT edges::text FROM automation_workflows WHERE organization_id = @organization AND name = @name";
        return await connection.ExecuteScalarAsync<string>(sql, new { organization, name }) ?? "[]";
    }
}
