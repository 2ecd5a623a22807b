using System.Collections.Concurrent;
using DurableTask.Core;
using Microsoft.Extensions.Logging;

namespace Fixlify.Hosting;

/// <summary>
/// The task hub's backend as the in-process sidecar sees it: every call goes to <paramref name="inner"/>, except that
/// it reports the concurrency chosen here, and renews each activity work item's lock while the activity runs.
/// <list type="bullet">
/// <item>The in-memory backend reports as many concurrent work items as the machine has cores, and the sidecar's
/// dispatcher waits half a second each time that many run: a handful of work items a second.</item>
/// <item>The sidecar's activity dispatcher never renews a lock, so with Azure Storage an activity that runs longer than
/// the work-item visibility timeout would be handed to a second worker. Renewing it lets that timeout be short, which is
/// how soon a crashed process's activity is taken over.</item>
/// </list>
/// A test fails when the SDK starts reporting more than the cores (then this type can go). It also counts the work items
/// it sees completed (<see cref="Tally"/>), which the benchmarks print and a test reads to count what an execution costs.
/// </summary>
internal sealed class SidecarOrchestrationService(IOrchestrationService inner, int concurrency, TimeSpan? renewActivityLocksEvery, ILogger logger) : IOrchestrationService
{
    readonly ConcurrentDictionary<string, CancellationTokenSource> _renewals = new(StringComparer.Ordinal);

    /// <summary>The work items completed through this service: activities and orchestrator episodes, in all and per instance.</summary>
    public WorkItemTally Tally { get; } = new();

    /// <summary>The backend itself, for what the sidecar reads as a client (state, history, purge).</summary>
    public IOrchestrationService Inner => inner;

    public int MaxConcurrentTaskOrchestrationWorkItems => concurrency;

    public int MaxConcurrentTaskActivityWorkItems => concurrency;

    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var workItem = await inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);
        if (workItem is not null && renewActivityLocksEvery is { } every)
        {
            var renewal = new CancellationTokenSource();
            _renewals[workItem.Id] = renewal;
            _ = RenewAsync(workItem, every, renewal.Token);
        }

        return workItem!;
    }

    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        StopRenewing(workItem);
        await inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);
        Tally.Activity(workItem.TaskMessage.OrchestrationInstance.InstanceId);
    }

    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        StopRenewing(workItem);
        await inner.AbandonTaskActivityWorkItemAsync(workItem);
    }

    async Task RenewAsync(TaskActivityWorkItem workItem, TimeSpan every, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(every, stop);
                await inner.RenewTaskActivityWorkItemLockAsync(workItem);
            }
        }
        catch (OperationCanceledException)
        {
            // The activity ended.
        }
#pragma warning disable CA1031 // A failed renewal must not crash the process: the work item may then run twice, which the delivery ledger allows for.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.ActivityLockRenewalFailed(logger, e, workItem.Id);
        }
    }

    void StopRenewing(TaskActivityWorkItem workItem)
    {
        if (_renewals.TryRemove(workItem.Id, out var renewal))
        {
            renewal.Cancel();
            renewal.Dispose();
        }
    }

    public Task StartAsync() => inner.StartAsync();

    public Task StopAsync() => inner.StopAsync();

    public Task StopAsync(bool isForced) => inner.StopAsync(isForced);

    public Task CreateAsync() => inner.CreateAsync();

    public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);

    public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();

    public Task DeleteAsync() => inner.DeleteAsync();

    public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => inner.GetDelayInSecondsAfterOnProcessException(exception);

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => inner.GetDelayInSecondsAfterOnFetchException(exception);

    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;

    public Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    public async Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem, OrchestrationRuntimeState newOrchestrationRuntimeState, IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages, IList<TaskMessage> timerMessages, TaskMessage continuedAsNewMessage, OrchestrationState orchestrationState)
    {
        await inner.CompleteTaskOrchestrationWorkItemAsync(
            workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);
        Tally.Episode(workItem.InstanceId);
    }

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.AbandonTaskOrchestrationWorkItemAsync(workItem);

    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);

    public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => inner.RenewTaskActivityWorkItemLockAsync(workItem);
}
