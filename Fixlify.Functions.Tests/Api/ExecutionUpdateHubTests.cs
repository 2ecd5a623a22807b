using Dapper;
using Fixlify.Api;
using Fixlify.Data;
using Fixlify.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace Fixlify.Tests.Api;

/// <summary>The live stream's listener on the standalone host: what it missed while its connection was gone still reaches the streams.</summary>
public sealed class ExecutionUpdateHubTests(ExecutionUpdateHubTests.QuietStreamApp app) : IClassFixture<ExecutionUpdateHubTests.QuietStreamApp>
{
    /// <summary>Heartbeats 10 minutes apart: within a test, a stream reads the updates again only when the hub wakes it.</summary>
    public sealed class QuietStreamApp : StandaloneApp
    {
        protected override IEnumerable<string> Arguments() =>
            base.Arguments().Append("--Api:StreamHeartbeat=00:10:00").Append("--Listener:MaxBackoff=00:00:01");
    }

    [Fact]
    public async Task ListeningConnectionKilled_StreamGetsTheUpdatesItMissed_AndLaterOnes()
    {
        await using var connection = await app.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection, "Hub Test Heating");
        using var client = app.ClientFor(organization);

        // The stream resumes just before a first update, so it has delivered it and is waiting for a wake-up
        // when the next one is written; no notification is pending.
        var first = await WriteUnnotifiedUpdateAsync(connection, organization);
        await using var stream = await EventStreamReader.OpenAsync(client, "api/executions/stream", lastEventId: (first.Id - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(first.ExecutionId, (await stream.NextAsync("execution")).Json.GetProperty("executionId").GetGuid());

        // An update whose notification the hub never heard, as when it is recorded while the hub is away: only the
        // wake-up after the reconnect brings the stream to read it.
        var missed = await WriteUnnotifiedUpdateAsync(connection, organization);
        Assert.True(await app.TerminateListenersAsync(ExecutionUpdateHub.Channel) >= 1, "the hub's listening connection was not found");
        var caughtUp = await stream.NextAsync("execution");
        Assert.Equal(missed.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), caughtUp.Id);
        Assert.Equal(missed.ExecutionId, caughtUp.Json.GetProperty("executionId").GetGuid());

        // After the reconnect the hub hears the engine's notifications again.
        var later = Guid.NewGuid();
        await using (var transaction = await app.Services.GetRequiredService<ServiceDatabase>().BeginAsync(CancellationToken.None))
        {
            await ExecutionLogRepository.NotifyAsync(transaction, organization, later, "completed", null, CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }

        var heard = await stream.NextAsync("execution");
        Assert.Equal(later, heard.Json.GetProperty("executionId").GetGuid());
        Assert.Equal("completed", heard.Json.GetProperty("status").GetString());
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
