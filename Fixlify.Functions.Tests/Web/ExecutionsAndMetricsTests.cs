using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using Fixlify.Tests.Fixtures;
using Microsoft.Playwright;
using static Fixlify.Tests.Fixtures.ActionSteps;
using static Fixlify.Tests.Fixtures.ApiCalls;
using static Microsoft.Playwright.Assertions;

namespace Fixlify.Tests.Web;

/// <summary>
/// The Executions and Metrics screens in the office's words, in Debian's Chromium against the standalone host sending
/// for real (SMTP and a Telnyx stub): the list's record and client, an execution's email and text as sent and the
/// client's reply, and the metrics of one day and of thirty — checked against PostgreSQL, with axe and at 360 px.
/// </summary>
public sealed partial class ExecutionsAndMetricsTests(BrowserChannelsApp app) : IClassFixture<BrowserChannelsApp>
{
    /// <summary>An instant as ISO 8601 (2026-12-07T17:43 …): never on these screens.</summary>
    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")]
    private static partial Regex IsoInstant();

    /// <summary>Keys of the API's outputs and triggers, and the developer's words the screens once showed.</summary>
    [GeneratedRegex(@"\b(intent|timeoutAt|receivedAt|messageId|confirmed_at|requestedBy|statusCode|durationMs|branch|textHidden|entityType)\b|requested by|Went true|--")]
    private static partial Regex CodeWords();

