using Dapper;
using Fixlify.Data;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary><c>GET /api/health</c>: whether the app and its database answer. Anonymous, for probes.</summary>
public sealed class HealthApi(ServiceDatabase database, TimeProvider clock)
{
    public sealed record HealthReport(string Status, string Database, DateTimeOffset CheckedAt);

    public async Task<IResult> GetAsync(CancellationToken cancellationToken)
    {
        var databaseUp = await DatabaseAnswersAsync(cancellationToken);
        var report = new HealthReport(databaseUp ? "healthy" : "unhealthy", databaseUp ? "up" : "down", clock.GetUtcNow());
        return Results.Json(report, statusCode: databaseUp ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    async Task<bool> DatabaseAnswersAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            await using var connection = await database.OpenAsync(timeout.Token);
            return await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: timeout.Token)) == 1;
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or OperationCanceledException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}
