using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static Fixlify.Tests.Fixtures.ActionSteps;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Actions;

/// <summary>
/// A webhook host's circuit (issue 25, ADR 0019): a receiving host that fails for its own reasons — unreachable, 5xx, 408,
/// 429 — longer than the steps' retries holds their webhooks ("Held: 127.0.0.1:5678 answers with an error (HTTP 503) since
/// 08:02"), the office is told naming the host, and each goes once, signed with its webhook-id, when the host answers again;
/// a 4xx other than 408 and 429 still fails the step at once. One circuit per organization and host (with its port).
/// </summary>
public sealed class WebhookCircuitTests(WebhookOutageApp app) : IClassFixture<WebhookOutageApp>
{
    static void Answer(WireMockServer receiver, int status)
    {
        receiver.Reset();
        receiver.Given(Request.Create().WithPath("/hook").UsingPost()).RespondWith(Response.Create().WithStatusCode(status).WithBody("not now"));
    }

    async Task<string> HeldBecauseAsync(Guid executionId)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (true)
        {
            var execution = await app.Api.ExecutionAsync(executionId);
            Assert.NotEqual("failed", execution.Status());
            if (execution.GetProperty("steps").EnumerateArray().LastOrDefault(s => s.GetProperty("stepId").GetString() == "notify") is { ValueKind: JsonValueKind.Object } step
                && step.GetProperty("output") is { ValueKind: JsonValueKind.Object } output && output.TryGetProperty("heldBecause", out var reason))
            {
                Assert.Equal("waiting", execution.Status());
                return reason.GetString()!;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"execution {executionId} was not held: {execution}");
            await Task.Delay(100);
        }
    }

    [Theory]
    [InlineData(503, "answers with an error (HTTP 503)")]
    [InlineData(429, "asks to slow down (HTTP 429)")]
    [InlineData(408, "is not answering in time")]
    public async Task Run_HostFailsLongerThanTheRetries_WebhooksAreHeldNamingTheHost_AndEachGoesOnceWhenItAnswers(int status, string cause)
    {
        using var receiver = HttpPeer.Start();
        var host = $"127.0.0.1:{receiver.Port()}";
        Answer(receiver, status);
        var workflow = await app.Api.CreateWorkflowAsync(
            Linear($"hook held {status}", Action("notify", "webhook", new JsonObject { ["url"] = $"http://{host}/hook" }, maxAttempts: 2)));
        var executions = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            executions.Add(await app.Api.RunAsync(workflow));
        }

        foreach (var execution in executions)
        {
            var reason = await HeldBecauseAsync(execution);
            Assert.StartsWith($"Held: {host} {cause} since ", reason, StringComparison.Ordinal);
            Assert.EndsWith($"It goes out when {host} answers again.", reason, StringComparison.Ordinal);
        }

        var attention = await app.Api.GetFromJsonAsync<JsonElement>(new Uri("api/attention", UriKind.Relative));
        var outage = Assert.Single(attention.GetProperty("outages").EnumerateArray(), o => o.GetProperty("provider").GetString() == $"webhook:{host}");
        Assert.Equal($"Webhooks can't be sent: {host} {cause}", outage.GetProperty("words").GetString());

        Answer(receiver, 200);
        foreach (var execution in executions)
        {
            Assert.Equal("completed", (await app.Api.WaitForAsync(execution)).Status());
        }

        var delivered = receiver.LogEntries.Where(e => e.ResponseMessage.StatusCode is 200).Select(e => e.Header("webhook-id")).ToList();
        Assert.Equal(executions.Count, delivered.Count);
        Assert.Equal(executions.Count, delivered.Distinct().Count());
        await using var connection = await app.OpenAsync();
        Assert.Equal("closed", await connection.ExecuteScalarAsync<string>(
            "SELECT state FROM automation_provider_circuits WHERE organization_id = @id AND provider = @provider", new { id = app.OrganizationId, provider = $"webhook:{host}" }));
    }

    [Fact]
    public async Task Run_HostAnswers404_FailsAtOnce_AndOpensNoCircuit()
    {
        using var receiver = HttpPeer.Start();
        Answer(receiver, 404);
        var workflow = await app.Api.CreateWorkflowAsync(
            Linear("hook 404", Action("notify", "webhook", new JsonObject { ["url"] = $"http://127.0.0.1:{receiver.Port()}/hook" }, maxAttempts: 3)));

        for (var i = 0; i < 4; i++)
        {
            var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow));
            Assert.Equal("failed", execution.Status());
            Assert.Contains("failed after 1 attempt(s)", execution.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        await using var connection = await app.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM automation_provider_circuits WHERE organization_id = @id AND provider = @provider",
            new { id = app.OrganizationId, provider = $"webhook:127.0.0.1:{receiver.Port()}" }));
    }

    [Fact]
    public async Task Run_HostUnreachable_IsHeldSayingItIsNotAnswering()
    {
        var host = $"127.0.0.1:{StandaloneApp.FreePort()}";
        var workflow = await app.Api.CreateWorkflowAsync(Linear("hook unreachable", Action("notify", "webhook", new JsonObject { ["url"] = $"http://{host}/hook" }, maxAttempts: 2)));

        var reason = await HeldBecauseAsync(await app.Api.RunAsync(workflow));

        Assert.StartsWith($"Held: {host} is not answering since ", reason, StringComparison.Ordinal);
    }
}
