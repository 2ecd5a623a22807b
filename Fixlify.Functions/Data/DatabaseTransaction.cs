using Dapper;
using Npgsql;

namespace Fixlify.Data;

/// <summary>An open connection with its transaction; rolled back on dispose unless committed.</summary>
public sealed partial class DatabaseTransaction : IAsyncDisposable
{
    /// <summary><c>SET LOCAL</c> statements sent in front of the next command, in its round trip (PostgreSQL runs them first).</summary>
    string? _settings;

    DatabaseTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction, string? settings)
    {
        Connection = connection;
        Transaction = transaction;
        _settings = settings;
    }

    NpgsqlConnection Connection { get; }

    NpgsqlTransaction Transaction { get; }

    /// <summary>
    /// Opens a transaction whose first command also sets <paramref name="settings"/> for the transaction (<c>SET LOCAL</c>),
    /// in the same round trip. <c>SET</c> takes no parameters, so the values are written into the statement: only ids and
    /// numbers are accepted (letters, digits, dashes), and anything else throws <see cref="ArgumentException"/>.
    /// </summary>
    internal static async Task<DatabaseTransaction> BeginAsync(
        NpgsqlDataSource source, CancellationToken cancellationToken, params IReadOnlyList<(string Name, string Value)> settings)
    {
        foreach (var (name, value) in settings)
        {
            if (!Setting().IsMatch(name) || !SettingValue().IsMatch(value))
            {
                throw new ArgumentException($"'{name}' = '{value}' cannot be set: settings are fixlify.<name> = an id or a number.", nameof(settings));
            }
        }

        var connection = await source.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var prelude = settings.Count == 0 ? null : string.Concat(settings.Select(s => $"SET LOCAL {s.Name} = '{s.Value}'; "));
            return new DatabaseTransaction(connection, transaction, prelude);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("^fixlify\\.[a-z_]+$")]
    private static partial System.Text.RegularExpressions.Regex Setting();

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9-]{1,64}$")]
    private static partial System.Text.RegularExpressions.Regex SettingValue();

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

    CommandDefinition Command(string sql, object? parameters, CancellationToken cancellationToken)
    {
        var settings = _settings;
        _settings = null;
        return new(settings + sql, parameters, Transaction, cancellationToken: cancellationToken);
    }
}
