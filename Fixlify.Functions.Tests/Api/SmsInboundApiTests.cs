using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using Fixlify.Triggers;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Fixlify.Tests.Api;

/// <summary>
/// POST /api/sms/inbound: Telnyx-signed keyword texts put the sender's number on (or take it off) the organization's
/// suppression list and flip its clients' SMS opt-out, however their phone was typed; anything unsigned is refused.
/// </summary>
public sealed class SmsInboundApiTests(ChannelsApp app) : IClassFixture<ChannelsApp>
{
    static int _stopNumbers = 1000;

    static string Webhook(string from, string to, string text, string? messageId = null, DateTimeOffset? receivedAt = null) =>
        InboundTexts.Webhook(from, to, text, messageId, receivedAt);

    Task<HttpResponseMessage> PostAsync(string body, string? signature = null, DateTimeOffset? at = null) =>
        InboundTexts.PostSignedAsync(app.Http, app.SignTelnyx, body, signature, at);

    async Task<bool> OptedOutAsync(Guid client)
    {
        await using var connection = await app.OpenAsync();
        return await connection.ExecuteScalarAsync<bool>("SELECT sms_opt_out FROM clients WHERE id = @client", new { client });
    }

    async Task<Guid> ClientAsync(Guid organization, string phone)
    {
        await using var connection = await app.OpenAsync();
        return await TestData.ClientAsync(connection, organization, "Sam", "sam@example.com", phone);
    }

    async Task<string?> SuppressedAsync(Guid organization, string phone)
    {
        await using var connection = await app.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<string>(
            "SELECT source || ' ' || coalesce(detail, '') FROM sms_suppressions WHERE organization_id = @organization AND phone_e164 = @phone", new { organization, phone });
    }

    [Theory]
    [InlineData("STOP")]
    [InlineData("  unsubscribe ")]
    [InlineData("Quit")]
    [InlineData("stopall")]
    [InlineData("REVOKE")]
    [InlineData("Opt out!")]
    [InlineData("opt-out")]
    [InlineData("End.")]
    [InlineData("Cancel")]
    [InlineData(" Stop. ")]
    public async Task Post_SignedStopKeyword_OptsTheClientOut_ThenStartOptsThemBackIn(string keyword)
    {
        var phone = $"+1555020{Interlocked.Increment(ref _stopNumbers):D4}"; // one number per case: two random ones once matched two clients
        var client = await ClientAsync(app.OrganizationId, phone);

        using (var stop = await PostAsync(Webhook(phone, "+15550001111", keyword)))
        {
            Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
            var result = await stop.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(("opted_out", 1), (result.GetProperty("action").GetString(), result.GetProperty("clients").GetInt32()));
        }

        Assert.True(await OptedOutAsync(client));
        Assert.StartsWith("inbound_keyword ", await SuppressedAsync(app.OrganizationId, phone), StringComparison.Ordinal);

        using (var start = await PostAsync(Webhook(phone, "+15550001111", "start")))
        {
            Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        }

        Assert.False(await OptedOutAsync(client));
        Assert.Null(await SuppressedAsync(app.OrganizationId, phone));
    }

