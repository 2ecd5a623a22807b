using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Workflows;

namespace Fixlify.Engine;

/// <summary>
/// The walker's effects in a dry run: a clock that starts now and jumps over every wait, each action's handler asked for
/// a preview (what it would send, to whom, and whether it would go now) instead of running, guards evaluated on the
/// records read again as a run does — nothing sent or written — and every step written into the report.
/// </summary>
internal sealed class SimulatedWorkflowEffects(
    ActionHandlers handlers, ExecuteAction actions, Guid organizationId, Guid executionId, DateTimeOffset start, DryRunSimulation? simulation = null)
    : IWorkflowEffects
{
    public const string WouldRun = PreviewStatuses.WouldRunText;

    /// <summary>Steps by key, in the order they started.</summary>
    readonly Dictionary<string, JsonObject> _entries = new(StringComparer.Ordinal);

    /// <summary>Context paths a dry run cannot know (an API's answer) → the step whose answer it would be.</summary>
    readonly Dictionary<string, string> _unknown = new(StringComparer.Ordinal);

    readonly DryRunSimulation _simulation = simulation ?? DryRunSimulation.None;
    readonly HashSet<string> _movesTaken = new(StringComparer.Ordinal);

    /// <summary>The simulated reply that opted the client's number out, if one did: texts after it are suppressed.</summary>
    string? _optedOutBy;

    public DateTime Now { get; private set; } = start.UtcDateTime;

    public bool Explains => true;

    public TimeSpan MovedWaitGrace => MovedWaitOptions.DefaultGrace;

    /// <summary>The report's steps, in the order they started.</summary>
    public JsonArray Entries => new([.. _entries.Values.Select(e => (JsonNode)e.DeepClone())]);

    public void Record(PlanStep planStep, StepRecord record, JsonObject? explanation = null)
    {
        var step = planStep;
        var entry = Entry(step, record.StepKey, record.StartedAt);
        switch (step)
        {
            case ConditionStep condition:
                Reads(entry, PlanReads.Of(condition.When));
                entry["branch"] = record.Output?["branch"]?.DeepClone();
                entry["condition"] = explanation;
                break;
            case DelayStep delay:
                Reads(entry, delay.Until is { } until ? [until] : delay.At is not null ? ["organization.time_zone"] : []);
                if (record.Output?["until"] is { } end)
                {
                    entry["until"] = end.DeepClone();
                    entry["waits"] = end.GetValue<DateTime>() > entry["at"]!.GetValue<DateTime>();
                }

                // A record's date that moved while it waited (simulated "moves"): why, how often, late within the grace.
                foreach (var moved in new[] { "movedBecause", "moves", "late" })
                {
                    if (record.Output?[moved] is { } value)
                    {
                        entry[moved] = value.DeepClone();
                    }
                }

                if (record.Status == StepStatus.Skipped)
                {
                    entry["status"] = PreviewStatus.Skipped.Text();
                    entry["reason"] = record.Output?["reason"]?.DeepClone();
                }

                break;
            case LoopStep loop:
                Reads(entry, loop.Over is { } over ? [over] : []);
                foreach (var (name, value) in record.Output as JsonObject ?? [])
                {
                    entry[name] = value?.DeepClone();
                }

                if (record.Warning is { } warning)
                {
                    entry["warning"] = warning;
                }

                break;
            case WaitForReplyStep or WaitForEventStep when record.Status == StepStatus.Completed:
                Reads(entry, step is WaitForEventStep awaited ? [$"{awaited.Record}.id"] : []);
                entry["timeoutAt"] ??= record.Output?["timeoutAt"]?.DeepClone();
                entry["output"] = record.Output?.DeepClone();
                break;
        }

        if (record.Status == StepStatus.Failed)
        {
            WouldFail(entry, record.Error ?? "failed", step is ActionStep { ContinueOnError: true });
        }
    }

    public Task WaitUntilAsync(DateTime until, bool visible)
    {
        MoveTo(until);
        return Task.CompletedTask;
    }

    /// <summary>
    /// A wait on the simulated clock: the caller's simulated reply or event, when it comes before the timeout, ends it then;
    /// otherwise the clock moves to the timeout. A reply to a message that would not go by SMS cannot come.
    /// </summary>
    /// <summary>A dry run sends nothing, so no provider holds it: never asked.</summary>
    public Task<HoldEnd> HoldAsync(ActionCall action, ActionHeld held) => Task.FromResult(HoldEnd.Go);

    public Task<WaitEnd> WaitAsync(WaitCall wait)
    {
        var entry = Entry(wait.Step, wait.Key, wait.StartedAt);
        entry["timeout"] = IsoDuration.Format(wait.Deadline - wait.StartedAt);
        entry["timeoutAt"] = DateTime.SpecifyKind(wait.Deadline, DateTimeKind.Utc);
        WaitEnd end;
        switch (wait.Target)
        {
            case ReplyTarget text when PreviewChannel(text.TextKey) is { } channel && channel != MessageChannel.Sms.Name():
                return Task.FromResult(new WaitEnd(null, $"the message would go by {channel}, so no reply to it can come"));
            case ReplyTarget when _simulation.Replies.TryGetValue(wait.Step.Id, out var reply) && reply.After < wait.Deadline - wait.StartedAt:
                MoveTo(wait.StartedAt + reply.After);
                end = new WaitEnd(new WaitSignal(Now, reply.Text, reply.Keyword, reply.OptedOut));
                entry["simulated"] = true;
                if (reply.OptedOut)
                {
                    _optedOutBy = reply.Keyword;
                }

                break;
            case AnchorTarget when _simulation.MovesByStep.TryGetValue(wait.Step.Id, out var move) && _movesTaken.Add(wait.Step.Id)
                                   && move.After < wait.Deadline - wait.StartedAt:
                // The record's date moves while the delay waits (a job rescheduled): told as a run is, the wait follows it once.
                MoveTo(wait.StartedAt + move.After);
                end = new WaitEnd(new WaitSignal(Now, Moved: true, MovedTo: move.To));
                entry["simulated"] = true;
                break;
            case AnchorTarget:
                // A delay that follows a record's date: the date as read now, so the moment comes (a run moves it if the date moves).
                MoveTo(wait.Deadline);
                return Task.FromResult(WaitEnd.TimedOut);
            case EventTarget awaited when wait.InStateAtStart:
                // The record is already where its event would put it (an invoice already paid): the run's wait ends at once.
                end = new WaitEnd(new WaitSignal(Now, EventType: awaited.EventType));
                Note(entry, $"the {awaited.EntityType} is already in the state {awaited.EventType} puts it in, so the wait ends at once");
                break;
            case EventTarget awaited when _simulation.Events.TryGetValue(wait.Step.Id, out var after) && after < wait.Deadline - wait.StartedAt:
                MoveTo(wait.StartedAt + after);
                end = new WaitEnd(new WaitSignal(Now, EventType: awaited.EventType));
                entry["simulated"] = true;
                break;
            default:
                MoveTo(wait.Deadline);
                end = WaitEnd.TimedOut;
                Note(entry, wait.Target is ReplyTarget
                    ? "no reply was simulated before the timeout (give one in the request's replies)"
                    : "no event was simulated before the timeout (give one in the request's events)");
                break;
        }

        return Task.FromResult(end);
    }

    /// <summary>The channel the step's preview would send on (send_message picks one).</summary>
    string? PreviewChannel(string key) =>
        _entries.TryGetValue(key, out var entry) ? entry["preview"]?["channel"]?.ToString() : null;

    void MoveTo(DateTime at)
    {
        if (at > Now)
        {
            Now = DateTime.SpecifyKind(at, DateTimeKind.Utc);
        }
    }

    public async Task<ActionResult> RunActionAsync(ActionCall action)
    {
        var call = action;
        var step = call.Step;
        var entry = Entry(step, call.Key, call.StartedAt);
        Reads(entry, [.. PlanReads.TemplatePaths(step.Config), .. step.OnlyIf is { } reads ? PlanReads.Of(reads) : []]);
        var context = call.Context;
        if (call.StopWhen is { } exit)
        {
            // As a run does: the exit conditions on the records read again just before the step.
            context = await actions.RefreshAsync(organizationId, context, CancellationToken.None);
            if (ExecuteAction.StopReason(exit, context) is { } stopped)
            {
                entry["status"] = "would_stop";
                entry["reason"] = stopped;
                return new ActionStopped(stopped);
            }
        }

        if (step.OnlyIf is { } guard)
        {
            // As a run does: on the records read again just before the step.
            context = await actions.RefreshAsync(organizationId, context, CancellationToken.None);
            entry["onlyIf"] = ConditionEvaluator.Explain(guard, context);
            if (!ConditionEvaluator.Evaluate(guard, context))
            {
                var reason = ExecuteAction.OnlyIfNotMet(guard);
                entry["status"] = PreviewStatus.Skipped.Text();
                entry["reason"] = reason;
                entry["why"] = $"Skipped: {ConditionEvaluator.WhyNot(guard, context)}";
                return new ActionDone(StepStatus.Skipped, new JsonObject { ["reason"] = reason }, reason, null);
            }
        }

        ActionPreview preview;
        try
        {
            var request = new ActionRequest(executionId, organizationId, call.Key, step.ActionType, step.Config, context, call.Attempt, call.ChainDepth);
            preview = await handlers.Get(step.ActionType).PreviewAsync(request, new DateTimeOffset(Now, TimeSpan.Zero), CancellationToken.None);
        }
        catch (PermanentActionException e)
        {
            WouldFail(entry, e.Message, step.ContinueOnError);
            return new ActionFailed(e.Message, Permanent: true);
        }

        if (preview.Status == PreviewStatus.Deferred)
        {
            if (preview.NotBefore is not { } notBefore)
            {
                var reason = $"put off without a time to try again: {preview.Reason}";
                WouldFail(entry, reason, step.ContinueOnError);
                return new ActionFailed(reason, Permanent: true);
            }

            // Not now (quiet hours): the run waits and asks again, so the simulated clock moves on.
            var deferred = entry["deferred"] as JsonArray ?? (JsonArray)(entry["deferred"] = new JsonArray());
            deferred.Add(new JsonObject
            {
                ["from"] = Now, ["until"] = notBefore.UtcDateTime, ["reason"] = preview.Reason, ["why"] = HeldUntil(notBefore, preview.Reason, context),
            });
            return new ActionDeferred(notBefore.UtcDateTime, preview.Reason ?? "put off", preview.Output?.DeepClone());
        }

        if (_optedOutBy is { } keyword && preview.Status == PreviewStatus.WouldRun && step.ActionType == "send_sms")
        {
            // The simulated reply put the number on the suppression list, as a real one would.
            preview = preview with { Status = PreviewStatus.Suppressed, Reason = $"the simulated reply {keyword} opted the number out" };
        }

        entry["at"] = Now;
        entry["status"] = preview.Status.Text();
        if (preview.Status != PreviewStatus.WouldRun)
        {
            entry["reason"] = preview.Reason;
        }

        if (preview.Status != PreviewStatus.WouldRun)
        {
            entry["why"] = $"{(preview.Status == PreviewStatus.Suppressed ? "Not sent" : "Skipped")}: {PlainReason(preview.Reason)}";
        }

        entry["preview"] = preview.Rendered;
        if (preview.OutputUnknown)
        {
            entry["outputUnknown"] = true;
            Note(entry, preview.Note ?? "its output is unknown to a dry run");
            _unknown[$"steps.{step.Id}"] = call.Key;
            if (preview.SaveAs is { } name)
            {
                _unknown[name] = call.Key;
            }
        }

        var status = preview.Status switch
        {
            PreviewStatus.Suppressed => StepStatus.Suppressed,
            PreviewStatus.Skipped => StepStatus.Skipped,
            _ => StepStatus.Completed,
        };
        return new ActionDone(status, preview.Output?.DeepClone(), preview.Reason, preview.SaveAs);
    }

    /// <summary>"Held until Thursday 8:00 AM EST: quiet hours" — the time in the client's zone, else the organization's.</summary>
    static string HeldUntil(DateTimeOffset until, string? reason, JsonObject context)
    {
        var zoneId = TemplateRenderer.KnownZone(context["client"]?["time_zone"]?.ToString(), context["organization"]?["time_zone"]?.ToString()) ?? "UTC";
        var zone = NodaTime.DateTimeZoneProviders.Tzdb[zoneId];
        var local = NodaTime.Instant.FromDateTimeOffset(until).InZone(zone);
        var when = local.ToDateTimeUnspecified().ToString("dddd h:mm tt", System.Globalization.CultureInfo.InvariantCulture);
        var cause = reason?.Contains("quiet hours", StringComparison.OrdinalIgnoreCase) == true ? "quiet hours" : PlainReason(reason);
        return $"Held until {when} {zone.GetZoneInterval(local.ToInstant()).Name}: {cause}";
    }

    /// <summary>A handler's reason after "Skipped:" or "Not sent:" (numbers stay masked as the handler wrote them).</summary>
    static string PlainReason(string? reason) => string.IsNullOrWhiteSpace(reason) ? "no reason given" : reason.TrimEnd('.');

    JsonObject Entry(PlanStep step, string key, DateTime startedAt)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            return entry;
        }

        entry = new JsonObject
        {
            ["stepKey"] = key,
            ["stepId"] = step.Id,
            ["type"] = step.Type,
            ["label"] = step.Label,
            ["status"] = WouldRun,
            ["at"] = DateTime.SpecifyKind(startedAt, DateTimeKind.Utc),
        };
        _entries[key] = entry;
        return entry;
    }

    static void WouldFail(JsonObject entry, string error, bool continueOnError)
    {
        entry["status"] = "would_fail";
        entry["error"] = error;
        if (continueOnError)
        {
            entry["continueOnError"] = true;
        }
    }

    /// <summary>Flags a step that reads what a dry run cannot know: what it shows may differ in a real run.</summary>
    void Reads(JsonObject entry, IEnumerable<string> paths)
    {
        var unknown = paths
            .SelectMany(path => _unknown.Keys.Where(root =>
                path == root || path.StartsWith(root + ".", StringComparison.Ordinal) || path.StartsWith(root + "[", StringComparison.Ordinal)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (unknown.Count == 0 || entry.ContainsKey("readsUnknown"))
        {
            return;
        }

        entry["readsUnknown"] = new JsonArray([.. unknown.Select(u => (JsonNode?)u)]);
        var sources = string.Join(", ", unknown.Select(u => _unknown[u]).Distinct(StringComparer.Ordinal).Select(s => $"'{s}'"));
        Note(entry, $"reads {string.Join(", ", unknown)}: the answer of step {sources}, which a dry run does not call; it is empty here, so a real run may differ");
    }

    static void Note(JsonObject entry, string note)
    {
        if (entry["notes"] is JsonArray notes)
        {
            notes.Add(note);
        }
        else
        {
            entry["notes"] = new JsonArray(note);
        }
    }
}
