using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Xunit.Abstractions;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Application;

/// <summary>
/// Game day (issue 25): a provider that stops answering for longer than a step's retries holds its messages instead of
/// failing them, and every one goes out exactly once when it answers again; the office is told once when it stops and once
/// when it answers (<see cref="RecordingProviderOutages"/>). On the in-memory task hub and on Azurite. Prints the time from
/// recovery to the last message (measured, not asserted).
/// </summary>
public abstract class ProviderOutageTests<TApp>(TApp app, ITestOutputHelper output)
    where TApp : OutageApp
{
    static readonly JsonObject Email = new()
    {
        ["subject"] = "Your visit tomorrow",
        ["text"] = "Hi {{ client.first_name }}, see you tomorrow.",
    };

    static readonly JsonObject Text = new() { ["message"] = "Hi {{ client.first_name }}, see you tomorrow." };

    async Task<Guid> ClientAsync(string firstName, string? email, string? phone)
    {
        await using var connection = await app.OpenAsync();
        return await TestData.ClientAsync(connection, app.OrganizationId, firstName, email, phone);
    }

    /// <summary>Waits until the execution's step is held (its output says why), and returns the reason.</summary>
    async Task<string> HeldAsync(Guid executionId, string stepId)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (true)
        {
            var execution = await app.Api.ExecutionAsync(executionId);
            Assert.NotEqual("failed", execution.Status());
            var steps = execution.GetProperty("steps").EnumerateArray().Where(s => s.GetProperty("stepId").GetString() == stepId).ToList();
            if (steps.Count > 0 && steps[^1].GetProperty("output") is { ValueKind: JsonValueKind.Object } held && held.TryGetProperty("heldBecause", out var reason))
            {
                Assert.Equal("waiting", execution.Status());
                return reason.GetString()!;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"execution {executionId} was not held: {execution}");
            await Task.Delay(100);
        }
    }

    async Task<DateTime> LastCompletedAsync(IEnumerable<Guid> executions)
    {
        await using var connection = await app.OpenAsync();
        return await connection.ExecuteScalarAsync<DateTime>(
            "SELECT max(completed_at) FROM automation_execution_logs WHERE id = ANY(@ids)", new { ids = executions.ToArray() });
    }

    void TelnyxAnswers(int status, string body)
    {
        app.Telnyx.Reset();
        app.Telnyx.Given(Request.Create().WithPath("/v2/messages").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));
    }

    [Fact]
    public async Task Run_SmtpServerDownLongerThanTheRetries_EmailsAreHeldAndEachGoesOutOnceWhenItReturns()
    {
        var workflow = await app.Api.CreateWorkflowAsync(Linear("reminder by email", Steps.Action("mail", "send_email", Email, maxAttempts: 2)));
        var clients = new List<Guid>();
        for (var i = 0; i < 8; i++)
        {
            clients.Add(await ClientAsync($"Held{i}", $"held{i}@example.com", phone: null));
        }

        List<Guid> executions = [];
        app.StopSmtp();
        DateTimeOffset recovered;
        try
        {
            foreach (var client in clients)
            {
                executions.Add(await app.Api.RunAsync(workflow, new JsonObject { ["clientId"] = client.ToString() }));
            }

            foreach (var execution in executions)
            {
                Assert.Contains("the email server is not answering since", await HeldAsync(execution, "mail"), StringComparison.Ordinal);
            }

            // Far longer than the step's two attempts 0.2 s apart, and a few probes: still held, none failed.
            await Task.Delay(TimeSpan.FromSeconds(4));
            foreach (var execution in executions)
            {
                Assert.Equal("waiting", (await app.Api.ExecutionAsync(execution)).Status());
            }

            Assert.Equal(["opened"], app.Outages.Of("smtp").Select(t => t.Transition));
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

        var told = app.Outages.Of("smtp");
        Assert.Equal(["opened", "closed"], told.Select(t => t.Transition));
        Assert.Equal("the email server", told[0].Outage.Label);
        Assert.Equal("is not answering", told[0].Outage.Cause);
        Assert.InRange(told[0].Outage.Held, 1, executions.Count);
        Assert.Equal(app.OrganizationId, told[1].Outage.OrganizationId);
        output.WriteLine($"SMTP back: {executions.Count} held emails all sent {(await LastCompletedAsync(executions) - recovered.UtcDateTime).TotalSeconds:0.0} s after recovery.");
    }

    [Fact]
    public async Task Run_TelnyxAnswers500Then429_TextsAreHeldAndEachGoesOutOnceWhenItAnswers()
    {
        var workflow = await app.Api.CreateWorkflowAsync(Linear("reminder by text", Steps.Action("text", "send_sms", Text, maxAttempts: 2)));
        var numbers = Enumerable.Range(0, 6).Select(i => $"+1555020{i:D4}").ToList();
        var clients = new List<Guid>();
        foreach (var number in numbers)
        {
            clients.Add(await ClientAsync($"Texted{number[^2..]}", email: null, number));
        }

        TelnyxAnswers(500, """{"errors":[{"code":"10001","title":"Internal error"}]}""");
        List<Guid> executions = [];
        foreach (var client in clients)
        {
            executions.Add(await app.Api.RunAsync(workflow, new JsonObject { ["clientId"] = client.ToString() }));
        }

        foreach (var execution in executions)
        {
            var reason = await HeldAsync(execution, "text");
            Assert.True(reason.Contains("Telnyx answers with an error (HTTP 500) since", StringComparison.Ordinal), reason);
        }

        // Then it asks to slow down for a while: the probes are refused, the texts stay held.
        TelnyxAnswers(429, """{"errors":[{"code":"10011","title":"Too many requests"}]}""");
        await Task.Delay(TimeSpan.FromSeconds(4));
        foreach (var execution in executions)
        {
            Assert.Equal("waiting", (await app.Api.ExecutionAsync(execution)).Status());
        }

        Assert.Equal(["opened"], app.Outages.Of("telnyx").Select(t => t.Transition));
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

        Assert.Equal(["opened", "closed"], app.Outages.Of("telnyx").Select(t => t.Transition));
        Assert.Equal("answers with an error (HTTP 500)", app.Outages.Of("telnyx")[0].Outage.Cause);
        output.WriteLine($"Telnyx back: {executions.Count} held texts all sent {(await LastCompletedAsync(executions) - recovered.UtcDateTime).TotalSeconds:0.0} s after recovery.");
    }

    [Fact]
    public async Task Run_TelnyxSaysTheNumberOptedOut_EndsAtOnceAndOpensNoCircuit()
    {
        var client = await ClientAsync("Opted", email: null, "+15550209999");
        TelnyxAnswers(400, """{"errors":[{"code":"40300","title":"Blocked due to STOP message"}]}""");
        var workflow = await app.Api.CreateWorkflowAsync(Linear("opted out", Steps.Action("text", "send_sms", Text, maxAttempts: 2)));

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow, new JsonObject { ["clientId"] = client.ToString() }));

        Assert.Equal("completed", execution.Status());
        Assert.Equal("suppressed", execution.Step("text").Status());
        await using var connection = await app.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM automation_provider_circuits WHERE organization_id = @id AND provider = 'telnyx' AND state = 'open'", new { id = app.OrganizationId }));
    }
}