    [Fact]
    public async Task Post_StopFromE164_OptsOutTheClientWhosePhoneIsTypedNationally()
    {
        // The case: the STOP came from +15550104567, the client's phone was stored as (555) 010-4567.
        var typed = await ClientAsync(app.OrganizationId, "(555) 010-4567");
        var dotted = await ClientAsync(app.OrganizationId, "555.010.4567");
        var someoneElse = await ClientAsync(app.OrganizationId, "(555) 010-4568");

        using var response = await PostAsync(Webhook("+15550104567", "+15550001111", "STOP"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("clients").GetInt32());
        Assert.True(await OptedOutAsync(typed));
        Assert.True(await OptedOutAsync(dotted));
        Assert.False(await OptedOutAsync(someoneElse));
        Assert.Equal("inbound_keyword STOP", await SuppressedAsync(app.OrganizationId, "+15550104567"));

        using var unstop = await PostAsync(Webhook("+15550104567", "+15550001111", "UNSTOP"));

        Assert.Equal("opted_in", (await unstop.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("action").GetString());
        Assert.False(await OptedOutAsync(typed));
        Assert.Null(await SuppressedAsync(app.OrganizationId, "+15550104567"));
    }

    [Fact]
    public async Task Post_Stop_ToAnOrganizationWhoseNumberIsTypedNationally_ReachesIt()
    {
        Guid organization;
        await using (var connection = await app.OpenAsync())
        {
            organization = await TestData.OrganizationAsync(connection, "National Plumbing");
            await connection.ExecuteAsync("UPDATE organizations SET sms_from_number = '(555) 000-7878' WHERE id = @organization", new { organization });
        }

        using var response = await PostAsync(Webhook("+15550207878", "+15550007878", "stop"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("inbound_keyword STOP", await SuppressedAsync(organization, "+15550207878"));
        Assert.Null(await SuppressedAsync(app.OrganizationId, "+15550207878"));
    }

    [Fact]
    public async Task Post_Stop_OnlyTouchesTheOrganizationThatOwnsTheReceivingNumber()
    {
        const string phone = "+15550209001";
        var ours = await ClientAsync(app.OrganizationId, phone);
        Guid otherOrganization;
        await using (var connection = await app.OpenAsync())
        {
            otherOrganization = await TestData.OrganizationAsync(connection, "Other Plumbing");
            await connection.ExecuteAsync("UPDATE organizations SET sms_from_number = '+15550009999' WHERE id = @otherOrganization", new { otherOrganization });
        }

        var theirs = await ClientAsync(otherOrganization, phone);

        using var response = await PostAsync(Webhook(phone, "+15550009999", "STOP"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(await OptedOutAsync(theirs));
        Assert.False(await OptedOutAsync(ours));
    }

    [Fact]
    public async Task Post_OrdinaryText_ChangesNothing()
    {
        const string phone = "+15550209002";
        var client = await ClientAsync(app.OrganizationId, phone);

        foreach (var text in new[] { "Please stop by tomorrow", "please don't stop by before noon", "Can you cancel Tuesday and come Friday?" })
        {
            using var response = await PostAsync(Webhook(phone, "+15550001111", text));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var result = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("ignored", result.GetProperty("action").GetString());
            Assert.Equal(JsonValueKind.Null, result.GetProperty("executionId").ValueKind);
        }

        Assert.False(await OptedOutAsync(client));
        Assert.Null(await SuppressedAsync(app.OrganizationId, phone));
    }

    [Fact]
    public async Task Post_TheSameMessageDeliveredAgain_Answers200_AndChangesNothing()
    {
        // Telnyx retried its STOP webhook after the client had already texted START: the retry must not opt them out again.
        var phone = $"+1555021{Random.Shared.Next(1000, 9999)}";
        var client = await ClientAsync(app.OrganizationId, phone);
        var stop = Webhook(phone, "+15550001111", "STOP", messageId: Guid.NewGuid().ToString(), receivedAt: DateTimeOffset.UtcNow.AddMinutes(-2));
        Assert.Equal("opted_out", (await app.DeliverAsync(stop)).GetProperty("action").GetString());
        Assert.Equal("opted_in", (await app.DeliverAsync(Webhook(phone, "+15550001111", "START"))).GetProperty("action").GetString());

        using var retried = await PostAsync(stop);

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal("duplicate", (await retried.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("action").GetString());
        Assert.False(await OptedOutAsync(client));
        Assert.Null(await SuppressedAsync(app.OrganizationId, phone));
        await using var connection = await app.OpenAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM sms_inbound_messages WHERE provider = 'telnyx' AND message_id = @id",
            new { id = JsonNode.Parse(stop)!["data"]!["payload"]!["id"]!.GetValue<string>() }));
    }

    [Fact]
    public async Task Post_OptInOlderThanTheNumbersLastOptOut_ChangesNothing()
    {
        // The client texted START, then STOP a minute later; the provider delivered the START late, after the STOP.
        var phone = $"+1555022{Random.Shared.Next(1000, 9999)}";
        var client = await ClientAsync(app.OrganizationId, phone);
        var sentStartAt = DateTimeOffset.UtcNow.AddMinutes(-3);
        Assert.Equal("opted_out", (await app.DeliverAsync(Webhook(phone, "+15550001111", "STOP", receivedAt: sentStartAt.AddMinutes(1)))).GetProperty("action").GetString());

        var late = await app.DeliverAsync(Webhook(phone, "+15550001111", "START", receivedAt: sentStartAt));

        Assert.Equal(("late", 0), (late.GetProperty("action").GetString(), late.GetProperty("clients").GetInt32()));
        Assert.True(await OptedOutAsync(client));
        Assert.Equal("inbound_keyword STOP", await SuppressedAsync(app.OrganizationId, phone));

        // A START sent after the STOP opts them back in, and then a late STOP from before it changes nothing either.
        Assert.Equal("opted_in", (await app.DeliverAsync(Webhook(phone, "+15550001111", "UNSTOP", receivedAt: sentStartAt.AddMinutes(2)))).GetProperty("action").GetString());
        Assert.Equal("late", (await app.DeliverAsync(Webhook(phone, "+15550001111", "STOP", receivedAt: sentStartAt.AddSeconds(90)))).GetProperty("action").GetString());
        Assert.False(await OptedOutAsync(client));
    }

    [Fact]
    public async Task Tick_ForgetsInboundMessageIdsAfter30Days()
    {
        await using (var connection = await app.OpenAsync())
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO sms_inbound_messages (provider, message_id, received_at, created_at)
                VALUES ('telnyx', 'old-31d', now() - interval '31 days', now() - interval '31 days'),
                       ('telnyx', 'recent-29d', now() - interval '29 days', now() - interval '29 days')
                """);
        }

        await app.Services.GetRequiredService<SchedulerTick>().RunAsync(app.Services.GetRequiredService<DurableTaskClient>(), CancellationToken.None);

        await using var check = await app.OpenAsync();
        var kept = await check.QueryAsync<string>("SELECT message_id FROM sms_inbound_messages WHERE message_id IN ('old-31d', 'recent-29d')");
        Assert.Equal(["recent-29d"], kept);
    }

    [Fact]
    public async Task Post_BadSignature_Is401_AndChangesNothing()
    {
        const string phone = "+15550209003";
        var client = await ClientAsync(app.OrganizationId, phone);
        var body = Webhook(phone, "+15550001111", "STOP");
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signedOtherBody = app.SignTelnyx(timestamp, body.Replace("STOP", "START", StringComparison.Ordinal));

        using var response = await PostAsync(body, signedOtherBody);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(await OptedOutAsync(client));
    }

    [Fact]
    public async Task Post_MissingSignature_Is401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/sms/inbound", UriKind.Relative))
        {
            Content = new StringContent(Webhook("+15550209004", "+15550001111", "STOP"), Encoding.UTF8, "application/json"),
        };

        using var response = await app.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Post_SignedButOlderThanFiveMinutes_Is401()
    {
        const string phone = "+15550209005";
        var client = await ClientAsync(app.OrganizationId, phone);

        using var response = await PostAsync(Webhook(phone, "+15550001111", "STOP"), at: DateTimeOffset.UtcNow.AddMinutes(-6));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("5 minutes", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(await OptedOutAsync(client));
    }
}
