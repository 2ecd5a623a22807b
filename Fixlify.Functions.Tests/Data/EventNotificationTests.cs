using Dapper;
using Fixlify.Tests.Fixtures;
using Npgsql;

namespace Fixlify.Tests.Data;

/// <summary>
/// A statement that captured events wakes an idle relay on the 'automation_events' channel once, with its entity as
/// the payload (the relay drains the outbox, so the notification only wakes it), and only once committed. While no
/// relay waits idle (one is draining, or none is connected) nobody is notified, and a draining relay cannot go idle
/// before such a writer has committed (Migrations/0010_statement_capture.sql, 0017_relay_wakeup_exact.sql). Since
/// 0032 a statement copies its changes and the relay turns them into events; the counts below take them as it does.
/// </summary>
public sealed class EventNotificationTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    const string End = "end of test";

    [Fact]
    public async Task CommittedWrite_NotifiesListenerOncePerStatementThatWroteEvents()
    {
        await using var listener = await ListenAsync();
        var received = Record(listener);

        await using var writer = await database.OpenAsync();
        var organization = await TestData.OrganizationAsync(writer);
        var job = await TestData.JobAsync(writer, organization, null, "in_progress");
        await writer.ExecuteAsync("UPDATE jobs SET status = 'completed' WHERE id = @job", new { job });
        await writer.ExecuteAsync("UPDATE jobs SET description = 'Bring the long ladder' WHERE id = @job", new { job });
        await TestData.InvoiceAsync(writer, organization, null);

        await TestData.ExpandChangesAsync(writer, announce: false);
        Assert.Equal(3, await writer.ExecuteScalarAsync<int>("SELECT count(*) FROM automation_events WHERE entity_id = @job", new { job }));
        await WaitForEndAsync(writer, listener, received);

        // Each test class has its own database: the job's INSERT, its status UPDATE (two events) and the invoice's
        // INSERT notify once each; the description change captured nothing and sent nothing.
        Assert.Equal(new[] { "job", "job", "invoice" }, received);
    }

    [Fact]
    public async Task MultiRowStatementsInOneTransaction_NotifyOncePerTable()
    {
        await using var writer = await database.OpenAsync();
        var organization = await TestData.OrganizationAsync(writer);
        var jobs = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            jobs.Add(await TestData.JobAsync(writer, organization, null, "scheduled"));
        }

        var invoice = await TestData.InvoiceAsync(writer, organization, null, "draft");
        await using var listener = await ListenAsync();
        var received = Record(listener);

        await using (var transaction = await writer.BeginTransactionAsync())
        {
            await writer.ExecuteAsync("UPDATE jobs SET status = 'in_progress' WHERE id = ANY(@jobs)", new { jobs }, transaction);
            await writer.ExecuteAsync("UPDATE jobs SET status = 'completed' WHERE id = ANY(@jobs)", new { jobs }, transaction);
            await writer.ExecuteAsync("UPDATE invoices SET status = 'sent' WHERE id = @invoice", new { invoice }, transaction);
            await transaction.CommitAsync();
        }

        await TestData.ExpandChangesAsync(writer, announce: false);
        Assert.Equal(10, await writer.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM automation_events WHERE (entity_id = ANY(@jobs) AND event_type <> 'job_created') OR (entity_id = @invoice AND event_type = 'invoice_sent')",
            new { jobs, invoice }));
        await WaitForEndAsync(writer, listener, received);

        // Ten events from three statements: PostgreSQL delivers identical notifications of one transaction once.
        Assert.Equal(new[] { "job", "invoice" }, received);
    }

    [Fact]
    public async Task RolledBackWrite_NotifiesNobody()
    {
        await using var listener = await ListenAsync();
        var received = Record(listener);

        await using var writer = await database.OpenAsync();
        var organization = await TestData.OrganizationAsync(writer);
        var job = await TestData.JobAsync(writer, organization, null, "in_progress");
        await using (var transaction = await writer.BeginTransactionAsync())
        {
            await writer.ExecuteAsync("UPDATE jobs SET status = 'completed' WHERE id = @job", new { job }, transaction);
            await transaction.RollbackAsync();
        }

        // A committed write afterwards proves the listener is live: its notification arrives, the other never did.
        await TestData.ClientAsync(writer, organization);
        await WaitForEndAsync(writer, listener, received);

        // Exactly the committed statements (the job's creation and the client's), each once: nothing from the rolled-back write.
        Assert.Equal(new[] { "job", "client" }, received);
        await TestData.ExpandChangesAsync(writer, announce: false);
        Assert.Equal(0, await writer.ExecuteScalarAsync<int>("SELECT count(*) FROM automation_events WHERE entity_id = @job AND event_type = 'job_completed'", new { job }));
    }

    [Fact]
    public async Task Write_WithNoRelayWaitingIdle_NotifiesNobody()
    {
        await using var listener = await ListenAsync(asIdleRelay: false);
        var received = Record(listener);

        await using var writer = await database.OpenAsync();
        var organization = await TestData.OrganizationAsync(writer);
        var job = await TestData.JobAsync(writer, organization, null, "in_progress");
        await writer.ExecuteAsync("UPDATE jobs SET status = 'completed' WHERE id = @job", new { job });

        await TestData.ExpandChangesAsync(writer, announce: false);
        Assert.Equal(3, await writer.ExecuteScalarAsync<int>("SELECT count(*) FROM automation_events WHERE entity_id = @job", new { job }));
        await WaitForEndAsync(writer, listener, received);
        Assert.Empty(received);
    }

    [Fact]
    public async Task WriteWhileTheRelayDrains_SkipsTheNotification_AndTheRelayCannotGoIdleBeforeItCommits()
    {
        await using var writer = await database.OpenAsync();
        var organization = await TestData.OrganizationAsync(writer);
        await using var relay = await ListenAsync(asIdleRelay: true);
        var received = Record(relay);
        Assert.True(await relay.ExecuteScalarAsync<bool>("SELECT fixlify_relay_busy()"));

        await using (var transaction = await writer.BeginTransactionAsync())
        {
            await writer.ExecuteAsync("INSERT INTO clients (organization_id, first_name) VALUES (@organization, 'Sam')", new { organization }, transaction);
            Assert.False(await relay.ExecuteScalarAsync<bool>("SELECT fixlify_relay_try_idle()"));
            await transaction.CommitAsync();
        }

        // Committed: the relay may go idle now (it drains once more first), and the next write wakes it.
        Assert.True(await relay.ExecuteScalarAsync<bool>("SELECT fixlify_relay_try_idle()"));
        await TestData.JobAsync(writer, organization, null);
        await WaitForEndAsync(writer, relay, received);
        Assert.Equal(new[] { "job" }, received);
    }

    /// <summary>A connection that LISTENs, and waits as an idle relay does (the relay's lock goes with the connection: no pooling).</summary>
    [Fact]
    public async Task WriterTestingTheIdleLock_WhileAnotherWriterTestsIt_DoesNotTakeItForAnIdleRelay()
    {
        // Another writer, in the instant it tests the idle lock, holds (1001, 1) exclusively.
        await using var other = await database.OpenAsync();
        Assert.True(await other.ExecuteScalarAsync<bool>("SELECT pg_try_advisory_lock(1001, 1)"));
        await using var writer = await database.OpenAsync();
        await using (var transaction = await writer.BeginTransactionAsync())
        {
            Assert.False(await writer.ExecuteScalarAsync<bool>("SELECT fixlify_relay_wakeup_needed()", transaction: transaction));
        }

        // An idle relay holds it shared: that one is woken.
        await other.ExecuteAsync("SELECT pg_advisory_unlock(1001, 1)");
        await using var relay = await ListenAsync(asIdleRelay: true);
        await using (var transaction = await writer.BeginTransactionAsync())
        {
            Assert.True(await writer.ExecuteScalarAsync<bool>("SELECT fixlify_relay_wakeup_needed()", transaction: transaction));
        }
    }

    async Task<NpgsqlConnection> ListenAsync(bool asIdleRelay = true)
    {
        var connection = await database.OpenAsync(new NpgsqlConnectionStringBuilder(database.ServiceConnectionString) { Pooling = false }.ConnectionString);
        await connection.ExecuteAsync("LISTEN automation_events");
        if (asIdleRelay)
        {
            Assert.True(await connection.ExecuteScalarAsync<bool>("SELECT fixlify_relay_try_idle()"));
        }

        return connection;
    }

    static List<string> Record(NpgsqlConnection listener)
    {
        var received = new List<string>();
        listener.Notification += (_, e) => received.Add(e.Payload);
        return received;
    }

    /// <summary>
    /// Sends a last notification and waits for it: once it is in, everything committed before it is in too (they arrive
    /// in commit order). Removes it from <paramref name="received"/>.
    /// </summary>
    static async Task WaitForEndAsync(NpgsqlConnection writer, NpgsqlConnection listener, List<string> received)
    {
        await writer.ExecuteAsync("SELECT pg_notify('automation_events', @End)", new { End });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!received.Contains(End))
        {
            await listener.WaitAsync(timeout.Token);
        }

        received.Remove(End);
    }
}
