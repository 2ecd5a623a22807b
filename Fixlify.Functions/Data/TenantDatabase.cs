using Microsoft.Extensions.Options;
using Npgsql;

namespace Fixlify.Data;

/// <summary>
/// The API's database: every unit of work is a transaction that first sets <c>fixlify.org_id</c> (SET LOCAL),
/// so row-level security shows only that organization's rows and a pooled connection carries nothing
/// into the next request.
/// </summary>
internal sealed class TenantDatabase(IOptions<PostgresOptions> options) : IAsyncDisposable
{
    readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(options.Value.ConnectionString);

    public Task<DatabaseTransaction> BeginAsync(Guid organizationId, CancellationToken cancellationToken) =>
        BeginAsync(organizationId, origin: null, chainDepth: 0, cancellationToken);

    /// <param name="origin">The execution whose writes these are; the capture trigger tags events with it.</param>
    /// <param name="chainDepth">How many automations led to this write.</param>
    public Task<DatabaseTransaction> BeginAsync(
        Guid organizationId, string? origin, int chainDepth, CancellationToken cancellationToken)
    {
        var settings = new List<(string, string)>(4) { ("fixlify.org_id", organizationId.ToString("D")) };
        if (origin is not null)
        {
            settings.Add(("fixlify.origin", origin));
            settings.Add(("fixlify.chain_depth", chainDepth.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        // The trace this work belongs to: events its writes cause, and executions it starts, continue it (0037_trace_context.sql).
        if (System.Diagnostics.Activity.Current is { IdFormat: System.Diagnostics.ActivityIdFormat.W3C, Id: { } traceParent })
        {
            settings.Add(("fixlify.traceparent", traceParent));
        }

        return DatabaseTransaction.BeginAsync(_source, cancellationToken, settings);
    }

    /// <summary>
    /// A transaction of the organization that can only read (a dry run): PostgreSQL refuses any write in it, so what
    /// runs inside cannot change a row even by mistake. It is never committed.
    /// </summary>
    public async Task<DatabaseTransaction> BeginReadOnlyAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        var transaction = await BeginAsync(organizationId, cancellationToken);
        try
        {
            await transaction.ExecuteAsync("SET TRANSACTION READ ONLY", null, cancellationToken);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
