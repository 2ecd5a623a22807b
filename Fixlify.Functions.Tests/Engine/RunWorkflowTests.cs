using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Engine;

/// <summary>The RunWorkflow orchestration end to end: HTTP → execution log → Durable Task (in memory) → activities → PostgreSQL.</summary>
public sealed class RunWorkflowTests(EngineApp app) : IClassFixture<EngineApp>
{
    [Fact]
    public async Task LinearWorkflow_RunsEveryStepInOrder_AndLogsEachStep()
    {
        var workflow = await app.Api.CreateWorkflowAsync(Linear("linear",
            Record("a", "first for {{ organization.name }}"), Record("b", "second"), Record("c", "third {{ trigger.data.note }}")));

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow, new JsonObject { ["note"] = "hello" }));

        Assert.Equal("completed", execution.GetProperty("status").GetString());
        var id = execution.GetProperty("id").GetGuid();
        Assert.Equal(["first for Engine Test Plumbing", "second", "third hello"], (await app.CallsAsync(id)).Select(c => c.Label));
        var steps = execution.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(["a", "b", "c"], steps.Select(s => s.GetProperty("stepKey").GetString()));
        Assert.All(steps, s =>
        {
            Assert.Equal("completed", s.GetProperty("status").GetString());
            Assert.Equal(1, s.GetProperty("attempts").GetInt32());
            Assert.True(s.GetProperty("finishedAt").GetDateTime() >= s.GetProperty("startedAt").GetDateTime());
        });
        Assert.Equal("second", steps[1].GetProperty("output").GetProperty("label").GetString());
        Assert.True(execution.GetProperty("completedAt").GetDateTimeOffset() >= execution.GetProperty("startedAt").GetDateTimeOffset());
        Assert.True(execution.GetProperty("executionTimeMs").GetInt32() >= 0);

        var counts = await WorkflowCountsAsync(workflow);
        Assert.Equal((1, 1, 0), (counts.ExecutionCount, counts.SuccessCount, counts.FailureCount));
        Assert.NotNull(counts.LastTriggeredAt);
    }

    [Theory]
    [InlineData(250, "big", "true")]
    [InlineData(40, "small", "false")]
    public async Task Condition_TakesTheMatchingBranch_ThenRejoins(int amount, string expected, string branch)
    {
        var workflow = await app.Api.CreateWorkflowAsync(Graph("branches",
            [
                Node("t", "trigger"),
                Node("check", "condition", new JsonObject { ["all"] = new JsonArray(Rule("trigger.data.amount", "gt", 100), Rule("trigger.data.kind", "in", new JsonArray("repair", "install"))) }),
                RecordNode("yes", "big"),
                RecordNode("no", "small"),
                RecordNode("after", "after {{ steps.check.branch }}"),
            ],
            [Edge("t", "check"), Edge("check", "yes", "true"), Edge("check", "no", "false"), Edge("yes", "after"), Edge("no", "after")]));

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow, new JsonObject { ["amount"] = amount, ["kind"] = "repair" }));

        Assert.Equal("completed", execution.GetProperty("status").GetString());
        Assert.Equal([expected, $"after {branch}"], (await app.CallsAsync(execution.GetProperty("id").GetGuid())).Select(c => c.Label));
        var condition = execution.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("stepId").GetString() == "check");
        Assert.Equal(branch, condition.GetProperty("output").GetProperty("branch").GetString());
    }

    [Fact]
    public async Task Delay_WaitsDurably_ShowingWaiting_ThenContinues()
    {
        var workflow = await app.Api.CreateWorkflowAsync(Linear("delay",
            Record("before", "before"),
            new JsonObject { ["id"] = "pause", ["type"] = "delay", ["config"] = new JsonObject { ["duration"] = "PT2S" } },
            Record("after", "after")));

        var executionId = await app.Api.RunAsync(workflow);
        var waiting = await app.Api.WaitForAsync(executionId, statuses: "waiting");
        var pause = waiting.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("stepId").GetString() == "pause");
        Assert.Equal("waiting", pause.GetProperty("status").GetString());

        var execution = await app.Api.WaitForAsync(executionId);
        Assert.Equal("completed", execution.GetProperty("status").GetString());
        var calls = await app.CallsAsync(executionId);
        Assert.Equal(["before", "after"], calls.Select(c => c.Label));
        Assert.True(calls[1].CalledAt - calls[0].CalledAt >= TimeSpan.FromSeconds(1.9), "the second step ran before the delay was over");
    }

    [Fact]
    public async Task DeferredAction_WaitsDurably_ThenRunsOnce()
    {
        var workflow = await app.Api.CreateWorkflowAsync(Linear("deferred", Record("later", "sent later", new JsonObject { ["deferOnce"] = true })));

        var executionId = await app.Api.RunAsync(workflow);
        var waiting = await app.Api.WaitForAsync(executionId, statuses: "waiting");
        Assert.Equal("quiet hours", waiting.GetProperty("steps")[0].GetProperty("output").GetProperty("reason").GetString());
        var execution = await app.Api.WaitForAsync(executionId);

        Assert.Equal("completed", execution.GetProperty("status").GetString());
        var calls = await app.CallsAsync(executionId);
        Assert.Equal(["deferred", "sent later"], calls.Select(c => c.Label));
        Assert.True(calls[1].CalledAt - calls[0].CalledAt >= TimeSpan.FromSeconds(1.4));
        Assert.Equal(("completed", 1), (execution.GetProperty("steps")[0].GetProperty("status").GetString(), execution.GetProperty("steps")[0].GetProperty("attempts").GetInt32()));
    }

    [Fact]
    public async Task Loop_OverAList_BindsEachItem()
    {
        var workflow = await app.Api.CreateWorkflowAsync(Linear("loop",
            new JsonObject
            {
                ["id"] = "each", ["type"] = "loop",
                ["config"] = new JsonObject { ["over"] = "trigger.data.people", ["as"] = "person", ["maxIterations"] = 10 },
                ["body"] = new JsonArray(Record("greet", "hi {{ person.name }} ({{ loop.number }}/{{ loop.count }})")),
            },
            Record("done", "done")));

        var people = new JsonArray(new JsonObject { ["name"] = "Ann" }, new JsonObject { ["name"] = "Bo" }, new JsonObject { ["name"] = "Cy" });
        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow, new JsonObject { ["people"] = people }));

        Assert.Equal("completed", execution.GetProperty("status").GetString());
        var calls = await app.CallsAsync(execution.GetProperty("id").GetGuid());
        Assert.Equal(["hi Ann (1/3)", "hi Bo (2/3)", "hi Cy (3/3)", "done"], calls.Select(c => c.Label));
        Assert.Equal(["each[0].greet", "each[1].greet", "each[2].greet", "done"], calls.Select(c => c.StepKey));
    }

    [Fact]
    public async Task Loop_StopsAtItsBound()
    {
        var workflow = await app.Api.CreateWorkflowAsync(Linear("bounded",
            new JsonObject
            {
                ["id"] = "each", ["type"] = "loop",
                ["config"] = new JsonObject { ["over"] = "trigger.data.items", ["maxIterations"] = 2 },
                ["body"] = new JsonArray(Record("visit", "item {{ item }}")),
            }));

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow, new JsonObject { ["items"] = new JsonArray(1, 2, 3, 4, 5) }));

        Assert.Equal(["item 1", "item 2"], (await app.CallsAsync(execution.GetProperty("id").GetGuid())).Select(c => c.Label));
        var loop = execution.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("stepId").GetString() == "each");
        Assert.True(loop.GetProperty("output").GetProperty("bounded").GetBoolean());
        Assert.Equal(5, loop.GetProperty("output").GetProperty("items").GetInt32());

        // Not a silent "completed": the step and the execution say the bound cut the list.
        Assert.Equal("'trigger.data.items' held 5 items; only the first 2 were done (maxIterations 2).", loop.GetProperty("warning").GetString());
        Assert.Equal("Loop 'each': 'trigger.data.items' held 5 items; only the first 2 were done (maxIterations 2).",
            Assert.Single(execution.GetProperty("warnings").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task FailingStep_IsRetried_ThenSucceeds()
    {
        var workflow = await app.Api.CreateWorkflowAsync(Linear("retry",
            WithRetry(Record("flaky", "flaky", new JsonObject { ["failTimes"] = 2 }), 3)));

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow));

        Assert.Equal("completed", execution.GetProperty("status").GetString());
        Assert.Equal([1, 2, 3], (await app.CallsAsync(execution.GetProperty("id").GetGuid())).Select(c => c.Attempt));
        Assert.Equal(3, execution.GetProperty("steps")[0].GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task FailingStep_RetriesExhausted_FailsTheExecutionWithTheError()
    {
        var workflow = await app.Api.CreateWorkflowAsync(Linear("exhausted",
            WithRetry(Record("flaky", "flaky", new JsonObject { ["failTimes"] = 5 }), 3),
            Record("never", "never")));

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow));

        Assert.Equal("failed", execution.GetProperty("status").GetString());
        var error = execution.GetProperty("error").GetString();
        Assert.Contains("Step 'flaky' (record) failed after 3 attempt(s)", error, StringComparison.Ordinal);
        Assert.Contains("transient failure on attempt 3", error, StringComparison.Ordinal);
        Assert.Equal(3, (await app.CallsAsync(execution.GetProperty("id").GetGuid())).Count);
        var step = execution.GetProperty("steps").EnumerateArray().Single();
        Assert.Equal(("failed", 3), (step.GetProperty("status").GetString(), step.GetProperty("attempts").GetInt32()));
        Assert.Equal((1, 0, 1), await CountsOnlyAsync(workflow));
    }

    [Fact]
    public async Task PermanentError_IsNotRetried()
    {
        var workflow = await app.Api.CreateWorkflowAsync(Linear("permanent",
            WithRetry(Record("bad", "bad", new JsonObject { ["failPermanently"] = true }), 5)));

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow));

        Assert.Equal("failed", execution.GetProperty("status").GetString());
        Assert.Contains("failed after 1 attempt(s): permanent failure", execution.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Single(await app.CallsAsync(execution.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task ContinueOnError_LogsTheFailure_AndGoesOn()
    {
        var failing = Record("optional", "optional", new JsonObject { ["failPermanently"] = true });
        failing["continueOnError"] = true;
        var workflow = await app.Api.CreateWorkflowAsync(Linear("continue", failing, Record("next", "next ran")));

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow));

        Assert.Equal("completed", execution.GetProperty("status").GetString());
        var steps = execution.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal("failed", steps[0].GetProperty("status").GetString());
        Assert.Contains("permanent failure", steps[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("completed", steps[1].GetProperty("status").GetString());
        Assert.Equal("next ran", (await app.CallsAsync(execution.GetProperty("id").GetGuid()))[^1].Label);
    }

    [Fact]
    public async Task Cancel_TerminatesAWaitingExecution_AndMarksItCancelled()
    {
        var workflow = await app.Api.CreateWorkflowAsync(Linear("cancel",
            Record("before", "before"),
            new JsonObject { ["id"] = "long", ["type"] = "delay", ["config"] = new JsonObject { ["duration"] = "PT1H" } },
            Record("after", "after")));
        var executionId = await app.Api.RunAsync(workflow);
        await app.Api.WaitForAsync(executionId, statuses: "waiting");

        using var response = await app.Api.PostAsync(new Uri($"api/executions/{executionId}/cancel", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var execution = await app.Api.ExecutionAsync(executionId);
        Assert.Equal("cancelled", execution.GetProperty("status").GetString());
        var client = app.Services.GetRequiredService<DurableTaskClient>();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        OrchestrationMetadata? instance;
        do
        {
            instance = await client.GetInstanceAsync(executionId.ToString());
            await Task.Delay(100);
        }
        while (instance?.RuntimeStatus != OrchestrationRuntimeStatus.Terminated && DateTimeOffset.UtcNow < deadline);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, instance?.RuntimeStatus);
        Assert.Equal(["before"], (await app.CallsAsync(executionId)).Select(c => c.Label));
        Assert.Equal(0, (await CountsOnlyAsync(workflow)).Failures);

        using var again = await app.Api.PostAsync(new Uri($"api/executions/{executionId}/cancel", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task WorkflowEditedMidRun_RunningExecutionFollowsItsSnapshot()
    {
        var definition = Linear("snapshot",
            Record("first", "first"),
            new JsonObject { ["id"] = "pause", ["type"] = "delay", ["config"] = new JsonObject { ["duration"] = "PT5S" } },
            Record("second", "version one"));
        var workflow = await app.Api.CreateWorkflowAsync(definition);
        var executionId = await app.Api.RunAsync(workflow);
        await app.Api.WaitForAsync(executionId, statuses: "waiting");

        var edited = (JsonObject)definition.DeepClone();
        edited["steps"]![2]!["config"]!["label"] = "version two";
        using var saved = await app.Api.PutAsJsonAsync(new Uri($"api/workflows/{workflow}", UriKind.Relative), edited);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(2, (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        // The edit landed mid-run: the execution was still in its delay (had it already finished, this proves nothing).
        Assert.Equal("waiting", (await app.Api.ExecutionAsync(executionId)).GetProperty("status").GetString());

        var execution = await app.Api.WaitForAsync(executionId);
        Assert.Equal("completed", execution.GetProperty("status").GetString());
        Assert.Equal(1, execution.GetProperty("workflowVersion").GetInt32());
        Assert.Equal(["first", "version one"], (await app.CallsAsync(executionId)).Select(c => c.Label));

        var next = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow));
        Assert.Equal(2, next.GetProperty("workflowVersion").GetInt32());
        Assert.Equal("version two", (await app.CallsAsync(next.GetProperty("id").GetGuid()))[^1].Label);
    }

    [Fact]
    public async Task Run_LoadsTheNamedRecordsIntoTheContext()
    {
        Guid job;
        await using (var connection = await app.OpenAsync())
        {
            var client = await TestData.ClientAsync(connection, app.OrganizationId, "Priya");
            job = await TestData.JobAsync(connection, app.OrganizationId, client);
        }

        var workflow = await app.Api.CreateWorkflowAsync(new JsonObject
        {
            ["name"] = "context",
            ["triggerType"] = "job_completed",
            ["steps"] = new JsonArray(Record("say", "{{ client.first_name }}: {{ job.title }} ({{ job.status }})")),
        });

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow, new JsonObject { ["jobId"] = job.ToString() }));

        Assert.Equal("Priya: Fix leak (scheduled)", (await app.CallsAsync(execution.GetProperty("id").GetGuid())).Single().Label);
    }

    static JsonObject WithRetry(JsonObject step, int attempts)
    {
        step["retry"] = new JsonObject { ["maxAttempts"] = attempts, ["firstInterval"] = "PT0.2S", ["backoffCoefficient"] = 1.5, ["maxInterval"] = "PT1S" };
        return step;
    }

    static JsonObject Graph(string name, JsonObject[] nodes, JsonObject[] edges) => new()
    {
        ["name"] = name,
        ["triggerType"] = "manual",
        ["nodes"] = new JsonArray([.. nodes]),
        ["edges"] = new JsonArray([.. edges]),
    };

    static JsonObject Node(string id, string type, JsonObject? config = null) => new()
    {
        ["id"] = id,
        ["type"] = type,
        ["position"] = new JsonObject { ["x"] = 0, ["y"] = 0 },
        ["data"] = new JsonObject { ["label"] = id, ["config"] = config ?? [] },
    };

    static JsonObject RecordNode(string id, string label)
    {
        var node = Node(id, "action", new JsonObject { ["label"] = label });
        node["data"]!["actionType"] = "record";
        return node;
    }

    static JsonObject Edge(string source, string target, string? handle = null) =>
        new() { ["source"] = source, ["target"] = target, ["sourceHandle"] = handle };

    static JsonObject Rule(string field, string op, JsonNode value) => new() { ["field"] = field, ["op"] = op, ["value"] = value };

    sealed record Counts(int ExecutionCount, int SuccessCount, int FailureCount, DateTime? LastTriggeredAt);

    /// <summary>The workflow's counters after the scheduler's next tick (they come from the hourly rollups).</summary>
    async Task<Counts> WorkflowCountsAsync(Guid workflow)
    {
        await app.RollUpAsync();
        await using var connection = await app.OpenAsync();
        return await connection.QuerySingleAsync<Counts>(
            "SELECT execution_count, success_count, failure_count, last_triggered_at FROM automation_workflows WHERE id = @workflow", new { workflow });
    }

    async Task<(int Executions, int Successes, int Failures)> CountsOnlyAsync(Guid workflow)
    {
        var counts = await WorkflowCountsAsync(workflow);
        return (counts.ExecutionCount, counts.SuccessCount, counts.FailureCount);
    }
}
