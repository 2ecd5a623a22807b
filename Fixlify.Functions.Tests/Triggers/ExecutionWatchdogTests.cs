using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using Fixlify.Triggers;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Triggers;

/// <summary>
/// Nothing hangs silently: an execution that says it is waiting or processing, but whose orchestration was terminated
/// behind the engine's back or no longer exists (found missing for the lost period), is failed by the scheduler's
/// watchdog, saying why.
/// </summary>
public sealed class ExecutionWatchdogTests(EngineApp app) : IClassFixture<EngineApp>
{
    [Fact]
    public async Task OrchestrationTerminatedOutsideTheEngine_ExecutionFailedWithTheReason()
    {
        var workflow = await app.Api.CreateWorkflowAsync(Linear("terminated",
            Record("before", "before"),
            new JsonObject { ["id"] = "long", ["type"] = "delay", ["config"] = new JsonObject { ["duration"] = "PT1H" } }));
        var executionId = await app.Api.RunAsync(workflow);
        await app.Api.WaitForAsync(executionId, statuses: "waiting");
        var client = app.Services.GetRequiredService<DurableTaskClient>();
        await client.TerminateInstanceAsync(executionId.ToString(), "an operator's script");
        await client.WaitForInstanceCompletionAsync(executionId.ToString());

        // Not yet quiet long enough: the watchdog leaves it alone.
        Assert.Equal(0, await app.Services.GetRequiredService<ExecutionWatchdog>().CheckAsync(client, DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow.AddMinutes(-15), CancellationToken.None));
        var ended = await app.Services.GetRequiredService<ExecutionWatchdog>().CheckAsync(client, DateTimeOffset.UtcNow.AddMinutes(1), DateTimeOffset.UtcNow.AddMinutes(-15), CancellationToken.None);

        Assert.Equal(1, ended);
        var execution = await app.Api.ExecutionAsync(executionId);
        Assert.Equal("failed", execution.GetProperty("status").GetString());
        Assert.Contains("terminated", execution.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("an operator's script", execution.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrchestrationThatNeverExisted_ExecutionFailedSayingItIsGone()
    {
        Guid executionId;
        await using (var connection = await app.OpenAsync())
        {
            var workflow = await app.Api.CreateWorkflowAsync(Linear("orphan", Record("a", "a")));
            executionId = await connection.ExecuteScalarAsync<Guid>(
                """
                INSERT INTO automation_execution_logs (workflow_id, organization_id, trigger_type, trigger_data, status, workflow_version, started_at)
                VALUES (@workflow, @organization, 'manual', '{}', 'processing', 1, now()) RETURNING id
                """,
                new { workflow, organization = app.OrganizationId });
        }

        var watchdog = app.Services.GetRequiredService<ExecutionWatchdog>();
        var client = app.Services.GetRequiredService<DurableTaskClient>();

        // Found missing for the first time: under a burst an instance can be queued and still unknown to the task hub.
        await watchdog.CheckAsync(client, DateTimeOffset.UtcNow.AddMinutes(1), DateTimeOffset.UtcNow.AddMinutes(-15), CancellationToken.None);
        Assert.Equal("processing", (await app.Api.ExecutionAsync(executionId)).GetProperty("status").GetString());

        var ended = await watchdog.CheckAsync(client, DateTimeOffset.UtcNow.AddMinutes(1), DateTimeOffset.UtcNow.AddMinutes(1), CancellationToken.None);

        Assert.True(ended >= 1);
        var execution = await app.Api.ExecutionAsync(executionId);
        Assert.Equal("failed", execution.GetProperty("status").GetString());
        Assert.Contains("no longer exists", execution.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
