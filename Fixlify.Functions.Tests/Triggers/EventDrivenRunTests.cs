using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using Fixlify.Triggers;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Fixlify.Tests.Triggers;

/// <summary>
/// The standalone host without Service Bus, end to end: a business write in PostgreSQL → NOTIFY → relay → dispatcher →
/// RunWorkflow. An automation's own writes start nothing unless a workflow opts in, and never beyond the chain limit.
/// </summary>
public sealed class EventDrivenRunTests(EngineApp app) : IClassFixture<EngineApp>
{
    [Fact]
    public async Task JobMarkedCompleted_StartsItsWorkflowOnce()
    {
        await app.Api.CreateWorkflowAsync(Workflow("thank-you", "job_completed", new JsonObject(), Task("Thank {{ client.first_name }} for {{ job.title }}")));
        await using var connection = await app.OpenAsync();
        var client = await TestData.ClientAsync(connection, app.OrganizationId, "Rosa");
        var job = await TestData.JobAsync(connection, app.OrganizationId, client, "in_progress");

        await connection.ExecuteAsync("UPDATE jobs SET status = 'completed' WHERE id = @job", new { job });
        await TestData.ExpandChangesAsync(connection);

        var eventId = await connection.ExecuteScalarAsync<Guid>("SELECT id FROM automation_events WHERE entity_id = @job AND event_type = 'job_completed'", new { job });
        var execution = await WaitForExecutionAsync(eventId);
        Assert.Equal("completed", execution.Status);
        Assert.Equal(["Thank Rosa for Fix leak"], await TaskTitlesAsync(execution.Id));

        // A scheduler tick afterwards finds nothing left to do for it.
        await app.Services.GetRequiredService<SchedulerTick>().RunAsync(app.Services.GetRequiredService<DurableTaskClient>(), CancellationToken.None);
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM automation_execution_logs WHERE event_id = @eventId", new { eventId }));
        Assert.NotNull(await connection.ExecuteScalarAsync<DateTime?>("SELECT processed_at FROM automation_events WHERE id = @eventId", new { eventId }));
    }

    [Fact]
    public async Task AutomationsOwnWrite_StartsOnlyWorkflowsThatOptIn()
    {
        var hold = await app.Api.CreateWorkflowAsync(Workflow("hold when started", "job_status_changed", new JsonObject { ["toStatus"] = "in_progress", ["jobTypes"] = new JsonArray("loop-test-1") }, Update("on_hold")));
        var people = await app.Api.CreateWorkflowAsync(Workflow("tell a person", "job_status_changed", new JsonObject { ["toStatus"] = "on_hold", ["jobTypes"] = new JsonArray("loop-test-1") }, Task("Job on hold")));
        var robots = await app.Api.CreateWorkflowAsync(Workflow("tell a robot", "job_status_changed", new JsonObject { ["toStatus"] = "on_hold", ["jobTypes"] = new JsonArray("loop-test-1"), ["allowAutomationOrigin"] = true }, Task("Job put on hold by an automation")));
        await using var connection = await app.OpenAsync();
        var job = await TestData.JobAsync(connection, app.OrganizationId, null, "scheduled");
        await connection.ExecuteAsync("UPDATE jobs SET job_type = 'loop-test-1' WHERE id = @job", new { job });

        await connection.ExecuteAsync("UPDATE jobs SET status = 'in_progress' WHERE id = @job", new { job });

        await WaitForQuietAsync(job);
        Assert.Equal(1, await ExecutionsOfAsync(hold));
        Assert.Equal(0, await ExecutionsOfAsync(people));
        Assert.Equal(1, await ExecutionsOfAsync(robots));
        var held = await connection.QuerySingleAsync<(string Origin, int ChainDepth)>(
            "SELECT origin, chain_depth FROM automation_events WHERE entity_id = @job AND payload->>'to' = 'on_hold' AND event_type = 'job_status_changed'", new { job });
        var holdExecution = await connection.ExecuteScalarAsync<Guid>("SELECT id FROM automation_execution_logs WHERE workflow_id = @hold", new { hold });
        Assert.Equal((holdExecution.ToString(), 1), held);
        Assert.Equal("on_hold", await connection.ExecuteScalarAsync<string>("SELECT status FROM jobs WHERE id = @job", new { job }));
    }

