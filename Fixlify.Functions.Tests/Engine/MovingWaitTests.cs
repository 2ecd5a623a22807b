using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Engine;

/// <summary>
/// Waits anchored to a record's date follow the record, on both backends: "remind an hour before the job" waits; the job is
/// rescheduled in PostgreSQL (capture → outbox → relay → dispatcher → an external event to the waiting orchestration),
/// and the wait cancels its timer and waits for the new moment; a new moment already past goes on within the grace
/// (1 hour) or is skipped with the reason.
/// </summary>
public abstract class MovingWaitTests(EngineApp app)
{
    protected EngineApp App => app;

    async Task<(Guid Job, Guid Execution)> WaitingReminderAsync(string name, DateTimeOffset start)
    {
        Guid job;
        await using (var connection = await app.OpenAsync())
        {
            var client = await TestData.ClientAsync(connection, app.OrganizationId, "Mo");
            job = await TestData.JobAsync(connection, app.OrganizationId, client, start: start);
        }

        var workflow = await app.Api.CreateWorkflowAsync(Linear(name,
            new JsonObject
            {
                ["id"] = "hour-before", ["type"] = "delay",
                ["config"] = new JsonObject { ["until"] = "job.scheduled_start", ["offset"] = "-PT1H" },
            },
            Record("remind", "remind")));
        var execution = await app.Api.RunAsync(workflow, new JsonObject { ["jobId"] = job.ToString() });
        for (var i = 0; i < 600 && (await app.Api.ExecutionAsync(execution)).GetProperty("status").GetString() != "waiting"; i++)
        {
            await Task.Delay(100);
        }

        var instance = await app.Services.GetRequiredService<DurableTaskClient>().GetInstanceAsync(execution.ToString(), getInputsAndOutputs: true);
        Assert.True(
            (await app.Api.ExecutionAsync(execution)).GetProperty("status").GetString() == "waiting",
            $"not waiting; orchestration {instance?.RuntimeStatus}: {instance?.FailureDetails?.ErrorMessage} {instance?.FailureDetails?.StackTrace} {instance?.SerializedOutput}");
        return (job, execution);
    }

    async Task RescheduleAsync(Guid job, DateTimeOffset start)
    {
        await using var connection = await app.OpenAsync();
        await connection.ExecuteAsync("UPDATE jobs SET scheduled_start = @start, scheduled_end = @start + interval '2 hours' WHERE id = @job", new { job, start });
    }

    static JsonElement Delay(JsonElement execution) =>
        execution.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("stepId").GetString() == "hour-before");

    [Fact]
    public async Task JobRescheduled_TheWaitFollowsIt_AndTheReminderGoesAtTheNewMomentNeverEarlier()
    {
        // Booked in 3 hours (reminder in 2); moved to 1 hour and 4 seconds from now: the reminder is due in 4 seconds.
        var (job, executionId) = await WaitingReminderAsync("follows the job", DateTimeOffset.UtcNow.AddHours(3));
        var newStart = DateTimeOffset.UtcNow.AddHours(1).AddSeconds(4);

        await RescheduleAsync(job, newStart);

        var execution = await app.Api.WaitForAsync(executionId, TimeSpan.FromSeconds(60));
        Assert.Equal("completed", execution.GetProperty("status").GetString());
        var delay = Delay(execution).GetProperty("output");
        var until = delay.GetProperty("until").GetDateTimeOffset();
        Assert.Equal(newStart.AddHours(-1).ToUnixTimeMilliseconds(), until.ToUnixTimeMilliseconds(), 1d);
        Assert.Equal("Job “Fix leak” was rescheduled", delay.GetProperty("movedBecause").GetString());
        var remind = Assert.Single(await app.CallsAsync(executionId));
        Assert.True(remind.CalledAt.ToUniversalTime() >= until.UtcDateTime, $"the reminder went at {remind.CalledAt:O}, before its moved moment {until:O}");
    }

    [Fact]
    public async Task JobRescheduledToAMomentPastByMoreThanTheGrace_TheReminderIsSkipped_SayingWhy()
    {
        var (job, executionId) = await WaitingReminderAsync("moved to the past", DateTimeOffset.UtcNow.AddHours(3));

        await RescheduleAsync(job, DateTimeOffset.UtcNow.AddMinutes(-90)); // the reminder's moment: 2.5 hours ago

        var execution = await app.Api.WaitForAsync(executionId, TimeSpan.FromSeconds(60));
        Assert.Equal("completed", execution.GetProperty("status").GetString());
        var delay = Delay(execution);
        Assert.Equal("skipped", delay.GetProperty("status").GetString());
        Assert.Contains("already passed by more than 1 hour", delay.GetProperty("output").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Empty(await app.CallsAsync(executionId));
    }

    [Fact]
    public async Task JobRescheduledToAMomentJustPast_WithinTheGrace_TheReminderGoesNow()
    {
        var (job, executionId) = await WaitingReminderAsync("moved just past", DateTimeOffset.UtcNow.AddHours(3));

        await RescheduleAsync(job, DateTimeOffset.UtcNow.AddMinutes(40)); // the reminder's moment: 20 minutes ago

        var execution = await app.Api.WaitForAsync(executionId, TimeSpan.FromSeconds(60));
        Assert.Equal("completed", execution.GetProperty("status").GetString());
        Assert.True(Delay(execution).GetProperty("output").GetProperty("late").GetBoolean());
        Assert.Single(await app.CallsAsync(executionId));
    }
}

public sealed class MovingWaitInMemoryTests(EngineApp app) : MovingWaitTests(app), IClassFixture<EngineApp>;

public sealed class MovingWaitAzuriteTests(AzuriteEngineApp app) : MovingWaitTests(app), IClassFixture<AzuriteEngineApp>;
