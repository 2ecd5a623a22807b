using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Actions;
using Fixlify.Channels;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static Fixlify.Tests.Fixtures.ActionSteps;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Actions;

/// <summary>The webhook action end to end: workflow → orchestration → signed POST to a WireMock receiver on 127.0.0.1.</summary>
public sealed class WebhookHandlerTests(HttpActionsApp app) : IClassFixture<HttpActionsApp>, IDisposable
{
    /// <summary>The organization's secret as TestData writes it.</summary>
    const string Secret = "whsec_dGVzdC13ZWJob29rLXNlY3JldC0wMTIzNDU2Nzg5";

    readonly WireMockServer _receiver = HttpPeer.Start();

    string HookUrl => $"http://127.0.0.1:{_receiver.Port()}/hook";

    /// <summary>The Standard Webhooks check a receiver makes, written out here from the spec, not taken from the app.</summary>
    static void AssertSignedPerSpec(ILogEntry request)
    {
        var id = request.Header("webhook-id");
        var timestamp = request.Header("webhook-timestamp");
        var body = Encoding.UTF8.GetString(request.RawBody());
        var key = Convert.FromBase64String(Secret["whsec_".Length..]);
        using var hmac = new HMACSHA256(key);
        var expected = "v1," + Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));

        Assert.NotNull(id);
        Assert.Equal(expected, request.Header("webhook-signature"));
    }

    [Fact]
    public async Task Execute_DefaultPayload_IsSignedPerTheSpecAndRecorded()
    {
        _receiver.Given(Request.Create().WithPath("/hook").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        Guid job;
        await using (var connection = await app.OpenAsync())
        {
            var client = await TestData.ClientAsync(connection, app.OrganizationId, "Priya");
            job = await TestData.JobAsync(connection, app.OrganizationId, client);
        }

        var workflow = await app.Api.CreateWorkflowAsync(Linear("webhook default", Action("notify", "webhook", new JsonObject { ["url"] = HookUrl })));
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow, new JsonObject { ["jobId"] = job.ToString() }));

        Assert.Equal("completed", execution.GetProperty("status").GetString());
        var executionId = execution.GetProperty("id").GetGuid();
        var request = Assert.Single(_receiver.LogEntries);
        AssertSignedPerSpec(request);
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
        Assert.InRange(long.Parse(request.Header("webhook-timestamp")!, System.Globalization.CultureInfo.InvariantCulture), before - 5, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5);
        var payload = JsonNode.Parse(request.RawBody())!;
        Assert.Equal("manual", payload["type"]!.GetValue<string>());
        Assert.NotNull(payload["timestamp"]);
        Assert.Equal(executionId.ToString(), payload["data"]!["execution"]!["id"]!.GetValue<string>());
        Assert.Equal("webhook default", payload["data"]!["workflow"]!["name"]!.GetValue<string>());
        Assert.Equal(job.ToString(), payload["data"]!["job"]!["id"]!.GetValue<string>());
        Assert.Equal("Priya", payload["data"]!["client"]!["first_name"]!.GetValue<string>());
        Assert.Null(payload["data"]!["client"]!["email"]);

        var webhookId = request.Header("webhook-id");
        var output = execution.GetProperty("steps")[0].GetProperty("output");
        Assert.Equal(200, output.GetProperty("statusCode").GetInt32());
        Assert.Equal(webhookId, output.GetProperty("webhookId").GetString());
        await using var check = await app.OpenAsync();
        var delivery = await check.QuerySingleAsync<(string Channel, string Status, string ProviderId)>(
            "SELECT channel, status, provider_id FROM automation_deliveries WHERE execution_id = @executionId AND step_key = 'notify'", new { executionId });
        Assert.Equal(("webhook", "sent", webhookId), delivery);
    }

    [Fact]
    public async Task Execute_ReceiverFailsOnceWith503_RetriesWithTheSameWebhookId()
    {
        _receiver.Given(Request.Create().WithPath("/hook").UsingPost()).InScenario("flaky").WillSetStateTo("failed once")
            .RespondWith(Response.Create().WithStatusCode(503).WithBody("busy"));
        _receiver.Given(Request.Create().WithPath("/hook").UsingPost()).InScenario("flaky").WhenStateIs("failed once")
            .RespondWith(Response.Create().WithStatusCode(200));
        var workflow = await app.Api.CreateWorkflowAsync(Linear("webhook retry", Action("notify", "webhook", new JsonObject { ["url"] = HookUrl }, maxAttempts: 3)));

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow));

        Assert.Equal("completed", execution.GetProperty("status").GetString());
        Assert.Equal(2, execution.GetProperty("steps")[0].GetProperty("attempts").GetInt32());
        var requests = _receiver.LogEntries.ToList();
        Assert.Equal(2, requests.Count);
        Assert.Single(requests.Select(r => r.Header("webhook-id")).Distinct());
        Assert.All(requests, AssertSignedPerSpec);
    }

    [Theory]
    [InlineData(302, "answered 302", "do not follow redirects")]
    [InlineData(400, "answered 400 Bad Request", "not accepted")]
    [InlineData(410, "answered 410 Gone", "")]
    public async Task Execute_AnswerThatIsNotRetried_FailsAfterOneAttempt(int status, string expected, string body)
    {
        _receiver.Given(Request.Create().WithPath("/hook").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Location", "/elsewhere").WithBody(body));
        var workflow = await app.Api.CreateWorkflowAsync(Linear($"webhook {status}", Action("notify", "webhook", new JsonObject { ["url"] = HookUrl }, maxAttempts: 3)));

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow));

        Assert.Equal("failed", execution.GetProperty("status").GetString());
        var error = execution.GetProperty("error").GetString();
        Assert.Contains("failed after 1 attempt(s)", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Contains(body, error, StringComparison.Ordinal);
        Assert.Single(_receiver.LogEntries);
    }

    [Fact]
    public async Task Execute_ReceiverUnreachable_IsRetriedThenHeld()
    {
        var host = $"127.0.0.1:{StandaloneApp.FreePort()}";
        var workflow = await app.Api.CreateWorkflowAsync(Linear("webhook unreachable", Action("notify", "webhook", new JsonObject { ["url"] = $"http://{host}/hook" }, maxAttempts: 2)));

        var executionId = await app.Api.RunAsync(workflow);

        // Its retries spent on a host that is not answering: held (its circuit is open), not failed (ADR 0019).
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (true)
        {
            var execution = await app.Api.ExecutionAsync(executionId);
            Assert.NotEqual("failed", execution.GetProperty("status").GetString());
            var steps = execution.GetProperty("steps").EnumerateArray().Where(s => s.GetProperty("stepId").GetString() == "notify").ToList();
            if (steps.Count > 0 && steps[^1].GetProperty("output") is { ValueKind: JsonValueKind.Object } output && output.TryGetProperty("heldBecause", out var reason))
            {
                Assert.Equal("waiting", execution.GetProperty("status").GetString());
                Assert.StartsWith($"Held: {host} is not answering since ", reason.GetString(), StringComparison.Ordinal);
                break;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"not held: {execution}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Execute_OrganizationWithoutSecret_FailsPermanently()
    {
        Guid organization;
        await using (var connection = await app.OpenAsync())
        {
            organization = await TestData.OrganizationAsync(connection, "No Secret Plumbing");
            await connection.ExecuteAsync("UPDATE organizations SET webhook_secret = NULL WHERE id = @organization", new { organization });
        }

        using var api = app.ClientFor(organization);
        var workflow = await api.CreateWorkflowAsync(Linear("webhook unsigned", Action("notify", "webhook", new JsonObject { ["url"] = HookUrl }, maxAttempts: 3)));

        var execution = await api.WaitForAsync(await api.RunAsync(workflow));

        Assert.Equal("failed", execution.GetProperty("status").GetString());
        Assert.Contains("failed after 1 attempt(s): webhook: the organization has no usable webhook secret", execution.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(_receiver.LogEntries);
    }

    [Fact]
    public async Task Execute_CustomPayloadAndHeaders_AreRenderedAndSigned()
    {
        _receiver.Given(Request.Create().WithPath("/hook").UsingPost()).RespondWith(Response.Create().WithStatusCode(204));
        var config = new JsonObject
        {
            ["url"] = HookUrl,
            ["payload"] = new JsonObject { ["event"] = "note", ["text"] = "{{ trigger.data.note }} from {{ organization.name }}", ["count"] = 3, ["tags"] = new JsonArray("a", "{{ trigger.data.tag }}") },
            ["headers"] = new JsonObject { ["X-Source"] = "fixlify-{{ workflow.version }}" },
        };
        var workflow = await app.Api.CreateWorkflowAsync(Linear("webhook custom", Action("notify", "webhook", config)));

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow, new JsonObject { ["note"] = "hello", ["tag"] = "b" }));

        Assert.Equal("completed", execution.GetProperty("status").GetString());
        var request = Assert.Single(_receiver.LogEntries);
        AssertSignedPerSpec(request);
        Assert.Equal("fixlify-1", request.Header("X-Source"));
        var payload = JsonNode.Parse(request.RawBody())!;
        var expected = JsonNode.Parse("""{"event":"note","text":"hello from Engine Test Plumbing","count":3,"tags":["a","b"]}""");
        Assert.True(JsonNode.DeepEquals(expected, payload), payload.ToJsonString());
    }

    [Fact]
    public async Task Execute_ReceiverSlowerThan15Seconds_TimesOutAsARetryableFailure_AndNothingIsRecorded()
    {
        // A receiver that takes the connection and never answers.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var handler = new WebhookHandler(
            app.Services.GetRequiredService<GuardedHttpClient>(), app.Services.GetRequiredService<TenantDatabase>(), app.Services.GetRequiredService<TemplateRenderer>(), clock,
            app.Services.GetRequiredService<IProviderCircuits>());
        var executionId = Guid.NewGuid();
        var context = new JsonObject { ["trigger"] = new JsonObject { ["type"] = "manual" }, ["execution"] = new JsonObject { ["id"] = executionId.ToString() } };
        var url = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/hook";
        var request = new ActionRequest(executionId, app.OrganizationId, "notify", "webhook", new JsonObject { ["url"] = url }, context, 1, 0);

        var sending = handler.ExecuteAsync(request, CancellationToken.None);
        using var connection = await silent.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(10));
        clock.Advance(TimeSpan.FromSeconds(14.9));
        await Task.Delay(200);
        Assert.False(sending.IsCompleted, "still within the 15 s a receiver has to answer");
        clock.Advance(TimeSpan.FromSeconds(0.1));
        var failure = await Assert.ThrowsAsync<TimeoutException>(() => sending.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Contains("did not answer within 15 s", failure.Message, StringComparison.Ordinal);
        await using var check = await app.OpenAsync();
        Assert.Equal(0, await check.ExecuteScalarAsync<int>("SELECT count(*) FROM automation_deliveries WHERE execution_id = @executionId", new { executionId }));
    }

    [Fact]
    public async Task Execute_ReplayedAfterASuccess_DoesNotPostAgain()
    {
        _receiver.Given(Request.Create().WithPath("/hook").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        var handler = app.Services.GetRequiredService<ActionHandlers>().Get("webhook");
        var executionId = Guid.NewGuid();
        var context = new JsonObject { ["trigger"] = new JsonObject { ["type"] = "manual" }, ["execution"] = new JsonObject { ["id"] = executionId.ToString() } };
        var request = new ActionRequest(executionId, app.OrganizationId, "notify", "webhook", new JsonObject { ["url"] = HookUrl }, context, 1, 0);

        var first = await handler.ExecuteAsync(request, CancellationToken.None);
        var replay = await handler.ExecuteAsync(request with { Attempt = 2 }, CancellationToken.None);

        var posted = Assert.Single(_receiver.LogEntries);
        Assert.True(JsonNode.DeepEquals(first.Output, replay.Output), replay.Output?.ToJsonString());
        var webhookId = replay.Output!["webhookId"]!.GetValue<string>();
        Assert.Equal(posted.Header("webhook-id"), webhookId);
        Assert.Matches("^msg_[A-Za-z0-9]+$", webhookId);

        // Another execution's step and another step of this execution are other messages: a receiver must not drop them.
        var otherExecution = Guid.NewGuid();
        var others = new[]
        {
            await handler.ExecuteAsync(request with { ExecutionId = otherExecution, Context = new JsonObject { ["trigger"] = new JsonObject { ["type"] = "manual" }, ["execution"] = new JsonObject { ["id"] = otherExecution.ToString() } } }, CancellationToken.None),
            await handler.ExecuteAsync(request with { StepKey = "notify_again" }, CancellationToken.None),
        };
        var ids = _receiver.LogEntries.Select(e => e.Header("webhook-id")).ToList();
        Assert.Equal(3, ids.Count);
        Assert.Equal(3, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^msg_[A-Za-z0-9]+$", id));
        Assert.Equal(ids.Skip(1).Order(StringComparer.Ordinal), others.Select(o => o.Output!["webhookId"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("url", "ftp://hooks.example.com/in", "config.url")]
    [InlineData("url", "http://169.254.169.254/latest", "config.url")]
    [InlineData("url", "https://user:pw@hooks.example.com/in", "config.url")]
    [InlineData("url", "https://hooks.example.com/{{ nothing.here }}", "config.url")]
    [InlineData("headers", "webhook-signature", "config.headers.webhook-signature")]
    [InlineData("headers", "Webhook-Id", "config.headers.Webhook-Id")]
    [InlineData("headers", "Host", "config.headers.Host")]
    [InlineData("payload", "{{ client.nope }}", "config.payload.text")]
    public async Task Create_InvalidConfig_IsRefusedNamingTheField(string field, string value, string path)
    {
        var config = new JsonObject { ["url"] = "https://hooks.example.com/in" };
        config[field] = field switch
        {
            "headers" => new JsonObject { [value] = "x" },
            "payload" => new JsonObject { ["text"] = value },
            _ => value,
        };

        var paths = await app.Api.RefusedAsync(Linear("bad webhook", Action("notify", "webhook", config)));

        Assert.Contains(paths, p => p.EndsWith(path, StringComparison.Ordinal));
    }

    public void Dispose() => _receiver.Dispose();
}
