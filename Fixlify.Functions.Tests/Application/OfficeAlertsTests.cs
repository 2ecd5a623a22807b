using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Application;
using Fixlify.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Application;

/// <summary>
/// Alerts to the office end to end (ADR 0018): the settings over the API, failures told once per version and period by a
/// real SMTP server, the digest and the recovery, mutes, quiet hours for texts, provider outages, sends in doubt.
/// </summary>
public sealed class OfficeAlertsTests(ChannelsApp app) : IClassFixture<ChannelsApp>
{
    const string Office = "office-alerts@plumbing.example";

    static JsonObject Email() => new() { ["subject"] = "Your visit, {{ client.first_name }}", ["text"] = "See you soon, {{ client.first_name }}." };

    /// <summary>The alert emails the office got (to <see cref="Office"/>) whose subject contains <paramref name="words"/>.</summary>
    List<MimeMessage> AlertsAbout(string words) =>
        [.. app.Smtp.ReceivedEmail
            .Select(m => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(m.Data))))
            .Where(m => m.To.Mailboxes.Any(a => a.Address == Office) && (m.Subject ?? "").Contains(words, StringComparison.Ordinal))];

    /// <summary>Polls until <paramref name="done"/> holds, for at most a minute (alerts are due within one).</summary>
    static async Task<T> WithinAMinuteAsync<T>(Func<T> read, Func<T, bool> done)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (true)
        {
            var value = read();
            if (done(value) || DateTimeOffset.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(100);
        }
    }

    async Task SettingsAsync(JsonObject settings)
    {
        using var response = await app.Api.PutAsJsonAsync(new Uri("api/settings/alerts", UriKind.Relative), settings);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    async Task<Guid> ClientAsync(string name, string email)
    {
        await using var connection = await app.OpenAsync();
        return await TestData.ClientAsync(connection, app.OrganizationId, name, email, phone: null);
    }

    async Task<JsonElement> AttentionAsync() =>
        (await app.Api.GetFromJsonAsync<JsonElement>(new Uri("api/attention", UriKind.Relative))).Clone();

    [Fact]
    public async Task ExecutionFails_FirstOfTheVersionInThePeriod_OneAlertInWords_LaterOnesInADigest_RecoveryTold()
    {
        await SettingsAsync(new JsonObject { ["emails"] = new JsonArray(Office), ["phones"] = new JsonArray(), ["periodMinutes"] = 60 });
        var broken = await ClientAsync("Zed", "zed.example.com");
        var fine = await ClientAsync("Fay", "fay@example.com");
        var workflow = await app.Api.CreateWorkflowAsync(Linear("Visit reminder", Steps.Action("mail", "send_email", Email(), maxAttempts: 1)));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("failed", (await app.Api.WaitForAsync(await app.Api.RunAsync(workflow, new JsonObject { ["clientId"] = broken.ToString() }))).Status());
        }

        var alerts = await WithinAMinuteAsync(() => AlertsAbout("\"Visit reminder\" failed"), a => a.Count > 0);
        var alert = Assert.Single(alerts);
        Assert.Equal("\"Visit reminder\" failed: An email had no valid address to go to", alert.Subject);
        Assert.Contains("Fix the client's email address, then retry the run.", alert.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("send_email", alert.TextBody + alert.Subject, StringComparison.Ordinal);
        var attention = await AttentionAsync();
        var failing = Assert.Single(attention.GetProperty("failing").EnumerateArray(), f => f.GetProperty("workflowId").GetGuid() == workflow);
        Assert.Equal(3, failing.GetProperty("failures").GetInt32());

        // The period ends: the two later failures are told in one digest, once.
        await using (var connection = await app.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE automation_alerts SET period_ends_at = now() - interval '1 second' WHERE workflow_id = @workflow", new { workflow });
        }

        var digest = await WithinAMinuteAsync(() => AlertsAbout("\"Visit reminder\": 2 runs more failed"), d => d.Count > 0);
        Assert.Single(digest);

        Assert.Equal("completed", (await app.Api.WaitForAsync(await app.Api.RunAsync(workflow, new JsonObject { ["clientId"] = fine.ToString() }))).Status());
        var recovery = await WithinAMinuteAsync(() => AlertsAbout("\"Visit reminder\" works again"), r => r.Count > 0);
        Assert.Single(recovery);
        Assert.DoesNotContain((await AttentionAsync()).GetProperty("failing").EnumerateArray(), f => f.GetProperty("workflowId").GetGuid() == workflow);
        Assert.Single(AlertsAbout("\"Visit reminder\" failed"));
    }

    [Fact]
    public async Task WorkflowMuted_FailureListedButNobodyTold()
    {
        await SettingsAsync(new JsonObject { ["emails"] = new JsonArray(Office) });
        var broken = await ClientAsync("Mo", "mo.example.com");
        var workflow = await app.Api.CreateWorkflowAsync(Linear("Muted reminder", Steps.Action("mail", "send_email", Email(), maxAttempts: 1)));
        using (var mute = await app.Api.PutAsJsonAsync(new Uri($"api/workflows/{workflow}/alerts/mute", UriKind.Relative), new JsonObject { ["minutes"] = 60 }))
        {
            Assert.Equal(HttpStatusCode.OK, mute.StatusCode);
        }

        await app.Api.WaitForAsync(await app.Api.RunAsync(workflow, new JsonObject { ["clientId"] = broken.ToString() }));

        await using var connection = await app.OpenAsync();
        var told = await WithinAMinuteAsync(
            () => connection.ExecuteScalar<bool>("SELECT opened_told_at IS NOT NULL FROM automation_alerts WHERE workflow_id = @workflow", new { workflow }), t => t);
        Assert.True(told);
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM automation_alert_sends s JOIN automation_alerts a ON a.id = s.alert_id WHERE a.workflow_id = @workflow", new { workflow }));
        Assert.Empty(AlertsAbout("Muted reminder"));
        var failing = Assert.Single((await AttentionAsync()).GetProperty("failing").EnumerateArray(), f => f.GetProperty("workflowId").GetGuid() == workflow);
        Assert.Equal(JsonValueKind.String, failing.GetProperty("mutedUntil").ValueKind);
    }

    [Fact]
    public async Task AlertEmailFails_ItIsMarkedFailed_AndNoAlertIsRaisedAboutIt()
    {
        await SettingsAsync(new JsonObject { ["emails"] = new JsonArray(Office) });
        var broken = await ClientAsync("Lu", "lu.example.com");
        var workflow = await app.Api.CreateWorkflowAsync(Linear("Loop check", Steps.Action("mail", "send_email", Email(), maxAttempts: 1)));
        await using var connection = await app.OpenAsync();
        var alertsBefore = await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM automation_alerts");

        app.EmailSender.FailNext(1);
        await app.Api.WaitForAsync(await app.Api.RunAsync(workflow, new JsonObject { ["clientId"] = broken.ToString() }));

        var status = await WithinAMinuteAsync(
            () => connection.ExecuteScalar<string>("SELECT s.status FROM automation_alert_sends s JOIN automation_alerts a ON a.id = s.alert_id WHERE a.workflow_id = @workflow", new { workflow }),
            s => s is "failed" or "sent");
        Assert.Equal("failed", status);
        await Task.Delay(TimeSpan.FromSeconds(6)); // one more pass of the sender: nothing new comes of the failed alert
        Assert.Equal(alertsBefore + 1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM automation_alerts"));
        Assert.Empty(AlertsAbout("Loop check"));
    }

    [Fact]
    public async Task TextAlertInQuietHours_IsPutOffToTheirEnd_NotSent()
    {
        await SettingsAsync(new JsonObject { ["emails"] = new JsonArray(), ["phones"] = new JsonArray("+15550007777") });
        await using var connection = await app.OpenAsync();
        await connection.ExecuteAsync(
            "UPDATE organizations SET quiet_hours_start = '00:00', quiet_hours_end = '23:59', sms_from_number = '+15550001111', time_zone = 'UTC' WHERE id = @id", new { id = app.OrganizationId });
        try
        {
            app.TelnyxAcceptsEveryText("msg-alert");
            var broken = await ClientAsync("Qi", "qi.example.com");
            var workflow = await app.Api.CreateWorkflowAsync(Linear("Quiet reminder", Steps.Action("mail", "send_email", Email(), maxAttempts: 1)));

            await app.Api.WaitForAsync(await app.Api.RunAsync(workflow, new JsonObject { ["clientId"] = broken.ToString() }));

            var sendAfter = await WithinAMinuteAsync(
                () => connection.ExecuteScalar<DateTime?>(
                    "SELECT s.send_after FROM automation_alert_sends s JOIN automation_alerts a ON a.id = s.alert_id WHERE a.workflow_id = @workflow AND s.channel = 'sms'", new { workflow }),
                at => at is not null);
            Assert.NotNull(sendAfter);
            Assert.True(sendAfter > DateTime.UtcNow, $"the text goes at {sendAfter:u}, after the quiet hours");
            Assert.Empty(app.TextsTo("+15550007777"));
        }
        finally
        {
            await connection.ExecuteAsync("UPDATE organizations SET quiet_hours_start = '00:00', quiet_hours_end = '00:00', time_zone = 'America/New_York' WHERE id = @id", new { id = app.OrganizationId });
            await SettingsAsync(new JsonObject { ["phones"] = new JsonArray() });
        }
    }

    [Fact]
    public async Task ProviderOutage_OpenedTwiceThenClosed_OneAlertInWords_AndOneSendingAgain()
    {
        await SettingsAsync(new JsonObject { ["emails"] = new JsonArray(Office) });
        var outages = app.Services.GetRequiredService<IProviderOutages>();
        Assert.IsType<ProviderOutageAlerts>(outages);
        var since = DateTimeOffset.UtcNow.AddMinutes(-3);
        var local = TimeZoneInfo.ConvertTime(since, TimeZoneInfo.FindSystemTimeZoneById("America/New_York")).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);

        await outages.OpenedAsync(new ProviderOutage(app.OrganizationId, "smtp", "the email server", "is not answering", since, 10), CancellationToken.None);
        await outages.OpenedAsync(new ProviderOutage(app.OrganizationId, "smtp", "the email server", "is not answering", since, 12), CancellationToken.None);
        var opened = await WithinAMinuteAsync(() => AlertsAbout("Emails can't be sent"), a => a.Count > 0);
        var outage = (await AttentionAsync()).GetProperty("outages").EnumerateArray().Single(o => o.GetProperty("provider").GetString() == "smtp");
        await outages.ClosedAsync(new ProviderOutage(app.OrganizationId, "smtp", "the email server", "is not answering", since, 0), CancellationToken.None);
        var closed = await WithinAMinuteAsync(() => AlertsAbout("Emails are sending again"), a => a.Count > 0);

        var alert = Assert.Single(opened);
        Assert.Equal($"Emails can't be sent: the email server is not answering since {local}", alert.Subject);
        Assert.Contains("messages are waiting", alert.TextBody, StringComparison.Ordinal);
        Assert.Equal(12, outage.GetProperty("waiting").GetInt32());
        Assert.Single(closed);
        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.Single(AlertsAbout("Emails can't be sent"));
        Assert.Single(AlertsAbout("Emails are sending again"));
        Assert.DoesNotContain((await AttentionAsync()).GetProperty("outages").EnumerateArray(), o => o.GetProperty("provider").GetString() == "smtp");
    }

    [Fact]
    public async Task SendInDoubt_ListedWithMaskedRecipientAndMessage_Alerted_ResentOnceWithOneClick()
    {
        await SettingsAsync(new JsonObject { ["emails"] = new JsonArray(Office), ["resendInDoubt"] = new JsonArray() });
        var client = await ClientAsync("Kim", "kim.doubt@example.com");
        var workflow = await app.Api.CreateWorkflowAsync(Linear("Doubtful thanks", Steps.Action("mail", "send_email", Email(), maxAttempts: 3)));
        var crashes = 0;
        app.AfterSend = (_, _) => Interlocked.Increment(ref crashes) == 1 ? throw new InvalidOperationException("process died after the send") : Task.CompletedTask;
        Guid executionId;
        try
        {
            executionId = (await app.Api.WaitForAsync(await app.Api.RunAsync(workflow, new JsonObject { ["clientId"] = client.ToString() }))).GetProperty("id").GetGuid();
        }
        finally
        {
            app.AfterSend = null;
        }

        Assert.Single(app.EmailsOf(executionId));
        var alert = await WithinAMinuteAsync(() => AlertsAbout("A message may not have gone out"), a => a.Count > 0);
        Assert.Contains("Doubtful thanks", Assert.Single(alert).Subject, StringComparison.Ordinal);
        var doubt = Assert.Single((await AttentionAsync()).GetProperty("inDoubt").EnumerateArray(), d => d.GetProperty("executionId").GetGuid() == executionId);
        Assert.Equal("k•••@example.com", doubt.GetProperty("to").GetString());
        Assert.Equal("Your visit, Kim", doubt.GetProperty("subject").GetString());
        Assert.Equal("See you soon, Kim.", doubt.GetProperty("text").GetString());
        Assert.True(doubt.GetProperty("canResend").GetBoolean());
        var id = doubt.GetProperty("id").GetGuid();

        using (var resend = await app.Api.PostAsync(new Uri($"api/attention/in-doubt/{id}/resend", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.OK, resend.StatusCode);
        }

        using (var again = await app.Api.PostAsync(new Uri($"api/attention/in-doubt/{id}/resend", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        }

        var emails = app.EmailsOf(executionId);
        Assert.Equal(2, emails.Count);
        Assert.Equal(emails[0].MessageId, emails[1].MessageId);
        Assert.DoesNotContain((await AttentionAsync()).GetProperty("inDoubt").EnumerateArray(), d => d.GetProperty("executionId").GetGuid() == executionId);
        await using var connection = await app.OpenAsync();
        Assert.Equal(("sent", "resent"), await connection.QuerySingleAsync<(string, string)>(
            "SELECT status, decision FROM automation_deliveries WHERE execution_id = @executionId", new { executionId }));
    }

    [Fact]
    public async Task SendInDoubt_OrganizationResendsEmailsByThemselves_SentAgainOnTheRetry_NothingListed()
    {
        await SettingsAsync(new JsonObject { ["resendInDoubt"] = new JsonArray("email") });
        try
        {
            var client = await ClientAsync("Abe", "abe.auto@example.com");
            var workflow = await app.Api.CreateWorkflowAsync(Linear("Resent by itself", Steps.Action("mail", "send_email", Email(), maxAttempts: 3)));
            var crashes = 0;
            app.AfterSend = (_, _) => Interlocked.Increment(ref crashes) == 1 ? throw new InvalidOperationException("process died after the send") : Task.CompletedTask;
            JsonElement execution;
            try
            {
                execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow, new JsonObject { ["clientId"] = client.ToString() }));
            }
            finally
            {
                app.AfterSend = null;
            }

            var executionId = execution.GetProperty("id").GetGuid();
            Assert.Equal("completed", execution.Status());
            Assert.Equal(2, app.EmailsOf(executionId).Count);
            Assert.False(execution.Step("mail").GetProperty("output").TryGetProperty("inDoubt", out _));
            Assert.DoesNotContain((await AttentionAsync()).GetProperty("inDoubt").EnumerateArray(), d => d.GetProperty("executionId").GetGuid() == executionId);
        }
        finally
        {
            await SettingsAsync(new JsonObject { ["resendInDoubt"] = new JsonArray() });
        }
    }

    [Fact]
    public async Task PutSettings_WrongValues_ProblemNamesEachFieldInWords_AndNothingIsSaved()
    {
        using var response = await app.Api.PutAsJsonAsync(
            new Uri("api/settings/alerts", UriKind.Relative),
            new JsonObject
            {
                ["emails"] = new JsonArray("office@example.com", "not an address"), ["phones"] = new JsonArray("12"), ["periodMinutes"] = 1,
                ["resendInDoubt"] = new JsonArray("push"),
            });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray()
            .ToDictionary(e => e.GetProperty("path").GetString()!, e => e.GetProperty("message").GetString()!);
        Assert.Equal(["emails[1]", "periodMinutes", "phones[0]", "resendInDoubt[0]"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("'not an address' is not an email address; write it like office@example.com.", errors["emails[1]"]);
        Assert.Equal("One alert covers between 5 minutes and 24 hours (1,440 minutes).", errors["periodMinutes"]);
        var saved = await app.Api.GetFromJsonAsync<JsonElement>(new Uri("api/settings/alerts", UriKind.Relative));
        Assert.DoesNotContain(saved.GetProperty("emails").EnumerateArray(), e => e.GetString() == "office@example.com");
    }

    [Fact]
    public async Task PutSettings_NationalNumbers_SavedAsE164_AndReadBack()
    {
        using var response = await app.Api.PutAsJsonAsync(
            new Uri("api/settings/alerts", UriKind.Relative), new JsonObject { ["phones"] = new JsonArray("(555) 010-4567"), ["inApp"] = true, ["periodMinutes"] = 30 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var saved = await app.Api.GetFromJsonAsync<JsonElement>(new Uri("api/settings/alerts", UriKind.Relative));
        Assert.Equal("+15550104567", Assert.Single(saved.GetProperty("phones").EnumerateArray()).GetString());
        Assert.Equal(30, saved.GetProperty("periodMinutes").GetInt32());
        await SettingsAsync(new JsonObject { ["phones"] = new JsonArray(), ["periodMinutes"] = 60 });
    }
}
