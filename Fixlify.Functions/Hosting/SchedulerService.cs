using Cronos;
using Fixlify.Triggers;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fixlify.Hosting;

/// <summary>The standalone host's stand-in for the timer function: the scheduler tick on the same cron (<c>Scheduler__Schedule</c>).</summary>
internal sealed class SchedulerService(SchedulerTick tick, DurableTaskClient client, IOptions<SchedulerOptions> options, TimeProvider clock, ILogger<SchedulerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var cron = CronExpression.Parse(options.Value.Schedule, CronFormat.IncludeSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var next = cron.GetNextOccurrence(now, TimeZoneInfo.Utc) ?? now.AddMinutes(1);
            try
            {
                await Task.Delay(next - now, clock, stoppingToken);
                await tick.RunAsync(client, stoppingToken);
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
