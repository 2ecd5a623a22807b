using Fixlify.Triggers;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fixlify.Hosting;

/// <summary>The standalone host's stand-in for the timer function: the scheduler tick on the same cron (<c>Scheduler__Schedule</c>).</summary>
internal sealed class SchedulerService(SchedulerTick tick, DurableTaskClient client, IOptions<SchedulerOptions> options, TimeProvider clock, ILogger<SchedulerService> logger)
    : CronService(options.Value.Schedule, clock, logger)
{
    protected override Task RunOnceAsync(CancellationToken cancellationToken) => tick.RunAsync(client, cancellationToken);
}
