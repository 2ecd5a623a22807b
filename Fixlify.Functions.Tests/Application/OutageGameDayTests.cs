using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using MimeKit;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Xunit.Abstractions;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Application;

/// <summary>
/// Game day end to end (issue 25), as the office notices it: the real circuits and the real alerts
/// (<see cref="Fixlify.Application.ProviderOutageAlerts"/>), whose messages go through the same SMTP server and Telnyx stub
/// as the held messages. A provider down longer than the steps' retries during a burst: the office gets exactly one
/// "can't be sent" and one "sending again" (read from what the SMTP server and the Telnyx stub received), every held message
/// goes out exactly once, and nothing is left running, held or unsent a minute after. Prints the time from recovery to the
/// last message (measured, not asserted).
/// </summary>
public sealed class OutageGameDayTests(AlertedOutageApp app, ITestOutputHelper output) : IClassFixture<AlertedOutageApp>
{
    const string OfficeEmail = "dispatch@plumbing.example";
    const string OfficePhone = "+15550009876";
    const int Burst = 20;

    static readonly JsonObject Email = new()
    {
        ["subject"] = "Your visit tomorrow",
        ["text"] = "Hi {{ client.first_name }}, see you tomorrow.",
    };

    static readonly JsonObject Text = new() { ["message"] = "Hi {{ client.first_name }}, see you tomorrow." };

