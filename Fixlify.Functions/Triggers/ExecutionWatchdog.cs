using System.Collections.Concurrent;
using System.Text.Json;
using Fixlify.Data;
using Fixlify.Engine;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Fixlify.Triggers;

/// <summary>
/// The scheduler tick's watchdog: an execution that says it is processing or waiting, but whose orchestration has
/// failed, been terminated, vanished, or completed without its end being recorded, would otherwise stay so forever.
/// Each tick looks at up to <see cref="BatchSize"/> executions that have not changed for a while (the longest unchecked
/// first) and ends those whose orchestration is no longer running, saying why. One whose orchestration the task hub does
/// not know is ended only when this process first found it missing before <c>lostSince</c>: a burst can leave an instance
/// queued, and unknown to the instance table, for minutes (measured: 2,000 at once on Azurite, where failing at the first
/// miss lost 191 of them). Those first misses are kept in memory: a restart only makes the watchdog wait longer.
/// </summary>
internal sealed class ExecutionWatchdog(ServiceDatabase database, FinishExecution finish, TimeProvider clock, ILogger<ExecutionWatchdog> logger)
{
    public const int BatchSize = 100;

    readonly ConcurrentDictionary<Guid, DateTimeOffset> _missingSince = new();

    /// <param name="quietSince">Executions unchanged since before this (UTC) are checked.</param>
    /// <param name="lostSince">Of those, one whose orchestration does not exist is failed only if first found missing before this.</param>
    /// <returns>How many executions it ended.</returns>
    public async Task<int> CheckAsync(DurableTaskClient client, DateTimeOffset quietSince, DateTimeOffset lostSince, CancellationToken cancellationToken)
    {
        List<(Guid Id, Guid OrganizationId)> suspects;
        await using (var transaction = await database.BeginAsync(cancellationToken))
        {
            suspects = [.. await transaction.QueryAsync<(Guid, Guid)>(
                """
                WITH due AS (
                    SELECT id FROM automation_execution_logs
                     WHERE status IN ('processing', 'waiting') AND updated_at < @quietSince
                     ORDER BY coalesce(checked_at, 'epoch'::timestamptz)
                     LIMIT @batch
                     FOR UPDATE SKIP LOCKED)
                UPDATE automation_execution_logs l SET checked_at = now() FROM due WHERE l.id = due.id
                RETURNING l.id, l.organization_id
                """,
                new { quietSince, batch = BatchSize },
                cancellationToken)];
            await transaction.CommitAsync(cancellationToken);
        }

        // A first miss older than twice the lost period belongs to an execution that has since ended or changed (it would
        // have been failed otherwise): forget it, so the memory holds only current suspects.
        var forgetBefore = lostSince - (clock.GetUtcNow() - lostSince);
        foreach (var (id, since) in _missingSince)
        {
            if (since < forgetBefore)
            {
                _missingSince.TryRemove(id, out _);
            }
        }

        var ended = 0;
        foreach (var (id, organization) in suspects)
        {
            var instance = await client.GetInstanceAsync(id.ToString(), getInputsAndOutputs: true, cancellationToken);
            if (instance is not null)
            {
                _missingSince.TryRemove(id, out _);
            }
            else if (_missingSince.GetOrAdd(id, clock.GetUtcNow()) >= lostSince)
            {
                continue;
            }

            if (Verdict(instance) is not ({ } status, var error, { } why))
            {
                continue;
            }

            _missingSince.TryRemove(id, out _);
            if (await finish.RunAsync(new FinishExecutionInput(id, organization, status, error), cancellationToken))
            {
                Log.WatchdogEnded(logger, id, status.Text(), why);
                ended++;
            }
        }

        return ended;
    }

    /// <summary>How an execution must end given its orchestration's state (status, error, why); null while the orchestration still runs.</summary>
    static (ExecutionStatus Status, string? Error, string Why)? Verdict(OrchestrationMetadata? instance)
    {
        return instance switch
        {
            null => Fail("Its orchestration no longer exists in the task hub (it was lost or purged), so it cannot continue."),
            { RuntimeStatus: OrchestrationRuntimeStatus.Failed } => Fail($"Its orchestration failed: {instance.FailureDetails?.ErrorMessage ?? "no reason given"}"),
            { RuntimeStatus: OrchestrationRuntimeStatus.Terminated } => Fail($"Its orchestration was terminated: {Text(instance.SerializedOutput) ?? "no reason given"}"),
            { RuntimeStatus: OrchestrationRuntimeStatus.Completed } => Completed(instance),
            _ => null,
        };
    }

    static (ExecutionStatus, string?, string) Fail(string reason) => (ExecutionStatus.Failed, reason, reason);

    /// <summary>A termination's reason as it was given (it is stored as JSON).</summary>
    static string? Text(string? serialized)
    {
        try
        {
            return serialized is null ? null : JsonSerializer.Deserialize<string>(serialized);
        }
        catch (JsonException)
        {
            return serialized;
        }
    }

    /// <summary>An orchestration that completed without its execution's end being recorded: the end it returned.</summary>
    static (ExecutionStatus, string?, string) Completed(OrchestrationMetadata instance)
    {
        var summary = instance.SerializedOutput is { } output ? JsonSerializer.Deserialize<ExecutionSummary>(output) : null;
        var status = summary?.Status is { } text && ExecutionStatuses.AllText.Contains(text) ? ExecutionStatuses.Parse(text) : (ExecutionStatus?)null;
        return status switch
        {
            ExecutionStatus.Completed => (ExecutionStatus.Completed, null, "its orchestration completed, but the end was not recorded"),
            ExecutionStatus.Failed => Fail(summary!.Error ?? "failed"),
            _ => Fail($"Its orchestration ended ({summary?.Status ?? "without a result"}) but the execution did not: {summary?.Error}"),
        };
    }
}
