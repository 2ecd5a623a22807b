using Dapper;
using Fixlify.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Fixlify.Benchmarks;

/// <summary>The services scripts/bench.sh started, and a fresh migrated database per benchmark.</summary>
public sealed record BenchEnvironment(int PostgresPort, string StorageConnectionString)
{
    public static BenchEnvironment FromVariables() => new(
        int.Parse(Environment.GetEnvironmentVariable("FIXLIFY_BENCH_PG_PORT") ?? throw new InvalidOperationException("FIXLIFY_BENCH_PG_PORT is not set: run `make bench`"), System.Globalization.CultureInfo.InvariantCulture),
        Environment.GetEnvironmentVariable("FIXLIFY_BENCH_AZURITE") ?? "");

    public string ConnectionString(string database, string user = "fixlify") =>
        $"Host=127.0.0.1;Port={PostgresPort};Database={database};Username={user};Maximum Pool Size=50";

    /// <summary>Creates and migrates a database of its own for one benchmark.</summary>
    public async Task<string> FreshDatabaseAsync(string name)
    {
        await using (var admin = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await admin.ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }

        DatabaseMigrator.Migrate(ConnectionString(name), NullLogger.Instance);
        return name;
    }
}
