using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fixlify.Data;

/// <summary>The scheduler's, relay's and engine's database login, allowed to work across organizations.</summary>
internal sealed class ServiceDatabase(IOptions<PostgresOptions> options) : IAsyncDisposable
{
    readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(options.Value.ServiceConnectionString);

    public NpgsqlDataSource Source => _source;

    public ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) =>
        _source.OpenConnectionAsync(cancellationToken);

    /// <summary>
    /// A connection of its own, outside the pool, shown as <paramref name="applicationName"/> in <c>pg_stat_activity</c>:
    /// its session state (LISTEN, a session-level advisory lock) ends when it is disposed. A pooled connection keeps that
    /// state until it is next taken from the pool.
    /// </summary>
    public async Task<NpgsqlConnection> OpenSessionAsync(string applicationName, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(options.Value.ServiceConnectionString)
        {
            Pooling = false,
            ApplicationName = applicationName,
        }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Whether the database answers a trivial query (the health probe's question).</summary>
    public async Task<bool> AnswersAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: cancellationToken)) == 1;
    }

    public Task<DatabaseTransaction> BeginAsync(CancellationToken cancellationToken) =>
        DatabaseTransaction.BeginAsync(_source, cancellationToken);

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
