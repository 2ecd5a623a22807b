using Cronos;
using Fixlify.Triggers;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fixlify.Hosting;

/// <summary>
/// The standalone host's stand-in for the recovery timer function: executions left pending (a failed scheduling, a
/// crash) are scheduled again on <c>Scheduler__RecoverySchedule</c> (every 15 s), so none waits more than a minute.
/// </summary>
internal sealed class RecoveryService(SchedulerTick tick, DurableTaskClient client, IOptions<SchedulerOptions> options, TimeProvider clock, ILogger<RecoveryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var cron = CronExpression.Parse(options.Value.RecoverySchedule, CronFormat.IncludeSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var next = cron.GetNextOccurrence(now, TimeZoneInfo.Utc) ?? now.AddSeconds(15);
            try
            {
                await Task.Delay(next - now, clock, stoppingToken);
                await tick.RestartStuckAsync(client, stoppingToken);
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
