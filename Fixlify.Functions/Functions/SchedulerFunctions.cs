using Fixlify.Triggers;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Fixlify.Functions;

internal sealed class SchedulerFunctions(SchedulerTick tick)
{
    [Function("SchedulerTick")]
    public Task Run([TimerTrigger("%Scheduler:Schedule%")] TimerInfo timer, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        tick.RunAsync(client, context.CancellationToken);

    /// <summary>Executions left pending are scheduled again every 15 s (<c>Scheduler:RecoverySchedule</c>), apart from the tick.</summary>
    [Function("RecoverPending")]
    public Task RecoverPending([TimerTrigger("%Scheduler:RecoverySchedule%")] TimerInfo timer, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        tick.RestartStuckAsync(client, context.CancellationToken);
}
