using Dapper;
using Fixlify.Api;
using Fixlify.Tests.Fixtures;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Api;

/// <summary>The live stream's listener on the standalone host: what it missed while its connection was gone still reaches the streams.</summary>
public sealed class ExecutionUpdateHubTests(ExecutionUpdateHubTests.QuietStreamApp app) : IClassFixture<ExecutionUpdateHubTests.QuietStreamApp>
{
    /// <summary>Heartbeats 10 minutes apart: within a test, a stream reads the updates again only when the hub wakes it.</summary>
    public sealed class QuietStreamApp : EngineApp
    {
        protected override IEnumerable<string> Arguments() =>
            base.Arguments().Append("--Api:StreamHeartbeat=00:10:00").Append("--Listener:MaxBackoff=00:00:01");
    }

    [Fact]
    public async Task ListeningConnectionKilled_StreamGetsTheUpdatesItMissed_AndLaterOnes()
    {
        await using var connection = await app.OpenAsync();
        var organization = app.OrganizationId;

        // The stream resumes just before a first update, so it has delivered it and is waiting for a wake-up
        // when the next one is written; no notification is pending.
        var first = await WriteUnnotifiedUpdateAsync(connection, organization);
        await using var stream = await EventStreamReader.OpenAsync(app.Api, "api/executions/stream", lastEventId: (first.Id - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(first.ExecutionId, (await stream.NextAsync("execution")).Json.GetProperty("executionId").GetGuid());

        // An update whose notification the hub never heard, as when it is recorded while the hub is away: only the
        // wake-up after the reconnect brings the stream to read it.
        var missed = await WriteUnnotifiedUpdateAsync(connection, organization);
        Assert.True(await app.TerminateListenersAsync(ExecutionUpdateHub.Channel) >= 1, "the hub's listening connection was not found");
        var caughtUp = await stream.NextAsync("execution");
        Assert.Equal(missed.Id, caughtUp.Json.GetProperty("id").GetInt64());
        Assert.Equal(missed.ExecutionId, caughtUp.Json.GetProperty("executionId").GetGuid());

        // After the reconnect the hub hears the engine's notifications again: a run's updates reach the stream.
        var execution = await app.Api.RunAsync(await app.Api.CreateWorkflowAsync(Linear("after the reconnect", Record("a", "1"))));
        var updates = new List<(Guid Execution, string? Status)>();
        while (updates.Count == 0 || updates[^1].Status != "completed")
        {
            var update = (await stream.NextAsync("execution")).Json;
            updates.Add((update.GetProperty("executionId").GetGuid(), update.GetProperty("status").GetString()));
        }

        Assert.All(updates, u => Assert.Equal(execution, u.Execution));
    }

    /// <summary>A row as the engine records it, but without its NOTIFY.</summary>
    static async Task<(long Id, Guid ExecutionId)> WriteUnnotifiedUpdateAsync(Npgsql.NpgsqlConnection connection, Guid organization)
    {
        var execution = Guid.NewGuid();
        var id = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO automation_execution_updates (organization_id, execution_id, status) VALUES (@organization, @execution, 'processing') RETURNING id",
            new { organization, execution });
        return (id, execution);
    }
}
