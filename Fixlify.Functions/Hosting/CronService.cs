using Cronos;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fixlify.Hosting;

/// <summary>
/// The standalone host's stand-in for a timer function: runs <see cref="RunOnceAsync"/> on a cron with seconds
/// (<c>"*/15 * * * * *"</c>, UTC), as the Functions host would; a run that throws is logged and the next one comes.
/// </summary>
internal abstract class CronService(string schedule, TimeProvider clock, ILogger logger) : BackgroundService
{
    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var cron = CronExpression.Parse(schedule, CronFormat.IncludeSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var next = cron.GetNextOccurrence(now, TimeZoneInfo.Utc) ?? now.AddMinutes(1);
            try
            {
                await Task.Delay(next - now, clock, stoppingToken);
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.TickFailed(logger, e);
            }
        }
    }
}
