using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Engine;
using Microsoft.DurableTask.Client;

namespace Fixlify.Application;

/// <summary>
/// Bulk retry and bulk cancel (issue 25): the executions the list's filters and a cause select — failed ones to retry,
/// waiting (or paused) ones to cancel — first looked at (how many, by cause and automation, and for a retry what the dry
/// run of each says would happen, summarised in words), then done one by one with the single retry's and the single
/// cancel's own use cases, the progress reported on the organization's live stream.
/// </summary>
internal sealed partial class BulkExecutions(
    TenantDatabase database, RetryExecution retry, CancelExecution cancel, WorkflowDryRun dryRun, ExecutionUpdateNotifier updates, TimeProvider clock)
{
    /// <summary>How many of a retry's executions the look first dry-runs (the rest are counted, not tried).</summary>
    public const int MaxDryRuns = 200;

    /// <summary>What to do to the selected executions.</summary>
    internal enum BulkAction
    {
        Retry,
        Cancel,
    }

    /// <summary>What a bulk action answers.</summary>
    internal abstract record Result
    {
        /// <summary>A look before doing: how many, grouped, and in words.</summary>
        internal sealed record Preview(BulkAction Action, int Count, IReadOnlyList<(string Cause, int Count)> ByCause, IReadOnlyList<(string Workflow, int Count)> ByWorkflow, string Summary) : Result;

        /// <summary>Done: <see cref="Done"/> of <see cref="Count"/>; the others (<see cref="Skipped"/>) with the reason in words.</summary>
        internal sealed record Outcome(BulkAction Action, Guid BulkId, int Count, int Done, IReadOnlyList<(Guid ExecutionId, string Reason)> Skipped) : Result;

        /// <summary>The selection holds more than <see cref="ExecutionSelections.MaxSelected"/>: to be narrowed.</summary>
        internal sealed record TooMany(BulkAction Action) : Result;
    }

    static IReadOnlyList<string> Statuses(BulkAction action) =>
        action == BulkAction.Retry ? [ExecutionStatus.Failed.Text()] : [ExecutionStatus.Waiting.Text(), ExecutionStatus.Paused.Text(), ExecutionStatus.Pending.Text()];

    public async Task<Result> PreviewAsync(Guid organizationId, BulkAction action, ExecutionSelections.Selection selection, CancellationToken cancellationToken)
    {
        var selected = await SelectAsync(organizationId, action, selection, cancellationToken);
        if (selected.Count > ExecutionSelections.MaxSelected)
        {
            return new Result.TooMany(action);
        }

        var byCause = selected.GroupBy(s => Cause(s.ErrorMessage)).Select(g => (g.Key, g.Count())).OrderByDescending(g => g.Item2).ToList();
        var byWorkflow = selected.GroupBy(s => s.WorkflowName ?? "a deleted automation").Select(g => (g.Key, g.Count())).OrderByDescending(g => g.Item2).ToList();
        var noun = action == BulkAction.Retry ? "failed run" : "waiting run";
        var summary = selected.Count == 0
            ? $"No {noun}s match."
            : action == BulkAction.Retry
                ? $"{Count(selected.Count, noun)} would run again, each as a new run of the same event. {await WouldDoAsync(organizationId, selected, cancellationToken)}"
                : $"{Count(selected.Count, noun)} would be cancelled: nothing more is sent for them.";
        return new Result.Preview(action, selected.Count, byCause, byWorkflow, summary);
    }

    /// <param name="by">Who does it: written in a cancelled execution's error and in the audit trail.</param>
    public async Task<Result> RunAsync(
        Guid organizationId, BulkAction action, ExecutionSelections.Selection selection, Actor by, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var selected = await SelectAsync(organizationId, action, selection, cancellationToken);
        if (selected.Count > ExecutionSelections.MaxSelected)
        {
            return new Result.TooMany(action);
        }

        var bulkId = UUIDNext.Uuid.NewSequential();
        var skipped = new List<(Guid, string)>();
        var done = 0;
        var reported = DateTimeOffset.MinValue;
        for (var i = 0; i < selected.Count; i++)
        {
            var execution = selected[i];
            if (action == BulkAction.Retry)
            {
                switch (await retry.ExecuteAsync(organizationId, execution.Id, by, client, cancellationToken))
                {
                    case RetryExecution.Result.Started:
                        done++;
                        break;
                    case RetryExecution.Result.WorkflowInactive inactive:
                        skipped.Add((execution.Id, $"“{inactive.Name}” is switched off."));
                        break;
                    case RetryExecution.Result.CannotRun cannot:
                        skipped.Add((execution.Id, $"“{cannot.Name}” cannot run as saved: {cannot.Reason}"));
                        break;
                    case RetryExecution.Result.WorkflowDeleted:
                        skipped.Add((execution.Id, "Its automation was deleted."));
                        break;
                    default:
                        skipped.Add((execution.Id, "It is no longer failed."));
                        break;
                }
            }
            else
            {
                switch (await cancel.ExecuteAsync(organizationId, execution.Id, by, client, cancellationToken))
                {
                    case CancelExecution.Result.Cancelled:
                        done++;
                        break;
                    default:
                        skipped.Add((execution.Id, "It had already ended."));
                        break;
                }
            }

            var now = clock.GetUtcNow();
            if (i == 0 || i == selected.Count - 1 || now - reported >= TimeSpan.FromMilliseconds(250))
            {
                reported = now;
                updates.Progress(organizationId, bulkId, new JsonObject
                {
                    ["bulkId"] = bulkId.ToString(), ["action"] = action == BulkAction.Retry ? "retry" : "cancel", ["processed"] = i + 1, ["total"] = selected.Count,
                });
            }
        }

        return new Result.Outcome(action, bulkId, selected.Count, done, skipped);
    }

    async Task<IReadOnlyList<ExecutionSelections.Selected>> SelectAsync(
        Guid organizationId, BulkAction action, ExecutionSelections.Selection selection, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginReadOnlyAsync(organizationId, cancellationToken);
        return await ExecutionSelections.SelectAsync(transaction, Statuses(action), selection, cancellationToken);
    }

    /// <summary>What the dry run of each (up to <see cref="MaxDryRuns"/>) says a retry would do, summarised in words.</summary>
    async Task<string> WouldDoAsync(Guid organizationId, IReadOnlyList<ExecutionSelections.Selected> selected, CancellationToken cancellationToken)
    {
        var complete = 0;
        var fail = 0;
        var stop = 0;
        var messages = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var tried = selected.Take(MaxDryRuns).ToList();
        foreach (var one in tried)
        {
            ExecutionRecord? execution;
            WorkflowRecord? workflow = null;
            await using (var read = await database.BeginReadOnlyAsync(organizationId, cancellationToken))
            {
                execution = await ExecutionLogRepository.GetAsync(read, one.Id, cancellationToken);
                if (execution?.WorkflowId is { } workflowId)
                {
                    workflow = await WorkflowRepository.GetAsync(read, workflowId, cancellationToken);
                }
            }

            if (execution is null || workflow is null)
            {
                fail++;
                continue;
            }

            DryRunResult result;
            try
            {
                result = await dryRun.RunAsync(organizationId, workflow, (JsonObject)execution.TriggerData.DeepClone(), null, cancellationToken);
            }
            catch (InvalidWorkflowException)
            {
                fail++;
                continue;
            }

            switch (result.Report?["outcome"]?.ToString())
            {
                case "would_complete":
                    complete++;
                    break;
                case "would_stop":
                    stop++;
                    break;
                default:
                    fail++;
                    break;
            }

            foreach (var step in (result.Report?["steps"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (step["status"]?.ToString() == WorkflowDryRun.WouldRun && MessageKind(step["type"]?.ToString()) is { } kind)
                {
                    messages[kind] = messages.GetValueOrDefault(kind) + 1;
                }
            }
        }

        var sends = messages.Count == 0 ? "sending no messages" : "sending " + string.Join(", ", messages.Select(m => Count(m.Value, m.Key)));
        var looked = tried.Count < selected.Count ? $"Of the first {tried.Count} tried now: " : "Tried now: ";
        return $"{looked}{complete} would complete, {sends}; {fail} would fail; {stop} would stop by themselves.";
    }

    static string? MessageKind(string? actionType) => actionType switch
    {
        "send_email" => "email",
        "send_sms" => "text",
        "send_push_notification" => "app notification",
        "send_message" => "message",
        "webhook" => "webhook call",
        _ => null,
    };

    /// <summary>
    /// The cause a person reads: the error without the engine's prefixes ("Step 'mail' (send_email) failed after 1
    /// attempt(s): send_email: ") and templates, its first sentence; "no error recorded" when there is none.
    /// </summary>
    static string Cause(string? error)
    {
        if (string.IsNullOrWhiteSpace(error))
        {
            return "no error recorded";
        }

        var words = EnginePrefix().Replace(error, "");
        words = ActionPrefix().Replace(words, "");
        words = Template().Replace(words, "");
        words = words.Split(". ", 2)[0].TrimEnd('.').Trim();
        words = words.Length > 160 ? words[..160] + "…" : words;
        return words.Length == 0 ? "no error recorded" : char.ToUpperInvariant(words[0]) + words[1..];
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^Step '[^']*' \([^)]*\) (failed after \d+ attempt\(s\)|was put off \d+ times): ")]
    private static partial System.Text.RegularExpressions.Regex EnginePrefix();

    [System.Text.RegularExpressions.GeneratedRegex(@"^[a-z_]+: ")]
    private static partial System.Text.RegularExpressions.Regex ActionPrefix();

    [System.Text.RegularExpressions.GeneratedRegex(@" ?\(\{\{.*?\}\}\)")]
    private static partial System.Text.RegularExpressions.Regex Template();

    static string Count(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";
}
