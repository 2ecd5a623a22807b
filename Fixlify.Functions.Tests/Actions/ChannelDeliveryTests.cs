using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Actions;
using Fixlify.Engine;
using Fixlify.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Actions;

/// <summary>What every message channel shares: the per-client daily cap across workflows, race-safe.</summary>
public sealed class ChannelDeliveryTests(ChannelsApp app) : IClassFixture<ChannelsApp>
{
    static JsonObject Email(string subject) => new() { ["subject"] = subject, ["text"] = "Hello {{ client.first_name }}" };

    async Task<Guid> ClientWithCapAsync(string firstName, string email, int cap)
    {
        await using var connection = await app.OpenAsync();
        await connection.ExecuteAsync("UPDATE organizations SET daily_message_cap = @cap WHERE id = @id", new { cap, id = app.OrganizationId });
        return await TestData.ClientAsync(connection, app.OrganizationId, firstName, email, phone: null);
    }

    [Fact]
    public async Task Run_MoreMessagesThanTheDailyCap_TheExtraOneIsSuppressedWithTheReason()
    {
        var client = await ClientWithCapAsync("Nia", "nia@example.com", cap: 2);
        var first = await app.Api.CreateWorkflowAsync(Linear("two emails",
            Steps.Action("one", "send_email", Email("one")), Steps.Action("two", "send_email", Email("two"))));
        var second = await app.Api.CreateWorkflowAsync(Linear("another workflow", Steps.Action("three", "send_email", Email("three"))));

        var a = await app.Api.WaitForAsync(await app.Api.RunAsync(first, new JsonObject { ["clientId"] = client.ToString() }));
        var b = await app.Api.WaitForAsync(await app.Api.RunAsync(second, new JsonObject { ["clientId"] = client.ToString() }));

        Assert.Equal(["one", "two"], app.EmailsOf(a.GetProperty("id").GetGuid()).Select(m => m.Subject).Order(StringComparer.Ordinal));
        Assert.Empty(app.EmailsOf(b.GetProperty("id").GetGuid()));
        var capped = b.Step("three");
        Assert.Equal("suppressed", capped.Status());
        Assert.Contains("daily message cap reached", capped.GetProperty("output").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("completed", b.Status());
    }

    [Fact]
    public async Task Run_ManyAtOnce_NeverMoreThanTheCap()
    {
        var client = await ClientWithCapAsync("Oz", "oz@example.com", cap: 3);
        var workflow = await app.Api.CreateWorkflowAsync(Linear("burst", Steps.Action("mail", "send_email", Email("burst"))));

        var runs = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => app.Api.RunAsync(workflow, new JsonObject { ["clientId"] = client.ToString() })));
        var executions = await Task.WhenAll(runs.Select(id => app.Api.WaitForAsync(id)));

        Assert.Equal(3, runs.Sum(id => app.EmailsOf(id).Count));
        Assert.Equal(3, executions.Count(e => e.Step("mail").Status() == "completed"));
        Assert.Equal(5, executions.Count(e => e.Step("mail").Status() == "suppressed"));
    }

    [Fact]
    public async Task Execute_SameStepAgainAfterItWasSent_ReturnsTheRecordedResult_WithoutSending()
    {
        await using (var connection = await app.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE organizations SET daily_message_cap = NULL WHERE id = @id", new { id = app.OrganizationId });
        }

        await using var clientConnection = await app.OpenAsync();
        var client = await TestData.ClientAsync(clientConnection, app.OrganizationId, "Uma", "uma@example.com", phone: null);
        var handler = app.Services.GetRequiredService<SendEmailHandler>();
        var executionId = Guid.NewGuid();
        var context = new JsonObject
        {
            ["client"] = new JsonObject { ["id"] = client.ToString(), ["first_name"] = "Uma", ["email"] = "uma@example.com" },
            ["organization"] = new JsonObject { ["id"] = app.OrganizationId.ToString() },
        };
        ActionRequest Attempt(int attempt) => new(executionId, app.OrganizationId, "mail", "send_email", Email("once"), context, attempt, 0);

        var first = await handler.ExecuteAsync(Attempt(1), CancellationToken.None);
        var replay = await handler.ExecuteAsync(Attempt(2), CancellationToken.None);

        Assert.Equal((ActionStatus.Completed, ActionStatus.Completed), (first.Status, replay.Status));
        Assert.Equal("email already sent", replay.Summary);
        Assert.Equal(first.Output!["messageId"]!.GetValue<string>(), replay.Output!["messageId"]!.GetValue<string>());
        Assert.Single(app.EmailsOf(executionId));
    }

    [Fact]
    public async Task Run_NoCap_SendsThemAll()
    {
        await using (var connection = await app.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE organizations SET daily_message_cap = NULL WHERE id = @id", new { id = app.OrganizationId });
        }

        await using var clientConnection = await app.OpenAsync();
        var client = await TestData.ClientAsync(clientConnection, app.OrganizationId, "Pat", "pat@example.com", phone: null);
        var workflow = await app.Api.CreateWorkflowAsync(Linear("uncapped",
            Steps.Action("a", "send_email", Email("a")), Steps.Action("b", "send_email", Email("b")), Steps.Action("c", "send_email", Email("c"))));

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow, new JsonObject { ["clientId"] = client.ToString() }));

        Assert.Equal(3, app.EmailsOf(execution.GetProperty("id").GetGuid()).Count);
    }
}
