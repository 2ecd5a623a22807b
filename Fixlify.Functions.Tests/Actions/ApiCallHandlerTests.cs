using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Actions;
using Fixlify.Engine;
using Fixlify.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static Fixlify.Tests.Fixtures.ActionSteps;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Actions;

/// <summary>The api_call action end to end against a WireMock API on 127.0.0.1; its answer feeds later steps.</summary>
public sealed class ApiCallHandlerTests(HttpActionsApp app) : IClassFixture<HttpActionsApp>, IDisposable
{
    readonly WireMockServer _api = HttpPeer.Start();

    string Url(string path) => $"http://127.0.0.1:{_api.Port()}{path}";

    static JsonObject Call(string url, string? saveAs = null, string method = "GET", JsonNode? body = null)
    {
        var config = new JsonObject { ["method"] = method, ["url"] = url };
        if (saveAs is not null)
        {
            config["saveAs"] = saveAs;
        }

        if (body is not null)
        {
            config["body"] = body;
        }

        return config;
    }

    [Fact]
    public async Task Execute_JsonAnswer_IsSavedUnderSaveAs_ForALaterTemplate()
    {
        _api.Given(Request.Create().WithPath("/quotes/7").UsingGet().WithHeader("Authorization", "Bearer k-123"))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"total": 1234.5, "currency": "USD"}"""));
        var fetch = Call(Url("/quotes/{{ trigger.data.quote }}"), saveAs: "quote");
        fetch["headers"] = new JsonObject { ["Authorization"] = "Bearer {{ trigger.data.key }}" };
        var workflow = await app.Api.CreateWorkflowAsync(Linear("quote task",
            Action("fetch", "api_call", fetch),
            Action("task", "create_task", new JsonObject { ["title"] = "Follow up quote of {{ quote.total }} {{ quote.currency }}" })));

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow, new JsonObject { ["quote"] = "7", ["key"] = "k-123" }));

        Assert.Equal("completed", execution.GetProperty("status").GetString());
        Assert.Equal(1234.5, execution.GetProperty("steps")[0].GetProperty("output").GetProperty("total").GetDouble());
        await using var connection = await app.OpenAsync();
        var title = await connection.QuerySingleAsync<string>(
            "SELECT title FROM tasks WHERE created_by_execution = @id", new { id = execution.GetProperty("id").GetGuid() });
        Assert.Equal("Follow up quote of 1234.5 USD", title);
    }

    [Theory]
    [InlineData(35, "hot")]
    [InlineData(12, "mild")]
    public async Task Execute_JsonAnswer_DrivesALaterCondition(int temperature, string expected)
    {
        _api.Given(Request.Create().WithPath("/weather").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody($$"""{"temp": {{temperature}}, "city": "Austin"}"""));
        var workflow = await app.Api.CreateWorkflowAsync(Linear($"weather {temperature}",
            Action("weather", "api_call", Call(Url("/weather"), saveAs: "weather")),
            Condition("check", Rule("weather.temp", "gt", 30), [Record("hot", "hot in {{ weather.city }}")], [Record("mild", "mild in {{ weather.city }}")])));

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow));

        Assert.Equal("completed", execution.GetProperty("status").GetString());
        Assert.Equal($"{expected} in Austin", (await app.CallsAsync(execution.GetProperty("id").GetGuid())).Single().Label);
    }

    [Theory]
    [InlineData(404, "answered 404 Not Found: no quote 9", 1)]
    [InlineData(422, "answered 422 Unprocessable", 1)]
    [InlineData(429, "answered 429 Too Many Requests: slow down", 2)]
    [InlineData(503, "answered 503 Service Unavailable: down for maintenance", 2)]
    public async Task Execute_ErrorAnswer_FailsWithStatusAndExcerpt(int status, string expected, int requests)
    {
        var body = expected.Split(": ") is [_, var text] ? text : "{\"error\": \"invalid\"}";
        _api.Given(Request.Create().WithPath("/fails").UsingGet()).RespondWith(Response.Create().WithStatusCode(status).WithBody(body));
        var workflow = await app.Api.CreateWorkflowAsync(Linear($"fails {status}", Action("fetch", "api_call", Call(Url("/fails")), maxAttempts: 2)));

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow));

        Assert.Equal("failed", execution.GetProperty("status").GetString());
        var error = execution.GetProperty("error").GetString();
        Assert.Contains($"failed after {requests} attempt(s)", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(requests, _api.LogEntries.Count);
    }

    [Fact]
    public async Task Execute_AnswerOverTheCap_FailsNamingTheCap()
    {
        var big = "{\"items\": [" + string.Join(",", Enumerable.Repeat("\"0123456789abcdef0123456789abcdef\"", 9000)) + "]}";
        _api.Given(Request.Create().WithPath("/big").UsingGet()).RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(big));
        var workflow = await app.Api.CreateWorkflowAsync(Linear("too big", Action("fetch", "api_call", Call(Url("/big"), saveAs: "big"), maxAttempts: 3)));

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow));

        Assert.Equal("failed", execution.GetProperty("status").GetString());
        Assert.Contains("larger than the 256 KiB cap", execution.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Single(_api.LogEntries);
    }

    [Fact]
    public async Task Execute_TextAnswer_IsSavedAsAString()
    {
        _api.Given(Request.Create().WithPath("/status").UsingGet()).RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/plain").WithBody("all systems go"));
        var workflow = await app.Api.CreateWorkflowAsync(Linear("text", Action("status", "api_call", Call(Url("/status"), saveAs: "status")), Record("echo", "status: {{ status }}")));

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow));

        Assert.Equal("completed", execution.GetProperty("status").GetString());
        Assert.Equal("all systems go", execution.GetProperty("steps")[0].GetProperty("output").GetString());
        Assert.Equal("status: all systems go", (await app.CallsAsync(execution.GetProperty("id").GetGuid())).Single().Label);
    }

    [Fact]
    public async Task Execute_Post_SendsTheRenderedBodyWithOneIdempotencyKeyOnEveryAttempt()
    {
        _api.Given(Request.Create().WithPath("/orders").UsingPost()).InScenario("order").WillSetStateTo("failed once")
            .RespondWith(Response.Create().WithStatusCode(500));
        _api.Given(Request.Create().WithPath("/orders").UsingPost()).InScenario("order").WhenStateIs("failed once")
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody("""{"orderId": "A-1"}"""));
        var body = new JsonObject { ["customer"] = "{{ trigger.data.name }}", ["quantity"] = 2, ["lines"] = new JsonArray("{{ organization.name }}") };
        var workflow = await app.Api.CreateWorkflowAsync(Linear("order",
            Action("order", "api_call", Call(Url("/orders"), saveAs: "order", method: "POST", body: body), maxAttempts: 3),
            Record("after", "order {{ order.orderId }}")));

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow, new JsonObject { ["name"] = "Priya" }));

        Assert.Equal("completed", execution.GetProperty("status").GetString());
        var executionId = execution.GetProperty("id").GetGuid();
        var requests = _api.LogEntries.ToList();
        Assert.Equal(2, requests.Count);
        // One key on every attempt (what lets the API do the order once), a UUID as the Idempotency-Key draft suggests.
        var key = requests[0].Header("Idempotency-Key");
        Assert.True(Guid.TryParse(key, out _), key);
        Assert.All(requests, r => Assert.Equal(key, r.Header("Idempotency-Key")));
        Assert.StartsWith("application/json", requests[0].Header("Content-Type"), StringComparison.Ordinal);
        var sent = JsonNode.Parse(requests[0].RawBody());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"customer":"Priya","quantity":2,"lines":["Engine Test Plumbing"]}"""), sent), sent?.ToJsonString());
        Assert.Equal("order A-1", (await app.CallsAsync(executionId)).Single().Label);
        await using var connection = await app.OpenAsync();
        var delivery = await connection.QuerySingleAsync<(string Channel, string Status, string ProviderId)>(
            "SELECT channel, status, provider_id FROM automation_deliveries WHERE execution_id = @executionId AND step_key = 'order'", new { executionId });
        Assert.Equal(("api_call", "sent", key), delivery);
    }

    [Fact]
    public async Task Execute_PostReplayedAfterASuccess_DoesNotSendAgain()
    {
        _api.Given(Request.Create().WithPath("/orders").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"orderId": "B-2"}"""));
        var handler = app.Services.GetRequiredService<ActionHandlers>().Get("api_call");
        var executionId = Guid.NewGuid();
        var request = new ActionRequest(
            executionId, app.OrganizationId, "order", "api_call", Call(Url("/orders"), saveAs: "order", method: "POST", body: new JsonObject { ["n"] = 1 }), [], 1, 0);

        var first = await handler.ExecuteAsync(request, CancellationToken.None);
        var replay = await handler.ExecuteAsync(request with { Attempt = 2 }, CancellationToken.None);

        var sent = Assert.Single(_api.LogEntries);
        Assert.Equal("B-2", replay.Output!["orderId"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(first.Output, replay.Output));
        Assert.Equal(("order", "order"), (first.SaveAs, replay.SaveAs));

        // Another execution's step and another step of this execution are other orders: they get keys of their own.
        await handler.ExecuteAsync(request with { ExecutionId = Guid.NewGuid() }, CancellationToken.None);
        await handler.ExecuteAsync(request with { StepKey = "order_again" }, CancellationToken.None);
        var keys = _api.LogEntries.Select(e => e.Header("Idempotency-Key")).ToList();
        Assert.Equal(3, keys.Count);
        Assert.Equal(sent.Header("Idempotency-Key"), keys[0]);
        Assert.All(keys, k => Assert.True(Guid.TryParse(k, out _), k));
        Assert.Equal(3, keys.Distinct().Count());
    }

    [Fact]
    public async Task Execute_Get_IsNotDedupedAndSendsNoIdempotencyKey()
    {
        _api.Given(Request.Create().WithPath("/ping").UsingGet()).RespondWith(Response.Create().WithStatusCode(200).WithBody("pong"));
        var handler = app.Services.GetRequiredService<ActionHandlers>().Get("api_call");
        var request = new ActionRequest(Guid.NewGuid(), app.OrganizationId, "ping", "api_call", Call(Url("/ping")), [], 1, 0);

        await handler.ExecuteAsync(request, CancellationToken.None);
        await handler.ExecuteAsync(request with { Attempt = 2 }, CancellationToken.None);

        Assert.Equal(2, _api.LogEntries.Count);
        Assert.All(_api.LogEntries, e => Assert.Null(e.Header("Idempotency-Key")));
    }

    [Fact]
    public async Task Execute_Redirect_IsFollowedAndTheFinalAnswerSaved()
    {
        _api.Given(Request.Create().WithPath("/old").UsingGet()).RespondWith(Response.Create().WithStatusCode(301).WithHeader("Location", "/new"));
        _api.Given(Request.Create().WithPath("/new").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"moved": true}"""));
        var workflow = await app.Api.CreateWorkflowAsync(Linear("moved", Action("fetch", "api_call", Call(Url("/old"), saveAs: "page"))));

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow));

        Assert.Equal("completed", execution.GetProperty("status").GetString());
        Assert.True(execution.GetProperty("steps")[0].GetProperty("output").GetProperty("moved").GetBoolean());
    }

    [Fact]
    public async Task Execute_RedirectToAPrivateAddress_FailsPermanentlyNamingTheHost()
    {
        _api.Given(Request.Create().WithPath("/sneaky").UsingGet()).RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", "http://192.168.0.1/admin"));
        var workflow = await app.Api.CreateWorkflowAsync(Linear("sneaky", Action("fetch", "api_call", Call(Url("/sneaky")), maxAttempts: 3)));

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow));

        Assert.Equal("failed", execution.GetProperty("status").GetString());
        var error = execution.GetProperty("error").GetString();
        Assert.Contains("failed after 1 attempt(s): api_call: Refused 192.168.0.1: 192.168.0.1 is a private address", error, StringComparison.Ordinal);
        Assert.Single(_api.LogEntries);
    }

    [Theory]
    [InlineData("method", "TRACE", "config.method")]
    [InlineData("url", "ftp://api.example.com/x", "config.url")]
    [InlineData("url", "not a url", "config.url")]
    [InlineData("url", "http://10.0.0.1/internal", "config.url")]
    [InlineData("saveAs", "Quote", "config.saveAs")]
    [InlineData("saveAs", "job", "config.saveAs")]
    [InlineData("timeout", "PT2M", "config.timeout")]
    [InlineData("timeout", "soon", "config.timeout")]
    [InlineData("body", "{{ trigger.data.x }}", "config.body")]
    [InlineData("headers", "Idempotency-Key", "config.headers.Idempotency-Key")]
    [InlineData("headers", "bad header", "config.headers.bad header")]
    public async Task Create_InvalidConfig_IsRefusedNamingTheField(string field, string value, string path)
    {
        var config = Call("https://api.example.com/x");
        config[field] = field == "headers" ? new JsonObject { [value] = "x" } : value;

        var paths = await app.Api.RefusedAsync(Linear("bad call", Action("fetch", "api_call", config)));

        Assert.Contains(paths, p => p.EndsWith(path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_SaveAsName_CanBeUsedByLaterSteps()
    {
        var workflow = await app.Api.CreateWorkflowAsync(Linear("bound",
            Action("fetch", "api_call", Call("https://api.example.com/quotes/1", saveAs: "quote")),
            Record("use", "{{ quote.total }} {{ steps.fetch.total }}")));

        Assert.NotEqual(Guid.Empty, workflow);
        var paths = await app.Api.RefusedAsync(Linear("unbound", Record("use", "{{ quote.total }}")));
        Assert.Contains(paths, p => p.EndsWith("config.label", StringComparison.Ordinal));
    }

    public void Dispose() => _api.Dispose();
}
