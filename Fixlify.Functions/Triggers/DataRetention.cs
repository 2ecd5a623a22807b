using Fixlify.Data;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fixlify.Triggers;

/// <summary>
/// Part of every scheduler tick: deletes what has aged out (<see cref="RetentionOptions"/>) in bounded batches
/// (<see cref="RetentionPurge"/>), and, at most hourly, purges the task hub's histories of ended orchestrations created
/// before the executions' horizon (both standalone backends and the Durable Functions extension implement the purge).
/// The histories go first: an execution whose rows are deleted below can no longer be replayed.
/// </summary>
internal sealed class DataRetention(ServiceDatabase database, IOptions<RetentionOptions> options, IOptions<SchedulerOptions> scheduler, ILogger<DataRetention> logger)
{
    static readonly TimeSpan HubPurgeEvery = TimeSpan.FromHours(1);

    static readonly OrchestrationRuntimeStatus[] Ended =
        [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

    DateTimeOffset _nextHubPurge = DateTimeOffset.MinValue;

    /// <summary>How long an inbound message id is remembered (<see cref="RetentionOptions.InboundMessageIdsDays"/>, a day at least).</summary>
    public TimeSpan InboundMessageIds => TimeSpan.FromDays(Math.Max(options.Value.InboundMessageIdsDays, 1));

    /// <returns>Rows deleted and histories purged.</returns>
    public async Task<int> RunAsync(DurableTaskClient client, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var (events, executions) = settings.Horizons(scheduler.Value.Lookback);
        var histories = 0;
        if (now >= _nextHubPurge)
        {
            var result = await client.PurgeAllInstancesAsync(new PurgeInstancesFilter(DateTimeOffset.UnixEpoch, now - executions, Ended), cancellationToken);
            histories = result.PurgedInstanceCount;
            _nextHubPurge = now + HubPurgeEvery;
        }

        var deletedEvents = await DrainAsync(RetentionPurge.ProcessedEvents, now - events, cancellationToken);
        var deletedExecutions = await DrainAsync(RetentionPurge.EndedExecutions, now - executions, cancellationToken);
        var updates = await DrainAsync(RetentionPurge.StreamHistory, now - TimeSpan.FromDays(Math.Max(settings.StreamHistoryDays, 0)), cancellationToken);
        var replies = await DrainAsync(RetentionPurge.KeptReplies, now - TimeSpan.FromDays(Math.Max(settings.KeptRepliesDays, 0)), cancellationToken);
        if (deletedEvents + deletedExecutions + updates + replies + histories > 0)
        {
            Log.RetentionDeleted(logger, deletedEvents, deletedExecutions, updates, replies, histories);
        }

        return deletedEvents + deletedExecutions + updates + replies + histories;
    }

    /// <summary>Batch after batch, each its own short transaction, until one comes back short or the tick's share is used.</summary>
    async Task<int> DrainAsync(string sql, DateTimeOffset before, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var batch = Math.Max(settings.BatchSize, 1);
        var total = 0;
        for (var i = 0; i < Math.Max(settings.MaxBatches, 1); i++)
        {
            var deleted = await RetentionPurge.BatchAsync(database, sql, before, batch, cancellationToken);
            total += deleted;
            if (deleted < batch)
            {
                break;
            }
        }

        return total;
    }
}
