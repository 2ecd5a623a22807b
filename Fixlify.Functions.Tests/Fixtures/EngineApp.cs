using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace Fixlify.Tests.Fixtures;

/// <summary>The standalone host (in-memory Durable Task backend) with the test action <c>record</c> and an organization.</summary>
public class EngineApp : StandaloneApp
{
    public Guid OrganizationId { get; private set; }

    public HttpClient Api { get; private set; } = null!;

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton<IActionHandler>(sp => new RecordingActionHandler(OwnerConnectionString, sp.GetRequiredService<TemplateRenderer>()));

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var connection = await OpenAsync();
        await connection.ExecuteAsync(RecordingActionHandler.CreateTable);
        OrganizationId = await TestData.OrganizationAsync(connection, "Engine Test Plumbing");
        Api = ClientFor(OrganizationId);
    }

    public override async Task DisposeAsync()
    {
        Api?.Dispose();
        await base.DisposeAsync();
    }

    public sealed record RecordedCall(string StepKey, int Attempt, string? Label, DateTime CalledAt);

    public async Task<List<RecordedCall>> CallsAsync(Guid executionId)
    {
        await using var connection = await OpenAsync();
        return [.. await connection.QueryAsync<RecordedCall>(
            "SELECT step_key, attempt, label, called_at FROM test_action_calls WHERE execution_id = @executionId ORDER BY id", new { executionId })];
    }
}

/// <summary>The API calls the engine tests make.</summary>
public static class ApiCalls
{
    /// <summary>Creates the workflow active (a workflow created without <c>isActive</c> is inactive), unless the body says otherwise.</summary>
    public static async Task<Guid> CreateWorkflowAsync(this HttpClient api, JsonObject workflow)
    {
        var active = (JsonObject)workflow.DeepClone();
        active["isActive"] ??= true;
        using var response = await api.PostAsJsonAsync(new Uri("api/workflows", UriKind.Relative), active);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"create workflow: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    public static async Task<Guid> RunAsync(this HttpClient api, Guid workflowId, JsonObject? context = null)
    {
        using var response = await api.PostAsJsonAsync(new Uri($"api/workflows/{workflowId}/run", UriKind.Relative), new JsonObject { ["context"] = context ?? [], ["confirm"] = true });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"run: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("executionId").GetGuid();
    }

    public static async Task<JsonElement> ExecutionAsync(this HttpClient api, Guid executionId)
    {
        using var response = await api.GetAsync(new Uri($"api/executions/{executionId}", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone();
    }

    /// <summary>Polls the execution until it reaches one of <paramref name="statuses"/> (default: an end state).</summary>
    public static async Task<JsonElement> WaitForAsync(this HttpClient api, Guid executionId, TimeSpan? timeout = null, params string[] statuses)
    {
        statuses = statuses.Length > 0 ? statuses : ["completed", "failed", "cancelled"];
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var execution = await api.ExecutionAsync(executionId);
            if (statuses.Contains(execution.GetProperty("status").GetString()))
            {
                return execution;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                Assert.Fail($"execution {executionId} did not reach {string.Join("/", statuses)}: {execution}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>A step in the linear form: <c>record</c> with a label.</summary>
    public static JsonObject Record(string id, string label, JsonObject? extra = null)
    {
        var config = new JsonObject { ["label"] = label };
        foreach (var (key, value) in extra ?? [])
        {
            config[key] = value?.DeepClone();
        }

        return new JsonObject { ["id"] = id, ["type"] = "action", ["actionType"] = "record", ["config"] = config };
    }

    public static JsonObject Linear(string name, params JsonNode[] steps) => new()
    {
        ["name"] = name,
        ["triggerType"] = "manual",
        ["steps"] = new JsonArray([.. steps]),
    };
}
