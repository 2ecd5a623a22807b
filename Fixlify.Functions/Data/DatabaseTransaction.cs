using Dapper;
using Npgsql;

namespace Fixlify.Data;

/// <summary>An open connection with its transaction; rolled back on dispose unless committed.</summary>
internal sealed class DatabaseTransaction : IAsyncDisposable
{
    DatabaseTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        Connection = connection;
        Transaction = transaction;
    }

    NpgsqlConnection Connection { get; }

    NpgsqlTransaction Transaction { get; }

    /// <summary>
    /// Opens a transaction and sets <paramref name="settings"/> for it (<c>SET LOCAL</c>, parameterized, all in one
    /// statement). Statement texts stay constant: Dapper keys its generated readers on them.
    /// </summary>
    /// <remarks>
    /// A pooled connection the server closed (PostgreSQL restarted: 57P01, or the socket is gone) fails on its first
    /// statement, here, before any work: the pool's idle connections are then all as dead, so the pool is cleared and the
    /// transaction begun again on a fresh connection, up to twice (issue 25). Only the setting statement is retried this way.
    /// </remarks>
    internal static async Task<DatabaseTransaction> BeginAsync(
        NpgsqlDataSource source, CancellationToken cancellationToken, params IReadOnlyList<(string Name, string Value)> settings)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await BeginOnceAsync(source, settings, cancellationToken);
            }
            catch (Exception e) when (settings.Count > 0 && attempt < 3 && ServerClosedConnection(e) && !cancellationToken.IsCancellationRequested)
            {
                // Requests running at the same time may each hold a closed connection; each clears what is idle.
                source.Clear();
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken);
            }
        }
    }

    /// <summary>The server ended the connection (shutdown, restart, a dropped socket): a fresh one may well work.</summary>
    internal static bool ServerClosedConnection(Exception e) => e switch
    {
        PostgresException p => p.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
            || p.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException n => n.InnerException is IOException or System.Net.Sockets.SocketException or EndOfStreamException || n.IsTransient,
        _ => false,
    };

    static async Task<DatabaseTransaction> BeginOnceAsync(
        NpgsqlDataSource source, IReadOnlyList<(string Name, string Value)> settings, CancellationToken cancellationToken)
    {
        var connection = await source.OpenConnectionAsync(cancellationToken);
        DatabaseTransaction? transaction = null;
        try
        {
            transaction = new DatabaseTransaction(connection, await connection.BeginTransactionAsync(cancellationToken));
            if (settings.Count > 0)
            {
                var parameters = new DynamicParameters();
                for (var i = 0; i < settings.Count; i++)
                {
                    parameters.Add($"n{i}", settings[i].Name);
                    parameters.Add($"v{i}", settings[i].Value);
                }

                await transaction.ExecuteAsync(
                    SetLocal[settings.Count - 1], parameters, cancellationToken);
            }

            return transaction;
        }
        catch
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }
            else
            {
                await connection.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary><c>SELECT set_config(@n0, @v0, true), …</c> for one to four settings (constant texts).</summary>
    static readonly string[] SetLocal = [.. Enumerable.Range(1, 4).Select(count =>
        "SELECT " + string.Join(", ", Enumerable.Range(0, count).Select(i => $"set_config(@n{i}, @v{i}, true)")))];

    public Task<int> ExecuteAsync(string sql, object? parameters, CancellationToken cancellationToken) =>
        Connection.ExecuteAsync(Command(sql, parameters, cancellationToken));

    public Task<IEnumerable<T>> QueryAsync<T>(string sql, object? parameters, CancellationToken cancellationToken) =>
        Connection.QueryAsync<T>(Command(sql, parameters, cancellationToken));

    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? parameters, CancellationToken cancellationToken) =>
        Connection.QuerySingleOrDefaultAsync<T>(Command(sql, parameters, cancellationToken));

    public Task<T> QuerySingleAsync<T>(string sql, object? parameters, CancellationToken cancellationToken) =>
        Connection.QuerySingleAsync<T>(Command(sql, parameters, cancellationToken));

    public Task<T?> ExecuteScalarAsync<T>(string sql, object? parameters, CancellationToken cancellationToken) =>
        Connection.ExecuteScalarAsync<T>(Command(sql, parameters, cancellationToken));

    public Task CommitAsync(CancellationToken cancellationToken) => Transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }

    CommandDefinition Command(string sql, object? parameters, CancellationToken cancellationToken) =>
        new(sql, parameters, Transaction, cancellationToken: cancellationToken);
}
