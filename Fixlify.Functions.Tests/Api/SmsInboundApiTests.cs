using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;

namespace Fixlify.Tests.Api;

/// <summary>POST /api/sms/inbound: Telnyx-signed keyword texts flip a client's SMS opt-out; anything unsigned is refused.</summary>
public sealed class SmsInboundApiTests(ChannelsApp app) : IClassFixture<ChannelsApp>
{
    static string Webhook(string from, string to, string text) => new JsonObject
    {
        ["data"] = new JsonObject
        {
            ["event_type"] = "message.received",
            ["id"] = Guid.NewGuid().ToString(),
            ["occurred_at"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["payload"] = new JsonObject
            {
                ["direction"] = "inbound",
                ["from"] = new JsonObject { ["phone_number"] = from, ["carrier"] = "T-Mobile" },
                ["to"] = new JsonArray(new JsonObject { ["phone_number"] = to }),
                ["text"] = text,
                ["type"] = "SMS",
            },
            ["record_type"] = "event",
        },
        ["meta"] = new JsonObject { ["attempt"] = 1 },
    }.ToJsonString();

    async Task<HttpResponseMessage> PostAsync(string body, string? signature = null, DateTimeOffset? at = null)
    {
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/sms/inbound", UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("telnyx-timestamp", timestamp);
        request.Headers.Add("telnyx-signature-ed25519", signature ?? app.SignTelnyx(timestamp, body));
        return await app.Http.SendAsync(request);
    }

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

    [Theory]
    [InlineData("STOP")]
    [InlineData("  unsubscribe ")]
    [InlineData("Quit")]
    [InlineData("stopall")]
    public async Task Post_SignedStopKeyword_OptsTheClientOut_ThenStartOptsThemBackIn(string keyword)
    {
        var phone = $"+1555020{Random.Shared.Next(1000, 9999)}";
        var client = await ClientAsync(app.OrganizationId, phone);

        using (var stop = await PostAsync(Webhook(phone, "+15550001111", keyword)))
        {
            Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
            var result = await stop.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(("opted_out", 1), (result.GetProperty("action").GetString(), result.GetProperty("clients").GetInt32()));
        }

        Assert.True(await OptedOutAsync(client));

        using (var start = await PostAsync(Webhook(phone, "+15550001111", "start")))
        {
            Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        }

        Assert.False(await OptedOutAsync(client));
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

        using var response = await PostAsync(Webhook(phone, "+15550001111", "Please stop by tomorrow"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ignored", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("action").GetString());
        Assert.False(await OptedOutAsync(client));
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
