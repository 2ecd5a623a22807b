using Dapper;
using Fixlify.Data;
using Npgsql;

namespace Fixlify.Tests.Fixtures;

/// <summary>A test class's own database: a copy of the migrated template, dropped when the class is done.</summary>
public class PostgresDatabase : IAsyncLifetime
{
    static readonly SemaphoreSlim CopyLock = new(1, 1);

    public string Name { get; } = "t_" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>The owner (cluster superuser): the migrations' login.</summary>
    public string OwnerConnectionString => TestServices.ConnectionString(Name);

    /// <summary>The API's login, under row-level security.</summary>
    public string AppConnectionString => TestServices.ConnectionString(Name, "fixlify_app");

    /// <summary>The scheduler's and relay's login.</summary>
    public string ServiceConnectionString => TestServices.ConnectionString(Name, "fixlify_service");

    protected virtual bool Migrated => true;

    public virtual async Task InitializeAsync()
    {
        await using var admin = new NpgsqlConnection(TestServices.ConnectionString("postgres", pooling: false));
        await admin.OpenAsync();
        if (!Migrated)
        {
            await admin.ExecuteAsync($"CREATE DATABASE {Name}");
            return;
        }

        var template = TestServices.TemplateDatabase;
        await CopyLock.WaitAsync();
        try
        {
            await admin.ExecuteAsync($"CREATE DATABASE {Name} TEMPLATE {template}");
        }
        finally
        {
            CopyLock.Release();
        }
    }

    public async Task<NpgsqlConnection> OpenAsync(string? connectionString = null)
    {
        var connection = new NpgsqlConnection(connectionString ?? OwnerConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>
    /// Kills the connections a <see cref="PostgresListener"/> listens on <paramref name="channel"/> with in this database
    /// (<c>pg_terminate_backend</c>), as a database restart or a network cut would; waits up to 30 s for one to be
    /// connected. Returns how many it killed.
    /// </summary>
    public async Task<int> TerminateListenersAsync(string channel)
    {
        await using var admin = await OpenAsync();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            var killed = await admin.ExecuteScalarAsync<int>(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND application_name = @name",
                new { name = PostgresListener.ApplicationName(channel) });
            if (killed > 0 || DateTimeOffset.UtcNow > deadline)
            {
                return killed;
            }

            await Task.Delay(100);
        }
    }

    public virtual async Task DisposeAsync()
    {
        await using var admin = new NpgsqlConnection(TestServices.ConnectionString("postgres", pooling: false));
        await admin.OpenAsync();
        await admin.ExecuteAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }
}

/// <summary>A database with nothing in it, for the migrations themselves.</summary>
public sealed class EmptyPostgresDatabase : PostgresDatabase
{
    protected override bool Migrated => false;
}
