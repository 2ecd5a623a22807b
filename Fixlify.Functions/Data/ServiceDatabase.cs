using Microsoft.Extensions.Options;
using Npgsql;

namespace Fixlify.Data;

/// <summary>The scheduler's, relay's and engine's database login, allowed to work across organizations.</summary>
public sealed class ServiceDatabase(IOptions<PostgresOptions> options) : IAsyncDisposable
{
    readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(options.Value.ServiceConnectionString);

    public NpgsqlDataSource Source => _source;

    public ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) =>
        _source.OpenConnectionAsync(cancellationToken);

    public Task<DatabaseTransaction> BeginAsync(CancellationToken cancellationToken) =>
        DatabaseTransaction.BeginAsync(_source, cancellationToken);

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