    [Fact]
    public async Task AutomationsThatTriggerEachOther_StopAtTheChainDepthLimit()
    {
        var filter = new JsonObject { ["allowAutomationOrigin"] = true, ["jobTypes"] = new JsonArray("loop-test-2") };
        var pause = (JsonObject)filter.DeepClone();
        pause["toStatus"] = "in_progress";
        var resume = (JsonObject)filter.DeepClone();
        resume["toStatus"] = "on_hold";
        await app.Api.CreateWorkflowAsync(Workflow("pause", "job_status_changed", pause, Update("on_hold")));
        await app.Api.CreateWorkflowAsync(Workflow("resume", "job_status_changed", resume, Update("in_progress")));
        await using var connection = await app.OpenAsync();
        var job = await TestData.JobAsync(connection, app.OrganizationId, null, "scheduled");
        await connection.ExecuteAsync("UPDATE jobs SET job_type = 'loop-test-2' WHERE id = @job", new { job });

        await connection.ExecuteAsync("UPDATE jobs SET status = 'in_progress' WHERE id = @job", new { job });

        await WaitForQuietAsync(job);
        var depths = (await connection.QueryAsync<int>(
            "SELECT e.chain_depth FROM automation_execution_logs l JOIN automation_events e ON e.id = l.event_id WHERE e.entity_id = @job ORDER BY l.created_at", new { job })).ToList();
        Assert.Equal([0, 1, 2], depths);
        Assert.Equal(3, await connection.ExecuteScalarAsync<int>(
            "SELECT max(chain_depth) FROM automation_events WHERE entity_id = @job AND event_type = 'job_status_changed'", new { job }));
    }

    static JsonObject Workflow(string name, string trigger, JsonObject config, JsonObject step) => new()
    {
        ["name"] = name,
        ["triggerType"] = trigger,
        ["triggerConfig"] = config,
        ["steps"] = new JsonArray(step),
    };

    static JsonObject Task(string title) =>
        new() { ["id"] = "task", ["type"] = "action", ["actionType"] = "create_task", ["config"] = new JsonObject { ["title"] = title } };

    static JsonObject Update(string status) => new()
    {
        ["id"] = "update",
        ["type"] = "action",
        ["actionType"] = "update_record",
        ["config"] = new JsonObject { ["record"] = "job", ["fields"] = new JsonObject { ["status"] = status } },
    };

    sealed record Execution(Guid Id, string Status);

    async Task<Execution> WaitForExecutionAsync(Guid eventId)
    {
        await using var connection = await app.OpenAsync();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            var execution = await connection.QuerySingleOrDefaultAsync<Execution>("SELECT id, status FROM automation_execution_logs WHERE event_id = @eventId", new { eventId });
            if (execution is { Status: "completed" or "failed" })
            {
                return execution;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"no finished execution for event {eventId}");
            await System.Threading.Tasks.Task.Delay(100);
        }
    }

    /// <summary>Waits until every execution about the job has ended and no change or event about it waits for dispatch.</summary>
    async Task WaitForQuietAsync(Guid job)
    {
        await using var connection = await app.OpenAsync();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        var quietSince = DateTimeOffset.MaxValue;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var busy = await connection.ExecuteScalarAsync<bool>(
                """
                SELECT EXISTS (SELECT 1 FROM automation_changes WHERE entity_id = @job)
                    OR EXISTS (SELECT 1 FROM automation_events WHERE entity_id = @job AND processed_at IS NULL)
                    OR EXISTS (SELECT 1 FROM automation_execution_logs l JOIN automation_events e ON e.id = l.event_id
                               WHERE e.entity_id = @job AND l.status NOT IN ('completed', 'failed', 'cancelled'))
                """,
                new { job });
            quietSince = busy ? DateTimeOffset.MaxValue : quietSince == DateTimeOffset.MaxValue ? DateTimeOffset.UtcNow : quietSince;
            if (DateTimeOffset.UtcNow - quietSince > TimeSpan.FromSeconds(1))
            {
                return;
            }

            await System.Threading.Tasks.Task.Delay(100);
        }

        Assert.Fail($"activity about job {job} did not settle");
    }

    async Task<int> ExecutionsOfAsync(Guid workflow)
    {
        await using var connection = await app.OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM automation_execution_logs WHERE workflow_id = @workflow", new { workflow });
    }

    async Task<List<string>> TaskTitlesAsync(Guid execution)
    {
        await using var connection = await app.OpenAsync();
        return [.. await connection.QueryAsync<string>("SELECT title FROM tasks WHERE created_by_execution = @execution", new { execution })];
    }
}
