using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using DurableTask.Core;
using Fixlify.Hosting;
using Microsoft.DurableTask.Client;
using Fixlify.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Engine;

/// <summary>
/// What the engine asks of Durable Task, on both backends: timers that never end early (a delay, a retry's backoff, a
/// deferral), n activities for a linear workflow of n actions (ADR 0023), and activities given only what their step reads.
/// </summary>
public abstract class DurableWorkflowEffectsTests(EngineApp app)
{
    [Fact]
    public async Task Delay_FinishesNoEarlierThanItsUntil_AndTheNextStepRunsAfterIt()
    {
        var workflow = await app.Api.CreateWorkflowAsync(Linear("not early",
            Record("before", "before"),
            new JsonObject { ["id"] = "pause", ["type"] = "delay", ["config"] = new JsonObject { ["duration"] = "PT2S" } },
            Record("after", "after")));

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow), TimeSpan.FromSeconds(90));

        Assert.Equal("completed", execution.GetProperty("status").GetString());
        var pause = execution.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("stepId").GetString() == "pause");
        var until = pause.GetProperty("output").GetProperty("until").GetDateTime();
        Assert.True(pause.GetProperty("finishedAt").GetDateTime() >= until, $"the delay finished at {pause.GetProperty("finishedAt")}, before its until {until:O}");
        var after = (await app.CallsAsync(execution.GetProperty("id").GetGuid())).Single(c => c.Label == "after");
        Assert.True(after.CalledAt.ToUniversalTime() >= until, $"the next step ran at {after.CalledAt:O}, before the delay's until {until:O}");
    }

    [Fact]
    public async Task Retry_WaitsItsWholeFirstInterval()
    {
        var step = Record("flaky", "flaky", new JsonObject { ["failTimes"] = 1 });
        step["retry"] = new JsonObject { ["maxAttempts"] = 2, ["firstInterval"] = "PT2S", ["maxInterval"] = "PT2S" };
        var workflow = await app.Api.CreateWorkflowAsync(Linear("backoff", step));

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow), TimeSpan.FromSeconds(90));

        Assert.Equal("completed", execution.GetProperty("status").GetString());
        var calls = await app.CallsAsync(execution.GetProperty("id").GetGuid());
        Assert.Equal([1, 2], calls.Select(c => c.Attempt));
        Assert.True(calls[1].CalledAt - calls[0].CalledAt >= TimeSpan.FromSeconds(2), $"the retry went out {calls[1].CalledAt - calls[0].CalledAt} after the failed attempt");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public async Task LinearWorkflow_OfNActions_CostsNActivitiesAndAnEpisodeAfterEach(int actions)
    {
        var tally = ((SidecarOrchestrationService)app.Services.GetRequiredService<IOrchestrationService>()).Tally;
        tally.CountPerInstance();
        var workflow = await app.Api.CreateWorkflowAsync(Linear($"{actions} in a row", [.. Enumerable.Range(1, actions).Select(i => Record($"s{i}", $"step {i}"))]));

        var executionId = await app.Api.RunAsync(workflow);
        var execution = await app.Api.WaitForAsync(executionId);
        await OrchestrationEndedAsync(executionId);

        Assert.Equal("completed", execution.GetProperty("status").GetString());
        Assert.Equal(Enumerable.Repeat("completed", actions), execution.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("status").GetString()));
        Assert.Equal(actions, (await app.CallsAsync(executionId)).Count);
        Assert.Equal((actions, actions + 1), tally.Of(executionId.ToString()));
    }

    [Fact]
    public async Task Workflow_StartingWithACondition_StartsApart_AndItsLastActionEndsIt()
    {
        var tally = ((SidecarOrchestrationService)app.Services.GetRequiredService<IOrchestrationService>()).Tally;
        tally.CountPerInstance();
        var check = new JsonObject
        {
            ["id"] = "check", ["type"] = "condition",
            ["config"] = new JsonObject { ["all"] = new JsonArray(new JsonObject { ["field"] = "trigger.data.nothing", ["op"] = "exists", ["value"] = false }) },
            ["then"] = new JsonArray(Record("yes", "yes")),
        };
        var workflow = await app.Api.CreateWorkflowAsync(Linear("checked", check));

        var executionId = await app.Api.RunAsync(workflow);
        var execution = await app.Api.WaitForAsync(executionId);
        await OrchestrationEndedAsync(executionId);

        Assert.Equal("completed", execution.GetProperty("status").GetString());
        Assert.Equal(["check", "yes"], execution.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("stepId").GetString()));
        // StartExecution, then the action, which ends the execution: 2 activities, 3 episodes.
        Assert.Equal((2, 3), tally.Of(executionId.ToString()));
    }

    [Fact]
    public async Task LastAction_FailingForGood_IsEndedByFinishExecution_AsFailed()
    {
        var tally = ((SidecarOrchestrationService)app.Services.GetRequiredService<IOrchestrationService>()).Tally;
        tally.CountPerInstance();
        var step = Record("only", "only", new JsonObject { ["failTimes"] = 5 });
        step["retry"] = new JsonObject { ["maxAttempts"] = 1 };
        var workflow = await app.Api.CreateWorkflowAsync(Linear("fails", step));

        var executionId = await app.Api.RunAsync(workflow);
        var execution = await app.Api.WaitForAsync(executionId);
        await OrchestrationEndedAsync(executionId);

        Assert.Equal("failed", execution.GetProperty("status").GetString());
        Assert.Contains("failed after 1 attempt(s)", execution.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal((2, 3), tally.Of(executionId.ToString()));
    }

    /// <summary>Waits until the execution's orchestration has completed (its row may say completed an episode sooner).</summary>
    async Task OrchestrationEndedAsync(Guid executionId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await app.Services.GetRequiredService<DurableTaskClient>().WaitForInstanceCompletionAsync(executionId.ToString(), timeout.Token);
    }

    [Fact]
    public async Task Deferral_TriesAgainNoEarlierThanItWasToldTo()
    {
        var workflow = await app.Api.CreateWorkflowAsync(Linear("deferred", Record("later", "sent later", new JsonObject { ["deferOnce"] = true })));

        var executionId = await app.Api.RunAsync(workflow);
        var waiting = await app.Api.WaitForAsync(executionId, TimeSpan.FromSeconds(60), "waiting");
        var until = waiting.GetProperty("steps")[0].GetProperty("output").GetProperty("until").GetDateTime();
        var execution = await app.Api.WaitForAsync(executionId, TimeSpan.FromSeconds(90));

        Assert.Equal("completed", execution.GetProperty("status").GetString());
        var sent = (await app.CallsAsync(executionId)).Single(c => c.Label == "sent later");
        Assert.True(sent.CalledAt.ToUniversalTime() >= until, $"asked again at {sent.CalledAt:O}, before {until:O}");
    }
}

