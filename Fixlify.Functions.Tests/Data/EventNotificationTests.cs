using Dapper;
using Fixlify.Tests.Fixtures;
using Npgsql;

namespace Fixlify.Tests.Data;

/// <summary>A captured event wakes listeners on the 'automation_events' channel with its id, only once committed.</summary>
public sealed class EventNotificationTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task CommittedWrite_NotifiesListenerWithEventId()
    {
        await using var listener = await ListenAsync();
        var received = new List<string>();
        listener.Notification += (_, e) => received.Add(e.Payload);

        await using var writer = await database.OpenAsync();
        var organization = await TestData.OrganizationAsync(writer);
        var job = await TestData.JobAsync(writer, organization, null, "in_progress");
        await writer.ExecuteAsync("UPDATE jobs SET status = 'completed' WHERE id = @job", new { job });

        var expected = (await writer.QueryAsync<Guid>("SELECT id FROM automation_events WHERE entity_id = @job", new { job }))
            .Select(id => id.ToString()).ToHashSet();
        Assert.Equal(3, expected.Count);

        // A notification sent afterwards: once it is in, everything the write sent is in too (they arrive in order).
        const string End = "end of test";
        await writer.ExecuteAsync("SELECT pg_notify('automation_events', @End)", new { End });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!received.Contains(End))
        {
            await listener.WaitAsync(timeout.Token);
        }

        // Each test class has its own database: nothing but these three events notifies, and each once.
        received.Remove(End);
        Assert.Equal(expected.Order(), received.Order());
    }

    [Fact]
    public async Task RolledBackWrite_NotifiesNobody()
    {
        await using var listener = await ListenAsync();
        var received = new List<string>();
        listener.Notification += (_, e) => received.Add(e.Payload);

        await using var writer = await database.OpenAsync();
        var organization = await TestData.OrganizationAsync(writer);
        var job = await TestData.JobAsync(writer, organization, null, "in_progress");
        await using (var transaction = await writer.BeginTransactionAsync())
        {
            await writer.ExecuteAsync("UPDATE jobs SET status = 'completed' WHERE id = @job", new { job }, transaction);
            await transaction.RollbackAsync();
        }

        // A committed write afterwards proves the listener is live: its notification arrives, the other never did.
        var client = await TestData.ClientAsync(writer, organization);
        var marker = (await writer.QuerySingleAsync<Guid>("SELECT id FROM automation_events WHERE entity_id = @client", new { client })).ToString();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!received.Contains(marker))
        {
            await listener.WaitAsync(timeout.Token);
        }

        var jobEvents = (await writer.QueryAsync<Guid>("SELECT id FROM automation_events WHERE entity_id = @job", new { job })).Select(i => i.ToString()).ToList();
        Assert.Single(jobEvents);
        Assert.Contains(jobEvents.Single(), received);

        // Exactly the committed events (the job's creation and the client's), each once: nothing from the rolled-back write.
        Assert.Equal(new[] { jobEvents.Single(), marker }.Order(), received.Order());
        Assert.Equal(0, await writer.ExecuteScalarAsync<int>("SELECT count(*) FROM automation_events WHERE entity_id = @job AND event_type = 'job_completed'", new { job }));
    }

    async Task<NpgsqlConnection> ListenAsync()
    {
        var connection = await database.OpenAsync(database.ServiceConnectionString);
        await connection.ExecuteAsync("LISTEN automation_events");
        return connection;
    }
}
