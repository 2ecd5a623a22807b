using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Actions;
using Fixlify.Channels;
using Fixlify.Engine;
using Fixlify.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Actions;

/// <summary>send_sms end to end against a Telnyx stub (WireMock.Net): request shape, rate limits, opt-outs, errors, quiet hours.</summary>
public sealed class SendSmsHandlerTests(ChannelsApp app) : IClassFixture<ChannelsApp>
{
    static readonly JsonObject Text = new() { ["message"] = "Hi {{ client.first_name }}, your plumber is on the way." };

    async Task<Guid> ClientAsync(string firstName, string phone, bool optedOut = false, string? timeZone = null)
    {
        await using var connection = await app.OpenAsync();
        var client = await TestData.ClientAsync(connection, app.OrganizationId, firstName, email: null, phone);
        await connection.ExecuteAsync("UPDATE clients SET sms_opt_out = @optedOut, time_zone = @timeZone WHERE id = @client", new { client, optedOut, timeZone });
        return client;
    }

    /// <summary>Telnyx answers each text with the next of <paramref name="answers"/>, the last one from then on.</summary>
    void TelnyxAnswers(params (int Status, string Body, string? Reset)[] answers)
    {
        app.Telnyx.Reset();
        var scenario = Guid.NewGuid().ToString();
        for (var i = 0; i < answers.Length; i++)
        {
            var (status, body, reset) = answers[i];
            var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);
            if (reset is not null)
            {
                response = response.WithHeader("x-ratelimit-reset", reset);
            }

            var request = app.Telnyx.Given(Request.Create().WithPath("/v2/messages").UsingPost());
            if (answers.Length == 1)
            {
                request.RespondWith(response);
                continue;
            }

            var step = request.InScenario(scenario);
            step = i == 0 ? step : step.WhenStateIs($"answer {i}");
            (i < answers.Length - 1 ? step.WillSetStateTo($"answer {i + 1}") : step).RespondWith(response);
        }
    }

    static string Sent(string id) => new JsonObject { ["data"] = new JsonObject { ["id"] = id, ["record_type"] = "message" } }.ToJsonString();

    async Task<JsonElement> RunAsync(Guid client, JsonObject? config = null, int maxAttempts = 3)
    {
        var workflow = await app.Api.CreateWorkflowAsync(Linear("text", Steps.Action("text", "send_sms", config ?? Text, maxAttempts)));
        return await app.Api.WaitForAsync(await app.Api.RunAsync(workflow, new JsonObject { ["clientId"] = client.ToString() }));
    }

    [Fact]
    public async Task Run_TheStepKeepsTheTextAsSent_UnlessTheOrganizationKeepsNoMessageTexts()
    {
        var client = await ClientAsync("Bea", "+15550102031");
        TelnyxAnswers((200, Sent("msg-bea"), null));

        var kept = (await RunAsync(client)).Step("text").GetProperty("output");

        Assert.Equal("Hi Bea, your plumber is on the way.", kept.GetProperty("text").GetString());
        Assert.DoesNotContain("0102031", kept.GetProperty("to").GetString(), StringComparison.Ordinal);
        await using var connection = await app.OpenAsync();
        await connection.ExecuteAsync("UPDATE organizations SET keep_message_texts = false WHERE id = @id", new { id = app.OrganizationId });
        try
        {
            var execution = await RunAsync(client);
            var hidden = execution.Step("text").GetProperty("output");
            Assert.Equal("completed", execution.Status());
            Assert.Equal(2, app.TextsTo("+15550102031").Count);
            Assert.False(hidden.TryGetProperty("text", out _));
            Assert.True(hidden.GetProperty("textHidden").GetBoolean());
            var stored = await connection.QuerySingleAsync<(string Step, string Delivery)>(
                """
                SELECT s.output::text, d.result::text FROM automation_execution_steps s
                  JOIN automation_deliveries d ON d.execution_id = s.execution_id AND d.step_key = s.step_key
                 WHERE s.execution_id = @id AND s.step_key = 'text'
                """,
                new { id = execution.GetProperty("id").GetGuid() });
            Assert.DoesNotContain("plumber", stored.Step, StringComparison.Ordinal);
            Assert.DoesNotContain("plumber", stored.Delivery, StringComparison.Ordinal);
        }
        finally
        {
            await connection.ExecuteAsync("UPDATE organizations SET keep_message_texts = true WHERE id = @id", new { id = app.OrganizationId });
        }
    }

    [Fact]
    public async Task Run_PostsTheTextToTelnyx_WithTheApiKeyAndTheOrganizationsNumber()
    {
        var client = await ClientAsync("Ana", "+15550102001");
        TelnyxAnswers((200, Sent("msg-ana"), null));

        var execution = await RunAsync(client);

        Assert.Equal("completed", execution.Status());
        var request = Assert.Single(app.TextsTo("+15550102001")).RequestMessage;
        Assert.Equal($"Bearer {ChannelsApp.TelnyxApiKey}", request.Headers!["Authorization"].Single());
        Assert.Equal("POST", request.Method);
        var body = JsonNode.Parse(request.Body!)!;
        Assert.Equal(("+15550001111", "+15550102001", "Hi Ana, your plumber is on the way."), (body["from"]?.ToString(), body["to"]?.ToString(), body["text"]?.ToString()));
        var step = execution.Step("text");
        Assert.Equal("msg-ana", step.GetProperty("output").GetProperty("messageId").GetString());
        Assert.Equal("+1555•••2001", step.GetProperty("output").GetProperty("to").GetString());
    }

    [Fact]
    public async Task Run_RateLimited_WaitsUntilTheReset_ThenSendsOnce()
    {
        var client = await ClientAsync("Bo", "+15550102002");
        // Epoch seconds 5 to 6 s out: long enough that the "waiting" status is not missed on a slow machine.
        var reset = DateTimeOffset.UtcNow.AddSeconds(6).ToUnixTimeSeconds();
        TelnyxAnswers((429, """{"errors":[{"code":"10011","title":"Too many requests"}]}""", reset.ToString(CultureInfo.InvariantCulture)), (200, Sent("msg-bo"), null));

        var workflow = await app.Api.CreateWorkflowAsync(Linear("text", Steps.Action("text", "send_sms", Text, 3)));
        var executionId = await app.Api.RunAsync(workflow, new JsonObject { ["clientId"] = client.ToString() });
        var waiting = await app.Api.WaitForAsync(executionId, statuses: "waiting");
        var execution = await app.Api.WaitForAsync(executionId);

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(reset), waiting.Step("text").GetProperty("output").GetProperty("until").GetDateTimeOffset());
        Assert.Equal("completed", execution.Status());
        Assert.Equal("msg-bo", execution.Step("text").GetProperty("output").GetProperty("messageId").GetString());
        var texts = app.TextsTo("+15550102002").OrderBy(e => e.RequestMessage.DateTime).ToList();
        var statuses = texts.Select(e => Convert.ToInt32(e.ResponseMessage.StatusCode, CultureInfo.InvariantCulture));
        Assert.Equal([429, 200], statuses);
        var resent = SentAt(texts[1]);
        Assert.True(resent >= DateTimeOffset.FromUnixTimeSeconds(reset) - TimerSlack, $"the text was sent again at {resent:O}, before the reset {DateTimeOffset.FromUnixTimeSeconds(reset):O}");
    }

    /// <summary>How early a durable timer may let the step go, as the tests allow it.</summary>
    static readonly TimeSpan TimerSlack = TimeSpan.FromSeconds(1);

    static DateTimeOffset SentAt(WireMock.Logging.ILogEntry entry) =>
        new(DateTime.SpecifyKind(entry.RequestMessage.DateTime, DateTimeKind.Utc));

    [Fact]
    public async Task Run_TelnyxSaysOptedOut40300_ClientMarkedOptedOut_AndStepSuppressed()
    {
        var client = await ClientAsync("Cy", "+15550102003");
        TelnyxAnswers((400, """{"errors":[{"code":"40300","title":"Blocked due to STOP message","detail":"Messages cannot be sent to this number."}]}""", null));

        var execution = await RunAsync(client);

        Assert.Equal("completed", execution.Status());
        Assert.Equal("suppressed", execution.Step("text").Status());
        Assert.Contains("40300", execution.Step("text").GetProperty("output").GetProperty("reason").GetString(), StringComparison.Ordinal);
        await using var connection = await app.OpenAsync();
        await TestData.ExpandChangesAsync(connection);
        var (optedOut, origin) = await connection.QuerySingleAsync<(bool, string?)>(
            """
            SELECT c.sms_opt_out, (SELECT e.origin FROM automation_events e WHERE e.entity_id = c.id AND e.event_type = 'client_updated' ORDER BY e.occurred_at DESC LIMIT 1)
              FROM clients c WHERE c.id = @client
            """,
            new { client });
        Assert.True(optedOut);
        Assert.Equal(execution.GetProperty("id").GetGuid().ToString(), origin);
        Assert.Single(app.TextsTo("+15550102003"));
        var source = await connection.QuerySingleOrDefaultAsync<string>(
            "SELECT source FROM sms_suppressions WHERE organization_id = @organization AND phone_e164 = '+15550102003'", new { organization = app.OrganizationId });
        Assert.Equal("carrier", source);
    }

    [Fact]
    public async Task Run_ServerError_IsRetried_ThenSentOnce()
    {
        var client = await ClientAsync("Di", "+15550102004");
        TelnyxAnswers((503, """{"errors":[{"code":"10007","title":"Unexpected error"}]}""", null), (200, Sent("msg-di"), null));

        var execution = await RunAsync(client);

        Assert.Equal("completed", execution.Status());
        Assert.Equal(2, execution.Step("text").GetProperty("attempts").GetInt32());
        Assert.Equal(2, app.TextsTo("+15550102004").Count);
    }

    [Fact]
    public async Task Run_Unprocessable_FailsPermanently_WithoutRetry()
    {
        var client = await ClientAsync("Ed", "+15550102005");
        TelnyxAnswers((422, """{"errors":[{"code":"40310","title":"Invalid 'to' address"}]}""", null));

        var execution = await RunAsync(client, maxAttempts: 4);

        Assert.Equal("failed", execution.Status());
        var step = execution.Step("text");
        Assert.Equal(1, step.GetProperty("attempts").GetInt32());
        var error = step.GetProperty("error").GetString()!;
        Assert.Contains("422", error, StringComparison.Ordinal);
        Assert.Contains("+1555•••2005", error, StringComparison.Ordinal);
        Assert.DoesNotContain("+15550102005", error, StringComparison.Ordinal);
        Assert.Single(app.TextsTo("+15550102005"));
    }

    [Fact]
    public async Task Run_ClientOptedOut_IsNotTexted()
    {
        var client = await ClientAsync("Flo", "+15550102006", optedOut: true);
        TelnyxAnswers((200, Sent("never"), null));

        var execution = await RunAsync(client);

        Assert.Equal("suppressed", execution.Step("text").Status());
        Assert.Empty(app.TextsTo("+15550102006"));
    }

    [Fact]
    public async Task Run_DefaultToWithANationalNumber_TextsItsE164Form()
    {
        // The default `to` used to fail on a phone typed as the office types it.
        var client = await ClientAsync("Gus", "(555) 010-2007");
        TelnyxAnswers((200, Sent("msg-gus"), null));

        var execution = await RunAsync(client);

        Assert.Equal("completed", execution.Status());
        Assert.Single(app.TextsTo("+15550102007"));
        Assert.Equal("+1555•••2007", execution.Step("text").GetProperty("output").GetProperty("to").GetString());
    }

    [Theory]
    [InlineData("call the office", "call •••fice")]
    [InlineData("555-01", "55•••1")]
    public async Task Run_PhoneThatIsNoNumber_FailsPermanently_NamingTheFieldWithTheNumberMasked(string phone, string masked)
    {
        var client = await ClientAsync("Gil", phone);
        TelnyxAnswers((200, Sent("never"), null));

        var execution = await RunAsync(client, maxAttempts: 4);

        Assert.Equal("failed", execution.Status());
        var step = execution.Step("text");
        Assert.Equal(1, step.GetProperty("attempts").GetInt32());
        var error = step.GetProperty("error").GetString()!;
        Assert.Contains($"send_sms: 'to' is not a phone number: {masked}", error, StringComparison.Ordinal);
        Assert.DoesNotContain(phone, error, StringComparison.Ordinal);
        Assert.Empty(app.Telnyx.LogEntries);
    }

    /// <summary>The issue's step: the number built from the phone as typed, so the recipient must be found by number.</summary>
    static readonly JsonObject PlusOneText = new() { ["to"] = "+1{{ client.phone }}", ["message"] = "Hi {{ client.first_name }}, your plumber is on the way." };

    [Fact]
    public async Task Run_PlusOneTemplate_ClientOptedOut_IsNotTexted()
    {
        var client = await ClientAsync("Jo", "(555) 010-4573", optedOut: true);
        TelnyxAnswers((200, Sent("never"), null));

        var execution = await RunAsync(client, PlusOneText);

        Assert.Equal("suppressed", execution.Step("text").Status());
        Assert.Contains("opted out", execution.Step("text").GetProperty("output").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Empty(app.TextsTo("+15550104573"));
    }

    [Fact]
    public async Task Execute_PlusOneTemplate_QuietHoursAreTheClientsZone_NotTheOrganizations()
    {
        // 14:00 UTC: 09:00 in New York (the organization's; texts may go) but 06:00 in Los Angeles (the client's; quiet until 08:00).
        var organization = await OrganizationAsync("Quiet Co", cap: null);
        var client = await ClientAsync(organization, "Lu", "(555) 010-4574", timeZone: "America/Los_Angeles");
        TelnyxAnswers((200, Sent("never"), null));

        var outcome = await ExecuteAsync(organization, client, "(555) 010-4574", PlusOneText, "2025-01-15T14:00:00Z");

        Assert.Equal(ActionStatus.Deferred, outcome.Status);
        Assert.Equal(DateTime.Parse("2025-01-15T16:00:00Z", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal), outcome.NotBefore);
        Assert.Empty(app.Telnyx.LogEntries);
    }

    [Fact]
    public async Task Execute_PlusOneTemplate_DailyCapCountsTheClientsMessages()
    {
        var organization = await OrganizationAsync("Capped Co", cap: 1);
        var client = await ClientAsync(organization, "Max", "555 010 4575", timeZone: null);
        await using (var connection = await app.OpenAsync())
        {
            await connection.ExecuteAsync(
                "INSERT INTO automation_deliveries (organization_id, execution_id, step_key, channel, status, client_id) VALUES (@organization, gen_random_uuid(), 'earlier', 'email', 'sent', @client)",
                new { organization, client });
        }

        TelnyxAnswers((200, Sent("never"), null));

        var outcome = await ExecuteAsync(organization, client, "555 010 4575", PlusOneText, "2025-01-15T17:00:00Z");

        Assert.Equal(ActionStatus.Suppressed, outcome.Status);
        Assert.Contains("daily message cap", outcome.Summary, StringComparison.Ordinal);
        Assert.Empty(app.Telnyx.LogEntries);
    }

    [Fact]
    public async Task Run_NumberOnTheSuppressionList_IsNotTexted_WhoeverTheTemplateBuiltItFor()
    {
        // No client has this number: the list alone stops the text.
        await using (var connection = await app.OpenAsync())
        {
            await connection.ExecuteAsync(
                "INSERT INTO sms_suppressions (organization_id, phone_e164, source, detail) VALUES (@organization, '+15550104576', 'inbound_keyword', 'STOP')",
                new { organization = app.OrganizationId });
        }

        var client = await ClientAsync("Ned", "+15550102099");
        TelnyxAnswers((200, Sent("never"), null));

        var execution = await RunAsync(client, new JsonObject { ["to"] = "555.010.4576", ["message"] = "Your estimate is ready." });

        Assert.Equal("suppressed", execution.Step("text").Status());
        Assert.Contains("+1555•••4576 is on the organization's SMS opt-out list", execution.Step("text").GetProperty("output").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Empty(app.TextsTo("+15550104576"));
    }

    [Fact]
    public async Task Execute_DatesInTheText_AreInTheRecipientsZone()
    {
        // The context's client has no zone; the number's client (the recipient) is in Los Angeles, the organization in New York.
        var organization = await OrganizationAsync("Zoned Co", cap: null);
        var recipient = await ClientAsync(organization, "Ray", "(555) 010-4577", timeZone: "America/Los_Angeles");
        TelnyxAnswers((200, Sent("msg-ray"), null));
        var config = new JsonObject { ["to"] = "(555) 010-4577", ["message"] = "See you {{ job.scheduled_start | date: '%a %-I:%M %p %Z' }}" };

        var outcome = await ExecuteAsync(organization, recipient, "(555) 010-4577", config, "2025-01-15T17:00:00Z", clientZone: null);

        Assert.Equal(ActionStatus.Completed, outcome.Status);
        var body = JsonNode.Parse(Assert.Single(app.TextsTo("+15550104577")).RequestMessage.Body!)!;
        Assert.Equal("See you Tue 11:00 AM PST", body["text"]?.ToString());
    }

    async Task<Guid> OrganizationAsync(string name, int? cap)
    {
        await using var connection = await app.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection, name);
        await connection.ExecuteAsync("UPDATE organizations SET daily_message_cap = @cap WHERE id = @organization", new { cap, organization });
        return organization;
    }

    async Task<Guid> ClientAsync(Guid organization, string firstName, string phone, string? timeZone)
    {
        await using var connection = await app.OpenAsync();
        var client = await TestData.ClientAsync(connection, organization, firstName, email: null, phone);
        await connection.ExecuteAsync("UPDATE clients SET time_zone = @timeZone WHERE id = @client", new { client, timeZone });
        return client;
    }

    /// <summary>The handler at <paramref name="now"/> (a fake clock), for a client whose context shows <paramref name="phone"/>.</summary>
    async Task<ActionOutcome> ExecuteAsync(Guid organization, Guid client, string phone, JsonObject config, string now, string? clientZone = "")
    {
        var handler = new SendSmsHandler(
            app.Services.GetRequiredService<ChannelDelivery>(), app.Services.GetRequiredService<TelnyxClient>(), app.Services.GetRequiredService<TemplateRenderer>(),
            new FakeTimeProvider(DateTimeOffset.Parse(now, CultureInfo.InvariantCulture)));
        var context = new JsonObject
        {
            ["client"] = new JsonObject { ["id"] = client.ToString(), ["first_name"] = "Pat", ["phone"] = phone, ["time_zone"] = clientZone == "" ? null : clientZone },
            ["organization"] = new JsonObject { ["id"] = organization.ToString(), ["time_zone"] = "America/New_York" },
            ["job"] = new JsonObject { ["scheduled_start"] = "2025-01-21T19:00:00+00:00" },
        };
        return await handler.ExecuteAsync(new ActionRequest(Guid.NewGuid(), organization, "text", "send_sms", config, context, 1, 0), CancellationToken.None);
    }

    [Fact]
    public async Task Run_InQuietHours_WaitsDurablyForTheirEnd_ThenSends()
    {
        // A zone where it is daytime now, so the window (an hour ago until about 20 s from now) does not cross midnight;
        // 20 s so that the "waiting" status is not missed on a slow machine.
        var now = DateTimeOffset.UtcNow;
        var hours = Enumerable.Range(-12, 27).First(h => now.AddHours(h).Hour is >= 3 and <= 20);
        var zone = hours == 0 ? "Etc/UTC" : $"Etc/GMT{(hours > 0 ? "-" : "+")}{Math.Abs(hours)}";
        var local = now.ToOffset(TimeSpan.FromHours(hours));
        var start = TimeOnly.FromDateTime(local.DateTime.AddHours(-1));
        var end = TimeOnly.FromDateTime(local.DateTime.AddSeconds(20));
        end = new TimeOnly(end.Hour, end.Minute, end.Second);
        var expected = new DateTimeOffset(DateOnly.FromDateTime(local.DateTime).ToDateTime(end), TimeSpan.FromHours(hours));
        var client = await ClientAsync("Hal", "+15550102008", timeZone: zone);
        await using (var connection = await app.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE organizations SET quiet_hours_start = @start, quiet_hours_end = @end WHERE id = @id", new { start, end, id = app.OrganizationId });
        }

        TelnyxAnswers((200, Sent("msg-hal"), null));
        try
        {
            var workflow = await app.Api.CreateWorkflowAsync(Linear("text", Steps.Action("text", "send_sms", Text, 3)));
            var executionId = await app.Api.RunAsync(workflow, new JsonObject { ["clientId"] = client.ToString() });
            var waiting = await app.Api.WaitForAsync(executionId, statuses: "waiting");
            var deferred = waiting.Step("text");
            Assert.Equal("waiting", deferred.Status());
            Assert.Equal(expected, deferred.GetProperty("output").GetProperty("until").GetDateTimeOffset());
            Assert.Contains("quiet hours", deferred.GetProperty("output").GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Empty(app.TextsTo("+15550102008"));

            var execution = await app.Api.WaitForAsync(executionId);
            Assert.Equal("completed", execution.Status());
            var sentAt = SentAt(Assert.Single(app.TextsTo("+15550102008")));
            Assert.True(sentAt >= expected - TimerSlack, $"the text went at {sentAt:O}, before the quiet hours ended at {expected:O}");
        }
        finally
        {
            await using var connection = await app.OpenAsync();
            await connection.ExecuteAsync("UPDATE organizations SET quiet_hours_start = '00:00', quiet_hours_end = '00:00' WHERE id = @id", new { id = app.OrganizationId });
        }
    }

    [Theory]
    [InlineData("2025-01-15T03:30:00Z", null, "2025-01-15T13:00:00Z")] // 22:30 in New York → 08:00 next morning there
    [InlineData("2025-01-15T10:00:00Z", null, "2025-01-15T13:00:00Z")] // 05:00 in New York → 08:00 the same morning
    [InlineData("2025-01-15T05:30:00Z", "America/Los_Angeles", "2025-01-15T16:00:00Z")] // 21:30 in LA (the client's zone wins)
    [InlineData("2025-07-15T02:00:00Z", null, "2025-07-15T12:00:00Z")] // 22:00 EDT (summer time) → 08:00 EDT
    public async Task Execute_InQuietHoursByTheClock_DefersToTheWindowEnd(string now, string? clientZone, string expected)
    {
        var client = await ClientAsync("Ivy", $"+1555010{Random.Shared.Next(3000, 9999)}", timeZone: clientZone);
        await using (var connection = await app.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE organizations SET quiet_hours_start = '21:00', quiet_hours_end = '08:00' WHERE id = @id", new { id = app.OrganizationId });
        }

        TelnyxAnswers((200, Sent("never"), null));
        try
        {
            var handler = new SendSmsHandler(
                app.Services.GetRequiredService<ChannelDelivery>(), app.Services.GetRequiredService<TelnyxClient>(), app.Services.GetRequiredService<TemplateRenderer>(),
                new FakeTimeProvider(DateTimeOffset.Parse(now, CultureInfo.InvariantCulture)));
            var context = new JsonObject
            {
                ["client"] = new JsonObject { ["id"] = client.ToString(), ["first_name"] = "Ivy", ["phone"] = (await PhoneAsync(client)) },
                ["organization"] = new JsonObject { ["id"] = app.OrganizationId.ToString() },
            };

            var outcome = await handler.ExecuteAsync(new ActionRequest(Guid.NewGuid(), app.OrganizationId, "text", "send_sms", Text, context, 1, 0), CancellationToken.None);

            Assert.Equal(ActionStatus.Deferred, outcome.Status);
            Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture).UtcDateTime, outcome.NotBefore);
            Assert.Empty(app.Telnyx.LogEntries);
        }
        finally
        {
            await using var connection = await app.OpenAsync();
            await connection.ExecuteAsync("UPDATE organizations SET quiet_hours_start = '00:00', quiet_hours_end = '00:00' WHERE id = @id", new { id = app.OrganizationId });
        }
    }

    async Task<string> PhoneAsync(Guid client)
    {
        await using var connection = await app.OpenAsync();
        return await connection.ExecuteScalarAsync<string>("SELECT phone FROM clients WHERE id = @client", new { client }) ?? "";
    }
}