    async Task AlertSettingsAsync(string[] emails, string[] phones)
    {
        using var response = await app.Api.PutAsJsonAsync(
            new Uri("api/settings/alerts", UriKind.Relative),
            new JsonObject { ["emails"] = new JsonArray([.. emails.Select(e => JsonValue.Create(e))]), ["phones"] = new JsonArray([.. phones.Select(p => JsonValue.Create(p))]) });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    async Task<List<Guid>> BurstAsync(Guid workflow, Func<int, (string Name, string? Email, string? Phone)> client)
    {
        var executions = new List<Guid>();
        await using var connection = await app.OpenAsync();
        for (var i = 0; i < Burst; i++)
        {
            var (name, email, phone) = client(i);
            var id = await TestData.ClientAsync(connection, app.OrganizationId, name, email, phone);
            executions.Add(await app.Api.RunAsync(workflow, new JsonObject { ["clientId"] = id.ToString() }));
        }

        return executions;
    }

    /// <summary>Waits until every execution's step is held (its output says why); fails if one fails instead.</summary>
    async Task AllHeldAsync(IEnumerable<Guid> executions, string stepId, string words)
    {
        foreach (var executionId in executions)
        {
            var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
            while (true)
            {
                var execution = await app.Api.ExecutionAsync(executionId);
                Assert.NotEqual("failed", execution.Status());
                var steps = execution.GetProperty("steps").EnumerateArray().Where(s => s.GetProperty("stepId").GetString() == stepId).ToList();
                if (steps.Count > 0 && steps[^1].GetProperty("output") is { ValueKind: JsonValueKind.Object } held && held.TryGetProperty("heldBecause", out var reason))
                {
                    Assert.Contains(words, reason.GetString(), StringComparison.Ordinal);
                    break;
                }

                Assert.True(DateTimeOffset.UtcNow < deadline, $"execution {executionId} was not held: {execution}");
                await Task.Delay(100);
            }
        }
    }

    /// <summary>The alert emails the office got whose subject contains <paramref name="words"/>, in the order they arrived.</summary>
    List<MimeMessage> OfficeEmailsAbout(string words) =>
        [.. app.Smtp.ReceivedEmail
            .Select(m => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(m.Data))))
            .Where(m => m.To.Mailboxes.Any(a => a.Address == OfficeEmail) && (m.Subject ?? "").Contains(words, StringComparison.Ordinal))];

    /// <summary>The texts Telnyx took for the office's phone whose words contain <paramref name="words"/>, in order.</summary>
    List<string> OfficeTextsAbout(string words) =>
        [.. app.Telnyx.LogEntries
            .Where(e => e.RequestMessage.Path == "/v2/messages" && e.ResponseMessage.StatusCode is 200)
            .Select(e => JsonNode.Parse(e.RequestMessage.Body ?? "{}")!)
            .Where(b => b["to"]?.ToString() == OfficePhone)
            .Select(b => b["text"]?.ToString() ?? "")
            .Where(t => t.Contains(words, StringComparison.Ordinal))];

    static async Task<DateTimeOffset> WhenAsync(Func<bool> done, string what)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (!done())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"not within a minute: {what}");
            await Task.Delay(50);
        }

        return DateTimeOffset.UtcNow;
    }

    /// <summary>Nothing of the burst is left running or held, and no alert message of the organization is left unsent.</summary>
    async Task NothingLeftAsync(List<Guid> executions)
    {
        await using var connection = await app.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM automation_execution_logs WHERE id = ANY(@ids) AND status <> 'completed'", new { ids = executions.ToArray() }));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM automation_held_steps WHERE execution_id = ANY(@ids)", new { ids = executions.ToArray() }));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM automation_alert_sends WHERE organization_id = @id AND status <> 'sent'", new { id = app.OrganizationId }));
    }

    /// <summary>The outage's opening was sent before its "sending again" (the alerts' outbox; the SMTP server keeps no order).</summary>
    async Task OutageToldInOrderAsync(string provider)
    {
        await using var connection = await app.OpenAsync();
        var sent = (await connection.QueryAsync<(string Part, DateTime SentAt)>(
            """
            SELECT s.part, s.sent_at FROM automation_alert_sends s JOIN automation_alerts a ON a.id = s.alert_id
             WHERE a.organization_id = @id AND a.kind = 'outage' AND a.subject_key = @provider AND s.status = 'sent'
             ORDER BY s.sent_at
            """,
            new { id = app.OrganizationId, provider })).Select(s => s.Part).ToList();
        Assert.Equal(["opened", "recovery"], sent);
    }

    async Task<DateTime> LastCompletedAsync(IEnumerable<Guid> executions)
    {
        await using var connection = await app.OpenAsync();
        return await connection.ExecuteScalarAsync<DateTime>(
            "SELECT max(completed_at) FROM automation_execution_logs WHERE id = ANY(@ids)", new { ids = executions.ToArray() });
    }

    async Task<JsonElement> AttentionAsync() =>
        (await app.Api.GetFromJsonAsync<JsonElement>(new Uri("api/attention", UriKind.Relative))).Clone();

    [Fact]
    public async Task SmtpServerDownDuringABurst_OfficeGetsOneCantBeSentAndOneSendingAgain_EveryEmailOnce_NothingLeft()
    {
        await AlertSettingsAsync([OfficeEmail], []);
        var workflow = await app.Api.CreateWorkflowAsync(Linear("Visit reminder", Steps.Action("mail", "send_email", Email, maxAttempts: 2)));
        List<Guid> executions;
        DateTimeOffset recovered;
        app.StopSmtp();
        try
        {
            executions = await BurstAsync(workflow, i => ($"Mailed{i}", $"mailed{i}@example.com", null));
            await AllHeldAsync(executions, "mail", "the email server is not answering since");

            // Longer than the steps' retries and a few probes: still held, and the web app lists the outage.
            await Task.Delay(TimeSpan.FromSeconds(4));
            foreach (var execution in executions)
            {
                Assert.Equal("waiting", (await app.Api.ExecutionAsync(execution)).Status());
            }

            Assert.Contains((await AttentionAsync()).GetProperty("outages").EnumerateArray(), o => o.GetProperty("provider").GetString() == "smtp");
        }
        finally
        {
            app.StartSmtp();
            recovered = DateTimeOffset.UtcNow;
        }

        foreach (var execution in executions)
        {
            Assert.Equal("completed", (await app.Api.WaitForAsync(execution, TimeSpan.FromSeconds(60))).Status());
            Assert.Single(app.EmailsOf(execution));
        }

        // The opening could not be emailed while the server was down: it goes when it answers again, before "sending again".
        var sendingAgainAt = await WhenAsync(() => OfficeEmailsAbout("Emails are sending again").Count > 0, "the office is told emails are sending again");
        await Task.Delay(TimeSpan.FromSeconds(3)); // a few more passes of the alerts' sender: nothing more is told
        var opened = Assert.Single(OfficeEmailsAbout("Emails can't be sent"));
        Assert.StartsWith("Emails can't be sent: the email server is not answering since ", opened.Subject, StringComparison.Ordinal);
        var sendingAgain = Assert.Single(OfficeEmailsAbout("Emails are sending again"));
        Assert.NotNull(sendingAgain);
        await OutageToldInOrderAsync("smtp");
        await NothingLeftAsync(executions);
        Assert.DoesNotContain((await AttentionAsync()).GetProperty("outages").EnumerateArray(), o => o.GetProperty("provider").GetString() == "smtp");

        output.WriteLine(
            $"SMTP back: the last of {executions.Count} held emails went {(await LastCompletedAsync(executions) - recovered.UtcDateTime).TotalSeconds:0.0} s after recovery; "
            + $"the office read \"sending again\" {(sendingAgainAt - recovered).TotalSeconds:0.0} s after.");
    }

    [Fact]
    public async Task TelnyxAnswers500Then429DuringABurst_OfficeTextedOnceEachWay_EveryTextOnce_NothingLeft()
    {
        await AlertSettingsAsync([], [OfficePhone]);
        var workflow = await app.Api.CreateWorkflowAsync(Linear("Visit text", Steps.Action("text", "send_sms", Text, maxAttempts: 2)));
        Answer(500, """{"errors":[{"code":"10001","title":"Internal error"}]}""");
        var numbers = Enumerable.Range(0, Burst).Select(i => $"+1555031{i:D4}").ToList();
        var executions = await BurstAsync(workflow, i => ($"Texted{i}", null, numbers[i]));
        await AllHeldAsync(executions, "text", "Telnyx answers with an error (HTTP 500) since");

        // Then it asks to slow down for a while: the probes (and the office's text) are refused, the texts stay held.
        Answer(429, """{"errors":[{"code":"10011","title":"Too many requests"}]}""");
        await Task.Delay(TimeSpan.FromSeconds(4));
        foreach (var execution in executions)
        {
            Assert.Equal("waiting", (await app.Api.ExecutionAsync(execution)).Status());
        }

        app.TelnyxAcceptsEveryText("msg-after-outage");
        var recovered = DateTimeOffset.UtcNow;
        foreach (var execution in executions)
        {
            Assert.Equal("completed", (await app.Api.WaitForAsync(execution, TimeSpan.FromSeconds(60))).Status());
        }

        foreach (var number in numbers)
        {
            Assert.Single(app.TextsTo(number));
        }

        var sendingAgainAt = await WhenAsync(() => OfficeTextsAbout("Texts are sending again").Count > 0, "the office is texted that texts are sending again");
        await Task.Delay(TimeSpan.FromSeconds(3));
        var opened = Assert.Single(OfficeTextsAbout("Texts can't be sent"));
        Assert.StartsWith("Texts can't be sent: Telnyx answers with an error (HTTP 500) since ", opened, StringComparison.Ordinal);
        var sendingAgain = Assert.Single(OfficeTextsAbout("Texts are sending again"));
        Assert.NotNull(sendingAgain);
        await OutageToldInOrderAsync("telnyx");
        await NothingLeftAsync(executions);

        output.WriteLine(
            $"Telnyx back: the last of {executions.Count} held texts went {(await LastCompletedAsync(executions) - recovered.UtcDateTime).TotalSeconds:0.0} s after recovery; "
            + $"the office was texted \"sending again\" {(sendingAgainAt - recovered).TotalSeconds:0.0} s after.");
    }

    void Answer(int status, string body)
    {
        app.Telnyx.Reset();
        app.Telnyx.Given(Request.Create().WithPath("/v2/messages").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));
    }
}
