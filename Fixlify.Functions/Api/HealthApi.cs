using Fixlify.Data;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary><c>GET /api/health</c>: whether the app and its database answer. Anonymous, for probes.</summary>
internal sealed class HealthApi(ServiceDatabase database, TimeProvider clock)
{
    internal sealed record HealthReport(string Status, string Database, DateTimeOffset CheckedAt);

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
            return await database.AnswersAsync(timeout.Token);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or OperationCanceledException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}