public sealed class DurableWorkflowEffectsInMemoryTests(EngineApp app) : DurableWorkflowEffectsTests(app), IClassFixture<EngineApp>;

/// <summary>On Azure Storage, whose history can be read back: what an execution costs and carries.</summary>
public sealed class DurableWorkflowEffectsAzuriteTests(AzuriteEngineApp app) : DurableWorkflowEffectsTests(app), IClassFixture<AzuriteEngineApp>
{
    AzuriteEngineApp App { get; } = app;

    [Fact]
    public async Task LinearWorkflow_OfFiveActions_CostsFiveActivities_EachGivenOnlyWhatItsStepReads()
    {
        Guid job;
        var secret = "private notes " + new string('x', 4000);
        await using (var connection = await App.OpenAsync())
        {
            var client = await TestData.ClientAsync(connection, App.OrganizationId, "Dana");
            job = await TestData.JobAsync(connection, App.OrganizationId, client);
            await connection.ExecuteAsync("UPDATE jobs SET description = @secret WHERE id = @job", new { secret, job });
        }

        var workflow = await App.Api.CreateWorkflowAsync(new JsonObject
        {
            ["name"] = "five",
            ["triggerType"] = "job_completed",
            ["steps"] = new JsonArray([.. Enumerable.Range(1, 5).Select(i => (JsonNode)Record($"s{i}", $"{{{{ job.title }}}} {i}"))]),
        });

        var execution = await App.Api.WaitForAsync(await App.Api.RunAsync(workflow, new JsonObject { ["jobId"] = job.ToString() }));

        Assert.Equal("completed", execution.GetProperty("status").GetString());
        var history = await HistoryAsync(execution.GetProperty("id").GetGuid());
        Assert.Equal(["StartWithAction", "ExecuteAction", "ExecuteAction", "ExecuteAction", "ExecuteAction"], ScheduledActivities(history));
        Assert.DoesNotContain("private notes", history, StringComparison.Ordinal);
        Assert.Contains("Fix leak", history, StringComparison.Ordinal);
    }

    /// <summary>The orchestration's history, as the backend stores it (JSON).</summary>
    async Task<string> HistoryAsync(Guid executionId)
    {
        var service = (IOrchestrationServiceClient)((SidecarOrchestrationService)App.Services.GetRequiredService<IOrchestrationService>()).Inner;
        var state = (await service.GetOrchestrationStateAsync(executionId.ToString(), allExecutions: false)).Single();
        return await service.GetOrchestrationHistoryAsync(executionId.ToString(), state.OrchestrationInstance.ExecutionId);
    }

    /// <summary>The names of the activities the orchestration scheduled, in order.</summary>
    static List<string> ScheduledActivities(string history) =>
        [.. JsonNode.Parse(history)!.AsArray()
            .Where(e => e?["EventType"]?.ToString() is "TaskScheduled" or "4")
            .Select(e => e!["Name"]!.ToString())];
}

