using Dapper;
using Fixlify.Data;
using Fixlify.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Fixlify.Tests.Data;

/// <summary>
/// A database in use, migrated to a newer release, keeps its rows and pending events and goes on capturing each write
/// once, whichever order the scripts reach it in. DbUp applies the scripts a database lacks in name order: a database
/// from the row-capture release gets 0010 before 0011-0014, as a fresh one does (and 0013 then adds jobs.confirmed_at
/// to a captured table), while one that already has those (from a release without 0010) gets 0010 last. Either way
/// its capture ends up as a fresh database's.
/// </summary>
public sealed class DatabaseMigratorUpgradeTests(PostgresDatabase fresh) : IClassFixture<PostgresDatabase>
{
    const string StatementCapture = "0010_statement_capture.sql";
    const string RelayWakeupExact = "0017_relay_wakeup_exact.sql";

    [Fact]
    public async Task Migrate_RowCaptureReleaseWithPendingEvents_AppliesStatementCaptureFirst_WritesEveryEventOnce()
    {
        var applied = await UpgradeAsync(name => string.CompareOrdinal(name, "0009_template_catalog.sql") <= 0);

        Assert.Equal(StatementCapture, applied[0]);
        Assert.True(applied.Count > 1, "the scripts after 0010 were applied too");
    }

    [Fact]
    public async Task Migrate_LaterScriptsAlreadyApplied_AppliesStatementCaptureLast_WritesEveryEventOnce()
    {
        var applied = await UpgradeAsync(name => name != StatementCapture && string.CompareOrdinal(name, RelayWakeupExact) < 0);

        // 0010 and 0017 first; scripts added since 0017 come after them.
        Assert.Equal(new[] { StatementCapture, RelayWakeupExact }, applied.Take(2));
        Assert.All(applied.Skip(2), name => Assert.True(string.CompareOrdinal(name, RelayWakeupExact) > 0, name));
    }

    /// <summary>
    /// Migrates a new database with the scripts <paramref name="before"/> takes, writes rows whose events stay pending,
    /// migrates it fully, then writes again. Returns the scripts the full migration applied.
    /// </summary>
    async Task<IReadOnlyList<string>> UpgradeAsync(Func<string, bool> before)
    {
        var database = new EmptyPostgresDatabase();
        await database.InitializeAsync();
        try
        {
            // The schema as an older release left it, in use: rows written, their events not yet relayed.
            DatabaseMigrator.Migrate(database.OwnerConnectionString, NullLogger.Instance, include: before);
            Guid organization, client, job, invoice;
            await using (var connection = await database.OpenAsync())
            {
                organization = await TestData.OrganizationAsync(connection);
                client = await TestData.ClientAsync(connection, organization);
                job = await TestData.JobAsync(connection, organization, client, "scheduled");
                invoice = await TestData.InvoiceAsync(connection, organization, client, "draft");
                await connection.ExecuteAsync("UPDATE jobs SET status = 'in_progress' WHERE id = @job", new { job });
            }

            var pending = await EventsAsync(database);
            Assert.Equal(
                new[] { (client, "client_created"), (job, "job_created"), (job, "job_status_changed"), (invoice, "invoice_created") }.Order(),
                pending.Select(e => (e.EntityId, e.EventType)).Order());

            var applied = DatabaseMigrator.Migrate(database.OwnerConnectionString, NullLogger.Instance);

            // The pending events are untouched, and each write from now on is captured once, not by old and new triggers both.
            Assert.Equal(pending, await EventsAsync(database));
            await using (var connection = await database.OpenAsync())
            {
                await connection.ExecuteAsync("UPDATE jobs SET status = 'completed' WHERE id = @job", new { job });
                await connection.ExecuteAsync("UPDATE invoices SET status = 'sent', sent_at = now() WHERE id = @invoice", new { invoice });
                await connection.ExecuteAsync("UPDATE clients SET sms_opt_out = true WHERE id = @client", new { client });
                await TestData.EstimateAsync(connection, organization, client);
            }

            var written = (await EventsAsync(database)).Except(pending).ToList();
            Assert.Equal(
                new[] { "client_updated", "estimate_created", "invoice_sent", "job_completed", "job_status_changed" },
                written.Select(e => e.EventType).Order());

            // The same triggers and functions as a database migrated from empty, so it captures exactly as one does.
            Assert.Equal(await CaptureAsync(fresh.OwnerConnectionString), await CaptureAsync(database.OwnerConnectionString));
            return applied;
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    sealed record StoredEvent(Guid Id, Guid EntityId, string EventType);

    static async Task<List<StoredEvent>> EventsAsync(PostgresDatabase database)
    {
        await using var connection = await database.OpenAsync();
        return [.. await connection.QueryAsync<StoredEvent>("SELECT id, entity_id, event_type FROM automation_events ORDER BY id")];
    }

    /// <summary>Every trigger of the schema and every function it defines, as PostgreSQL prints them.</summary>
    static async Task<List<string>> CaptureAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return [.. await connection.QueryAsync<string>(
            """
            SELECT pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
             WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal
            UNION ALL
            SELECT pg_get_functiondef(p.oid) FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND p.prokind = 'f'
            ORDER BY 1
            """)];
    }
}
