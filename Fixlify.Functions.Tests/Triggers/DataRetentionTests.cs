using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Data;
using Fixlify.Tests.Fixtures;
using Fixlify.Triggers;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Triggers;

/// <summary>
/// Retention on the standalone host (in-memory task hub): aged rows go in bounded batches through indexes, an execution and
/// its deliveries outlive its event, running executions stay, and ended orchestrations' histories are purged.
/// </summary>
public sealed class DataRetentionTests(EngineApp app) : IClassFixture<EngineApp>
{
    [Theory]
    [InlineData(nameof(RetentionPurge.ProcessedEvents), "idx_events_processed")]
    [InlineData(nameof(RetentionPurge.EndedExecutions), "idx_logs_ended")]
    [InlineData(nameof(RetentionPurge.StreamHistory), "idx_execution_updates_created")]
    [InlineData(nameof(RetentionPurge.KeptReplies), "idx_unawaited_replies_expires")]
    public async Task Purge_EachDelete_FindsItsRowsThroughAnIndex(string delete, string index)
    {
        var sql = (string)typeof(RetentionPurge).GetField(delete)!.GetValue(null)!;
        await using var connection = await app.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("SET LOCAL enable_seqscan = off", transaction: transaction);

        var plan = string.Join('\n', await connection.QueryAsync<string>("EXPLAIN " + sql, new { before = DateTimeOffset.UtcNow, batch = 1000 }, transaction));

        Assert.Contains(index, plan);
        Assert.DoesNotContain("Seq Scan", plan);
    }

    [Fact]
    public async Task Run_AgedRows_GoButAnExecutionOutlivesItsEventAndRunningOnesStay()
    {
        await using var connection = await app.OpenAsync();
        var organization = app.OrganizationId;
        var processed = await EventAsync(connection, organization, processed: true);
        var unprocessed = await EventAsync(connection, organization, processed: false);
        var ended = await ExecutionAsync(connection, organization, "completed", processed);
        var endedWithLiveEvent = await ExecutionAsync(connection, organization, "failed", unprocessed);
        var running = await ExecutionAsync(connection, organization, "waiting", null);
        var manual = await ExecutionAsync(connection, organization, "cancelled", null);

        await app.Services.GetRequiredService<DataRetention>().RunAsync(
            app.Services.GetRequiredService<DurableTaskClient>(), DateTimeOffset.UtcNow.AddDays(400), CancellationToken.None);

        Assert.Equal(0, await CountAsync(connection, "automation_events", "id", processed));
        Assert.Equal(1, await CountAsync(connection, "automation_events", "id", unprocessed));
        foreach (var gone in new[] { ended, manual })
        {
            Assert.Equal(0, await CountAsync(connection, "automation_execution_logs", "id", gone));
            Assert.Equal(0, await CountAsync(connection, "automation_execution_steps", "execution_id", gone));
            Assert.Equal(0, await CountAsync(connection, "automation_deliveries", "execution_id", gone));
        }

        // Its event could still be dispatched: the execution and its ledger stay, so it would neither run nor send again.
        foreach (var kept in new[] { endedWithLiveEvent, running })
        {
            Assert.Equal(1, await CountAsync(connection, "automation_execution_logs", "id", kept));
            Assert.Equal(1, await CountAsync(connection, "automation_deliveries", "execution_id", kept));
        }
    }

    [Fact]
    public async Task BatchAsync_DeletesAtMostTheBatch()
    {
        await using var connection = await app.OpenAsync();
        for (var i = 0; i < 5; i++)
        {
            await EventAsync(connection, app.OrganizationId, processed: true);
        }

        var before = DateTimeOffset.UtcNow.AddDays(1);
        var database = app.Services.GetRequiredService<ServiceDatabase>();

        Assert.Equal(2, await RetentionPurge.BatchAsync(database, RetentionPurge.ProcessedEvents, before, 2, CancellationToken.None));
        Assert.True(await RetentionPurge.BatchAsync(database, RetentionPurge.ProcessedEvents, before, 1000, CancellationToken.None) >= 3);
        Assert.Equal(0, await RetentionPurge.BatchAsync(database, RetentionPurge.ProcessedEvents, before, 1000, CancellationToken.None));
    }

    [Fact]
    public Task Run_EndedOrchestration_HistoryIsPurged() => EndedHistoryIsPurgedAsync(app);

    /// <summary>Runs a workflow to its end, then a retention run past the horizon leaves the task hub without it.</summary>
    internal static async Task EndedHistoryIsPurgedAsync(EngineApp app)
    {
        var workflow = await app.Api.CreateWorkflowAsync(Linear("purged", Steps.Action("one", "record", new JsonObject { ["label"] = "one" })));
        var execution = await app.Api.RunAsync(workflow);
        Assert.Equal("completed", (await app.Api.WaitForAsync(execution)).GetProperty("status").GetString());
        var hub = app.Services.GetRequiredService<DurableTaskClient>();
        // The execution's row ends in the last activity, a moment before the orchestration itself ends in the task hub:
        // only an ended orchestration is the purge's to take.
        using var ended = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var instance = await hub.WaitForInstanceCompletionAsync(execution.ToString(), ended.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);

        // A fresh retention (its hourly purge is due) run as if the horizon had passed.
        var retention = ActivatorUtilities.CreateInstance<DataRetention>(app.Services);
        await retention.RunAsync(hub, DateTimeOffset.UtcNow.AddDays(400), CancellationToken.None);

        Assert.Null(await hub.GetInstanceAsync(execution.ToString()));
    }

    static Task<Guid> EventAsync(NpgsqlConnection connection, Guid organization, bool processed) =>
        connection.ExecuteScalarAsync<Guid>(
            """
            INSERT INTO automation_events (organization_id, event_type, entity_type, payload, processed_at)
            VALUES (@organization, 'job_completed', 'job', '{}', CASE WHEN @processed THEN now() END) RETURNING id
            """,
            new { organization, processed });

    static async Task<Guid> ExecutionAsync(NpgsqlConnection connection, Guid organization, string status, Guid? eventId)
    {
        var id = Guid.NewGuid();
        await connection.ExecuteAsync(
            """
            INSERT INTO automation_execution_logs (id, organization_id, trigger_type, trigger_data, status, event_id, completed_at)
            VALUES (@id, @organization, 'manual', '{}', @status, @eventId, CASE WHEN @status IN ('completed', 'failed', 'cancelled') THEN now() END);
            INSERT INTO automation_execution_steps (execution_id, step_key, organization_id, sequence, step_id, type, status, started_at)
            VALUES (@id, 'one', @organization, 0, 'one', 'send_sms', 'completed', now());
            INSERT INTO automation_deliveries (organization_id, execution_id, step_key, channel, status) VALUES (@organization, @id, 'one', 'sms', 'sent');
            """,
            new { id, organization, status, eventId });
        return id;
    }

    [Theory]
    [InlineData(7, 7)]
    [InlineData(0, 1)]
    public void InboundMessageIds_FollowTheSetting_ADayAtLeast(int days, int expected)
    {
        var retention = ActivatorUtilities.CreateInstance<DataRetention>(
            app.Services, Microsoft.Extensions.Options.Options.Create(new RetentionOptions { InboundMessageIdsDays = days }));

        Assert.Equal(TimeSpan.FromDays(expected), retention.InboundMessageIds);
    }

    static Task<int> CountAsync(NpgsqlConnection connection, string table, string column, Guid id) =>
        connection.ExecuteScalarAsync<int>($"SELECT count(*) FROM {table} WHERE {column} = @id", new { id });
}
