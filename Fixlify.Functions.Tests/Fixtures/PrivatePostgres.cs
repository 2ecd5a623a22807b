using Fixlify.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Fixlify.Tests.Fixtures;

/// <summary>
/// A PostgreSQL cluster of the test class's own (scripts/postgres.sh), migrated, which a test may restart as a server is
/// restarted in production, without disturbing the other test classes on the shared cluster.
/// </summary>
public sealed class PrivatePostgres : IAsyncLifetime
{
    readonly string _dir = Path.Combine(TestServices.RepositoryRoot, ".local", "dotnet-test", "pg-" + Guid.NewGuid().ToString("N")[..8]);

    public int Port { get; private set; }

    public string ConnectionString(string user = "fixlify") =>
        $"Host=127.0.0.1;Port={Port};Database=fixlify;Username={user};Maximum Pool Size=20;Timeout=30";

    public Task InitializeAsync()
    {
        Port = int.Parse(TestServices.RunScript("postgres.sh", "start", _dir, "--fast"), System.Globalization.CultureInfo.InvariantCulture);
        DatabaseMigrator.Migrate(ConnectionString() + ";Pooling=false", NullLogger.Instance);
        return Task.CompletedTask;
    }

    /// <summary>Stops the server and starts it again on the same port: every open connection is closed by it (57P01).</summary>
    public void Restart() => TestServices.RunScript("postgres.sh", "restart", _dir);

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString() + ";Pooling=false");
        await connection.OpenAsync();
        return connection;
    }

    public Task DisposeAsync()
    {
        TestServices.RunScript("postgres.sh", "stop", _dir);
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // a file still held: .local is ignored anyway
        }
        catch (UnauthorizedAccessException)
        {
            // the data folder belongs to the postgres user
        }

        return Task.CompletedTask;
    }
}
