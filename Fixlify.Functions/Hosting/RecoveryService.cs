using Fixlify.Triggers;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fixlify.Hosting;

/// <summary>
/// The standalone host's stand-in for the recovery timer function: executions left pending (a failed scheduling, a
/// crash) are scheduled again on <c>Scheduler__RecoverySchedule</c> (every 15 s), so none waits more than a minute.
/// </summary>
internal sealed class RecoveryService(SchedulerTick tick, DurableTaskClient client, IOptions<SchedulerOptions> options, TimeProvider clock, ILogger<RecoveryService> logger)
    : CronService(options.Value.RecoverySchedule, clock, logger)
{
    protected override Task RunOnceAsync(CancellationToken cancellationToken) => tick.RestartStuckAsync(client, cancellationToken);
}
