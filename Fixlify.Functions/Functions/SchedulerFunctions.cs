using Fixlify.Triggers;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Fixlify.Functions;

internal sealed class SchedulerFunctions(SchedulerTick tick)
{
    [Function("SchedulerTick")]
    public Task Run([TimerTrigger("%Scheduler:Schedule%")] TimerInfo timer, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        tick.RunAsync(client, context.CancellationToken);
}
