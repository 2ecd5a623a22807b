using Dapper;
using Fixlify.Data;
using Fixlify.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fixlify.Tests.Data;

/// <summary>A database in use, migrated to a newer release, keeps its rows and pending events and goes on capturing.</summary>
public sealed class DatabaseMigratorUpgradeTests(EmptyPostgresDatabase database) : IClassFixture<EmptyPostgresDatabase>
{
    [Fact]
    public async Task Migrate_RowCaptureDatabaseWithPendingEvents_ToStatementCapture_WritesEveryEventOnce()
    {
        // The schema as released with row-level capture triggers, in use: rows written, their events not yet relayed.
        DatabaseMigrator.Migrate(database.OwnerConnectionString, NullLogger.Instance, through: "0009_template_catalog.sql");
        Guid organization, client, job, invoice;
        await using (var connection = await database.OpenAsync())
        {
            organization = await TestData.OrganizationAsync(connection);
            client = await TestData.ClientAsync(connection, organization);
            job = await TestData.JobAsync(connection, organization, client, "scheduled");
            invoice = await TestData.InvoiceAsync(connection, organization, client, "draft");
            await connection.ExecuteAsync("UPDATE jobs SET status = 'in_progress' WHERE id = @job", new { job });
        }

        var pending = await EventsAsync();
        Assert.Equal(
            new[] { (client, "client_created"), (job, "job_created"), (job, "job_status_changed"), (invoice, "invoice_created") }.Order(),
            pending.Select(e => (e.EntityId, e.EventType)).Order());

        var applied = DatabaseMigrator.Migrate(database.OwnerConnectionString, NullLogger.Instance);
        Assert.Equal("0010_statement_capture.sql", applied[0]);

        // The pending events are untouched, and each write from now on is captured once, not by old and new triggers both.
        Assert.Equal(pending, await EventsAsync());
        await using (var connection = await database.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE jobs SET status = 'completed' WHERE id = @job", new { job });
            await connection.ExecuteAsync("UPDATE invoices SET status = 'sent', sent_at = now() WHERE id = @invoice", new { invoice });
            await connection.ExecuteAsync("UPDATE clients SET sms_opt_out = true WHERE id = @client", new { client });
            await TestData.EstimateAsync(connection, organization, client);
        }

        var written = (await EventsAsync()).Except(pending).ToList();
        Assert.Equal(
            new[] { "client_updated", "estimate_created", "invoice_sent", "job_completed", "job_status_changed" },
            written.Select(e => e.EventType).Order());
    }

    sealed record StoredEvent(Guid Id, Guid EntityId, string EventType);

    async Task<List<StoredEvent>> EventsAsync()
    {
        await using var connection = await database.OpenAsync();
        return [.. await connection.QueryAsync<StoredEvent>("SELECT id, entity_id, event_type FROM automation_events ORDER BY id")];
    }
}
