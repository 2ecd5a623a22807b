using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Actions;

/// <summary>send_push_notification against a push service stub: VAPID-signed, encrypted, and a 410 removes the subscription.</summary>
public sealed class SendPushNotificationHandlerTests(ChannelsApp app) : IClassFixture<ChannelsApp>
{
    static JsonObject Push(string userId) => new()
    {
        ["userId"] = userId,
        ["title"] = "New job for {{ organization.name }}",
        ["body"] = "{{ trigger.data.note }}",
        ["url"] = "/jobs/123",
    };

    async Task<Guid> SubscribeAsync(Guid userId, string endpoint)
    {
        var (p256dh, auth) = ChannelsApp.BrowserKeys();
        await using var connection = await app.OpenAsync();
        return await connection.ExecuteScalarAsync<Guid>(
            "INSERT INTO push_subscriptions (organization_id, user_id, endpoint, p256dh, auth) VALUES (@org, @userId, @endpoint, @p256dh, @auth) RETURNING id",
            new { org = app.OrganizationId, userId, endpoint, p256dh, auth });
    }

    [Fact]
    public async Task Run_DeliversToEverySubscription_AndDeletesTheOneThePushServiceSaysIsGone()
    {
        var user = Guid.NewGuid();
        app.PushService.Reset();
        app.PushService.Given(Request.Create().WithPath("/push/live").UsingPost()).RespondWith(Response.Create().WithStatusCode(201));
        app.PushService.Given(Request.Create().WithPath("/push/gone").UsingPost()).RespondWith(Response.Create().WithStatusCode(410));
        var live = await SubscribeAsync(user, $"{app.PushService.Url}/push/live");
        await SubscribeAsync(user, $"{app.PushService.Url}/push/gone");
        var workflow = await app.Api.CreateWorkflowAsync(Linear("push", Steps.Action("notify", "send_push_notification", Push(user.ToString()), 3)));

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow, new JsonObject { ["note"] = "Leak at 12 Elm St" }));

        Assert.Equal("completed", execution.Status());
        var output = execution.Step("notify").GetProperty("output");
        Assert.Equal((1, 1), (output.GetProperty("delivered").GetInt32(), output.GetProperty("removed").GetInt32()));
        await using var connection = await app.OpenAsync();
        Assert.Equal([live], await connection.QueryAsync<Guid>("SELECT id FROM push_subscriptions WHERE user_id = @user", new { user }));

        var requests = app.PushService.LogEntries.Select(e => e.RequestMessage).ToList();
        Assert.Equal(["/push/gone", "/push/live"], requests.Select(r => r.Path).Order(StringComparer.Ordinal));
        Assert.All(requests, r =>
        {
            Assert.StartsWith("vapid t=", r.Headers!["Authorization"].Single(), StringComparison.Ordinal);
            Assert.Equal("aes128gcm", r.Headers["Content-Encoding"].Single());
            Assert.Equal("86400", r.Headers["TTL"].Single());
            Assert.True(r.BodyAsBytes is { Length: > 0 }, "the payload is encrypted and sent");
        });
    }

    [Fact]
    public async Task Run_UserHasNoSubscription_StepSuppressed()
    {
        app.PushService.Reset();
        var workflow = await app.Api.CreateWorkflowAsync(Linear("push", Steps.Action("notify", "send_push_notification", Push(Guid.NewGuid().ToString()))));

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow, new JsonObject { ["note"] = "x" }));

        Assert.Equal("completed", execution.Status());
        Assert.Equal("suppressed", execution.Step("notify").Status());
        Assert.Equal("no push subscription", execution.Step("notify").GetProperty("output").GetProperty("reason").GetString());
        Assert.Empty(app.PushService.LogEntries);
    }

    [Fact]
    public async Task Run_PushServiceUnavailable_IsRetried_ThenDeliveredOnce()
    {
        var user = Guid.NewGuid();
        app.PushService.Reset();
        var scenario = Guid.NewGuid().ToString();
        app.PushService.Given(Request.Create().WithPath("/push/flaky").UsingPost()).InScenario(scenario).WillSetStateTo("up")
            .RespondWith(Response.Create().WithStatusCode(503));
        app.PushService.Given(Request.Create().WithPath("/push/flaky").UsingPost()).InScenario(scenario).WhenStateIs("up")
            .RespondWith(Response.Create().WithStatusCode(201));
        await SubscribeAsync(user, $"{app.PushService.Url}/push/flaky");
        var workflow = await app.Api.CreateWorkflowAsync(Linear("push", Steps.Action("notify", "send_push_notification", Push(user.ToString()), 3)));

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow, new JsonObject { ["note"] = "x" }));

        Assert.Equal("completed", execution.Status());
        Assert.Equal(2, execution.Step("notify").GetProperty("attempts").GetInt32());
        Assert.Equal([503, 201], app.PushService.LogEntries.Select(e => Convert.ToInt32(e.ResponseMessage.StatusCode, CultureInfo.InvariantCulture)));
    }
}
