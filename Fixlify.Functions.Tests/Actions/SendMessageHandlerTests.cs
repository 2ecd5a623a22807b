using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Actions;

/// <summary>send_message: the first channel that can deliver, in the order given.</summary>
public sealed class SendMessageHandlerTests(ChannelsApp app) : IClassFixture<ChannelsApp>
{
    static JsonObject Message(string userId) => new()
    {
        ["channels"] = new JsonArray("push", "sms", "email"),
        ["push"] = new JsonObject { ["userId"] = userId, ["title"] = "Your plumber is on the way" },
        ["sms"] = new JsonObject { ["message"] = "Hi {{ client.first_name }}, your plumber is on the way." },
        ["email"] = new JsonObject { ["subject"] = "On the way", ["text"] = "Hi {{ client.first_name }}, your plumber is on the way." },
    };

    async Task<Guid> ClientAsync(string firstName, string email, string phone, bool smsOptOut)
    {
        await using var connection = await app.OpenAsync();
        var client = await TestData.ClientAsync(connection, app.OrganizationId, firstName, email, phone);
        await connection.ExecuteAsync("UPDATE clients SET sms_opt_out = @smsOptOut WHERE id = @client", new { client, smsOptOut });
        return client;
    }

    [Fact]
    public async Task Run_NoPushSubscriptionAndSmsOptedOut_FallsBackToEmail()
    {
        app.Telnyx.Reset();
        app.Telnyx.Given(Request.Create().WithPath("/v2/messages").UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"data":{"id":"never"}}"""));
        var client = await ClientAsync("Lia", "lia@example.com", "+15550103001", smsOptOut: true);
        var workflow = await app.Api.CreateWorkflowAsync(Linear("fallback", Steps.Action("tell", "send_message", Message(Guid.NewGuid().ToString()), 3)));

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow, new JsonObject { ["clientId"] = client.ToString() }));

        Assert.Equal("completed", execution.Status());
        var output = execution.Step("tell").GetProperty("output");
        Assert.Equal("email", output.GetProperty("channel").GetString());
        Assert.Equal(["push", "sms"], output.GetProperty("tried").EnumerateArray().Select(t => t.GetProperty("channel").GetString()));
        var executionId = execution.GetProperty("id").GetGuid();
        var email = Assert.Single(app.EmailsOf(executionId));
        Assert.Equal("lia@example.com", Assert.Single(email.To.Mailboxes).Address);
        Assert.Empty(app.TextsTo("+15550103001"));
        Assert.Empty(app.PushService.LogEntries);
        await using var connection = await app.OpenAsync();
        var ledger = (await connection.QueryAsync<(string, string)>(
            "SELECT step_key, status FROM automation_deliveries WHERE execution_id = @executionId ORDER BY step_key", new { executionId })).ToList();
        Assert.Equal([("tell/email", "sent"), ("tell/push", "suppressed"), ("tell/sms", "suppressed")], ledger);
    }

    [Fact]
    public async Task Run_SmsAvailable_SendsBySmsAndNotByEmail()
    {
        app.Telnyx.Reset();
        app.Telnyx.Given(Request.Create().WithPath("/v2/messages").UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"data":{"id":"msg-mo"}}"""));
        var client = await ClientAsync("Mo", "mo@example.com", "+15550103002", smsOptOut: false);
        var workflow = await app.Api.CreateWorkflowAsync(Linear("sms first", Steps.Action("tell", "send_message", Message(Guid.NewGuid().ToString()), 3)));

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow, new JsonObject { ["clientId"] = client.ToString() }));

        Assert.Equal("sms", execution.Step("tell").GetProperty("output").GetProperty("channel").GetString());
        Assert.Single(app.TextsTo("+15550103002"));
        Assert.Empty(app.EmailsOf(execution.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task Save_UnknownChannel_IsRefusedWithThePath()
    {
        var config = Message(Guid.NewGuid().ToString());
        config["channels"] = new JsonArray("push", "fax");

        using var response = await app.Api.PostAsJsonAsync(new Uri("api/workflows", UriKind.Relative), Linear("bad", Steps.Action("tell", "send_message", config)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()).ToList();
        Assert.Contains("steps[0].config.channels[1]", errors);
    }
}