    [Fact]
    public async Task ExecutionDetail_ShowsTheEmailAndTheTextAsSent_TheReplyInWords_AndWhoStartedIt_WithNoCodeWords()
    {
        var (organization, job) = await OrganizationWithJobAsync("Words Plumbing", "+15550501001");
        using var api = app.ClientFor(organization);
        api.DefaultRequestHeaders.Authorization = new("Bearer", app.Token(organization, "user-4c1d", name: "Dana Reyes"));
        var workflow = await api.CreateWorkflowAsync(new JsonObject
        {
            ["name"] = "Confirm the visit",
            ["triggerType"] = "manual",
            ["steps"] = new JsonArray(
                Action("mail", "send_email", new JsonObject { ["subject"] = "Your visit: {{ job.title }}", ["text"] = "Hi {{ client.first_name }},\nwe come tomorrow at 9." }),
                Action("ask", "send_sms", new JsonObject { ["message"] = "Hi {{ client.first_name }}, reply C to confirm {{ job.title }}." }),
                new JsonObject { ["id"] = "reply", ["type"] = "wait_for_reply", ["config"] = new JsonObject { ["timeout"] = "PT10M" } },
                Condition(
                    "answer", Rule("steps.reply.intent", "eq", "confirm"),
                    new JsonArray(Action("confirm", "update_record", new JsonObject
                    {
                        ["record"] = "job", ["fields"] = new JsonObject { ["confirmed_at"] = "{{ steps.reply.receivedAt }}" },
                    })),
                    new JsonArray(Action("other", "create_task", new JsonObject { ["title"] = "Answer: {{ steps.reply.reply }}" })))),
        });
        var execution = await api.RunAsync(workflow, new JsonObject { ["jobId"] = job.ToString() });
        await api.WaitForAsync(execution, TimeSpan.FromSeconds(60), "waiting");
        await app.TextInAsync("+15550501001", "C");
        Assert.Equal("completed", (await api.WaitForAsync(execution)).Status());

        await using var web = await app.OpenPageAsync();
        var page = web.Page;
        await web.SignInAsync(app.Token(organization, "office"), "/executions");

        // The list: the record and its client, in words, as PostgreSQL has them.
        await using var connection = await app.OpenAsync();
        var (title, clientName) = await connection.QuerySingleAsync<(string, string)>(
            "SELECT j.title, c.first_name || ' ' || c.last_name FROM jobs j JOIN clients c ON c.id = j.client_id WHERE j.id = @job", new { job });
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Confirm the visit" });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.GetByRole(AriaRole.Cell).Nth(2)).ToHaveTextAsync($"Job “{title}”");
        await Expect(row.GetByRole(AriaRole.Cell).Nth(3)).ToHaveTextAsync(clientName);
        await Expect(row.GetByRole(AriaRole.Cell).Nth(4)).ToHaveTextAsync("Dana Reyes, by hand");
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Record" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Client" })).ToBeVisibleAsync();
        AssertInWords(await page.InnerTextAsync("main"), "executions");
        await web.AssertAccessibleAsync("executions with records");
        await web.ScreenshotAsync("i23-executions");

        // The detail: what was sent, as sent; the reply and what it changed; who started it; times to the second.
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Confirm the visit", Level = 1 })).ToBeVisibleAsync();
        var steps = page.GetByRole(AriaRole.List, new() { Name = "Steps" });
        var sentText = Assert.Single(app.TextsTo("+15550501001"));
        Assert.Equal("Hi Carla, reply C to confirm Fix leak.", sentText);
        var mail = steps.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Email" }).First;
        await Expect(mail).ToContainTextAsync("SubjectYour visit: Fix leak");
        await Expect(mail).ToContainTextAsync("Hi Carla,\nwe come tomorrow at 9.");
        await Expect(mail).ToContainTextAsync("c•••@example.com");
        var text = steps.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Text message" }).First;
        await Expect(text).ToContainTextAsync(sentText);
        await Expect(steps.GetByRole(AriaRole.Term).Filter(new() { HasText = "Client replied" })).ToHaveCountAsync(1);
        await Expect(steps.GetByRole(AriaRole.Definition).Filter(new() { HasText = "— confirmed" })).ToHaveTextAsync("C — confirmed");
        await Expect(steps.GetByRole(AriaRole.Definition).Filter(new() { HasText = "Confirmed at:" })).ToHaveTextAsync(new Regex(@"^Job: Confirmed at: \w{3} \d{1,2}, \d{4}, \d{2}:\d{2}:\d{2} E[SD]T$"));
        await Expect(steps).ToContainTextAsync("Yes — the check held");
        await Expect(page.GetByRole(AriaRole.Definition).Filter(new() { HasText = "by hand" })).ToHaveTextAsync("Dana Reyes, by hand");
        await Expect(page.GetByRole(AriaRole.Definition).Filter(new() { HasText = "Job “" })).ToHaveTextAsync($"Job “{title}”");
        var visible = await page.InnerTextAsync("main");
        AssertInWords(visible, "execution detail");
        Assert.DoesNotContain("+15550501001", visible, StringComparison.Ordinal);
        Assert.DoesNotContain("carla@example.com", visible, StringComparison.Ordinal);
        Assert.Matches(@"\d{1,2}:\d{2}:\d{2} E[SD]T", visible);

        // PostgreSQL agrees: the step rows keep the texts the page shows, and the job is confirmed.
        var kept = await connection.QueryAsync<(string StepKey, string? Text)>(
            "SELECT step_key, output->>'text' FROM automation_execution_steps WHERE execution_id = @execution AND step_key IN ('mail', 'ask') ORDER BY step_key", new { execution });
        Assert.Equal([("ask", sentText), ("mail", "Hi Carla,\nwe come tomorrow at 9.")], kept);
        Assert.NotNull(await connection.ExecuteScalarAsync<DateTime?>("SELECT confirmed_at FROM jobs WHERE id = @job", new { job }));
        await web.AssertAccessibleAsync("execution detail with an email and a text");
        await web.ScreenshotAsync("i23-execution-email-sms");
        await AssertFitsAsync(page, "execution detail", 360);
        await web.ScreenshotAsync("i23-execution-email-sms-360");
        web.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Metrics_OneDayOfData_LeadsWithWhatWasDone_EveryChartLabelledWithLegendValues()
    {
        var (organization, workflow) = await MeasuredOrganizationAsync("One Day Plumbing");
        await SeedDaysAsync(organization, workflow, days: 1);

        await using var web = await app.OpenPageAsync();
        var page = web.Page;
        await web.SignInAsync(app.Token(organization), "/metrics?range=7d");

        var done = page.GetByRole(AriaRole.Region, new() { Name = "What the automations did" });
        await Expect(done).ToContainTextAsync("Texts sent3");
        await Expect(done).ToContainTextAsync("Emails sent2");
        await Expect(done).ToContainTextAsync("Tasks created1");
        await Expect(done).ToContainTextAsync("Replies received1");
        await Expect(done).ToContainTextAsync("Confirmations1");
        await Expect(done).ToContainTextAsync("Failures needing attention1");
        await Expect(done.GetByRole(AriaRole.List, new() { Name = "What was done, by day: legend" })).ToContainTextAsync("Texts sent: 3");
        var ran = page.GetByRole(AriaRole.Region, new() { Name = "How the automations ran" });
        await Expect(ran).ToContainTextAsync("Executions4");
        await Expect(ran).ToContainTextAsync("Success rate75%");
        await Expect(ran.GetByRole(AriaRole.List, new() { Name = "Executions, by day: legend" })).ToContainTextAsync("Succeeded: 3");
        await Expect(ran.GetByRole(AriaRole.List, new() { Name = "Average time, by day: legend" })).ToContainTextAsync("Average time: 1.2 s overall");

        // Which comes first on the screen: what was achieved (the goals, issue 27), what was done, then how it ran.
        var headings = await page.GetByRole(AriaRole.Heading, new() { Level = 2 }).AllInnerTextsAsync();
        Assert.Equal(["What the automations achieved", "What the automations did", "How the automations ran"], headings);
        var today = await TodayLabelAsync(organization);
        await AssertChartsLabelledAsync(page, minimumLabels: 8, today);
        await using (var connection = await app.OpenAsync())
        {
            Assert.Equal(3, await connection.ExecuteScalarAsync<int>(
                "SELECT count(*) FROM automation_deliveries WHERE organization_id = @organization AND channel = 'sms' AND status = 'sent'", new { organization }));
        }

        AssertInWords(await page.InnerTextAsync("main"), "metrics, one day");
        await web.AssertAccessibleAsync("metrics, one day");
        await web.ScreenshotAsync("i23-metrics-one-day");
        await AssertFitsAsync(page, "metrics, one day", 360);
        await web.ScreenshotAsync("i23-metrics-one-day-360");
        web.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Metrics_ThirtyDaysOfData_EveryDayHasItsRow_AndTheChartsLabelsAndLegendsHoldThem()
    {
        var (organization, workflow) = await MeasuredOrganizationAsync("Thirty Days Plumbing");
        await SeedDaysAsync(organization, workflow, days: 30);

        await using var web = await app.OpenPageAsync();
        var page = web.Page;
        await web.SignInAsync(app.Token(organization), "/metrics?range=30d");

        var done = page.GetByRole(AriaRole.Region, new() { Name = "What the automations did" });
        await Expect(done).ToContainTextAsync("Texts sent90");
        await Expect(done.GetByRole(AriaRole.List, new() { Name = "What was done, by day: legend" })).ToContainTextAsync("Confirmations: 30");
        var table = page.GetByRole(AriaRole.Table, new() { NameRegex = new Regex("^By day") });
        // The 30 days back from now, today included: 31 calendar days of the zone, each with its row (and the header's).
        await Expect(table.GetByRole(AriaRole.Row)).ToHaveCountAsync(32);
        await AssertChartsLabelledAsync(page, minimumLabels: 4, await TodayLabelAsync(organization, lastHour: false));
        AssertInWords(await page.InnerTextAsync("main"), "metrics, 30 days");
        await web.AssertAccessibleAsync("metrics, 30 days");
        await web.ScreenshotAsync("i23-metrics-30-days");
        await AssertFitsAsync(page, "metrics, 30 days", 360);
        await web.ScreenshotAsync("i23-metrics-30-days-360");
        web.AssertNoConsoleErrors();
    }

    /// <summary>Each chart labels its time axis (today among the labels, none twice) and its value axis reaches past its highest point.</summary>
    static async Task AssertChartsLabelledAsync(IPage page, int minimumLabels, string today)
    {
        var charts = page.GetByRole(AriaRole.Figure);
        await Expect(charts).ToHaveCountAsync(3);
        foreach (var chart in await charts.AllAsync())
        {
            var plot = chart.GetByRole(AriaRole.Img);
            await Expect(plot).ToHaveAttributeAsync("data-time-labels", new Regex(Regex.Escape(today)));
            var labels = (await plot.GetAttributeAsync("data-time-labels"))!.Split(" | ");
            Assert.True(labels.Length >= minimumLabels, $"{labels.Length} time labels: {string.Join(", ", labels)}");
            Assert.Equal(labels.Length, labels.Distinct().Count());
            var axis = Regex.Match((await plot.GetAttributeAsync("data-value-axis"))!, @"0 to ([\d.,]+) ?(ms|s|min)?; highest ([\d.,]+) ?(ms|s|min)?");
            Assert.True(axis.Success);
            Assert.True(Seconds(axis.Groups[1].Value, axis.Groups[2].Value) > Seconds(axis.Groups[3].Value, axis.Groups[4].Value), axis.Value);
        }

        static double Seconds(string number, string unit) =>
            double.Parse(number.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) * unit switch { "ms" => 0.001, "min" => 60, _ => 1 };
    }

    static void AssertInWords(string visible, string screen)
    {
        Assert.False(IsoInstant().IsMatch(visible), $"{screen} shows an ISO instant: {IsoInstant().Match(visible).Value}");
        Assert.False(CodeWords().IsMatch(visible), $"{screen} shows a code word: {CodeWords().Match(visible).Value}");
    }

    /// <summary>No sideways scrolling at <paramref name="width"/> px (charts follow the window a frame or two later).</summary>
    static async Task AssertFitsAsync(IPage page, string screen, int width)
    {
        await page.SetViewportSizeAsync(width, 800);
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

    async Task<(Guid Organization, Guid Job)> OrganizationWithJobAsync(string name, string phone)
    {
        await using var connection = await app.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection, name);
        await connection.ExecuteAsync("UPDATE organizations SET quiet_hours_start = '00:00', quiet_hours_end = '00:00' WHERE id = @organization", new { organization });
        var client = await TestData.ClientAsync(connection, organization, "Carla", "carla@example.com", phone);
        return (organization, await TestData.JobAsync(connection, organization, client));
    }

    async Task<(Guid Organization, Guid Workflow)> MeasuredOrganizationAsync(string name)
    {
        await using var connection = await app.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection, name);
        using var api = app.ClientFor(organization);
        return (organization, await api.CreateWorkflowAsync(Linear("Measured", Action("t", "create_task", new JsonObject { ["title"] = "x" }))));
    }

    /// <summary>
    /// What <paramref name="days"/> days of running leave in PostgreSQL, one batch a day at the same hour, the last one an
    /// hour ago: each day 3 texts and 2 emails sent, a task, a reply confirming, 4 executions (3 succeeded, 1 failed and
    /// not retried), averaging 1.2 s — the rollups of the executions with them.
    /// </summary>
    async Task SeedDaysAsync(Guid organization, Guid workflow, int days)
    {
        await using var connection = await app.OpenAsync();
        await connection.ExecuteAsync(
            """
            WITH day AS (
                SELECT date_trunc('hour', now()) - interval '1 hour' - d * interval '1 day' AS at FROM generate_series(0, @days - 1) AS d),
            executions AS (
                INSERT INTO automation_execution_logs (workflow_id, organization_id, trigger_type, trigger_data, status, started_at, completed_at, execution_time_ms, created_at)
                SELECT @workflow, @organization, 'manual', '{"manual": true}', CASE WHEN n = 4 THEN 'failed' ELSE 'completed' END, at, at + interval '1.2 seconds', 1200, at
                  FROM day CROSS JOIN generate_series(1, 4) AS n
                RETURNING id, created_at, status),
            sends AS (
                INSERT INTO automation_deliveries (organization_id, execution_id, step_key, channel, status, created_at)
                SELECT @organization, e.id, 'send-' || n, CASE WHEN n <= 3 THEN 'sms' ELSE 'email' END, 'sent', e.created_at
                  FROM executions e CROSS JOIN generate_series(1, 5) AS n
                 WHERE e.status = 'completed' AND e.id = (SELECT min(id::text)::uuid FROM executions x WHERE x.created_at = e.created_at AND x.status = 'completed'))
            INSERT INTO automation_execution_steps (execution_id, step_key, organization_id, workflow_id, sequence, step_id, type, status, started_at, finished_at, output)
            SELECT e.id, s.key, @organization, @workflow, s.seq, s.key, s.type, 'completed', e.created_at, e.created_at + interval '1 second', s.output::jsonb
              FROM executions e
              CROSS JOIN (VALUES ('task', 1, 'create_task', '{"title": "x"}'), ('reply', 2, 'wait_for_reply', '{"reply": "C", "intent": "confirm"}')) AS s(key, seq, type, output)
             WHERE e.status = 'completed' AND e.id = (SELECT min(id::text)::uuid FROM executions x WHERE x.created_at = e.created_at AND x.status = 'completed')
            """,
            new { organization, workflow, days });
        await connection.ExecuteAsync(
            """
            INSERT INTO automation_metrics (organization_id, workflow_id, period_start, period_end, total_executions, successful_executions,
                                            failed_executions, average_execution_time_ms, emails_sent, sms_sent, webhooks_sent)
            SELECT @organization, @workflow, date_trunc('hour', now()) - interval '1 hour' - d * interval '1 day', date_trunc('hour', now()) - d * interval '1 day',
                   4, 3, 1, 1200, 2, 3, 0
              FROM generate_series(0, @days - 1) AS d
            """,
            new { organization, workflow, days });
    }

    /// <summary>How the charts label the day an hour ago (the seeded last batch) in the organization's zone: "Dec 7".</summary>
    /// <param name="lastHour">The day of the hour before this one (where the seeded data of a day's view is); else today, the
    /// last day of a 30-day chart — they differ between midnight and 1:00 in the organization's zone.</param>
    async Task<string> TodayLabelAsync(Guid organization, bool lastHour = true)
    {
        await using var connection = await app.OpenAsync();
        return await connection.ExecuteScalarAsync<string>(
            "SELECT to_char((CASE WHEN @lastHour THEN date_trunc('hour', now()) - interval '1 hour' ELSE now() END) AT TIME ZONE time_zone, 'Mon FMDD') FROM organizations WHERE id = @organization",
            new { organization, lastHour }) ?? "";
    }
}
