using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Workflows;

namespace Fixlify.Engine;

/// <summary>
/// "Compare with live": the period's real events of the trigger replayed through the live version and through the draft
/// with the backtest's machinery (<see cref="WorkflowBacktest.ReplayAsync"/>), in one read-only transaction — nothing is
/// sent or written — and the difference per outcome, per channel (with those held by quiet hours) and per client, in
/// sentences ("41 fewer texts, 2 of them in quiet hours"; "6 clients would now get an email instead of a text"), with
/// samples of executions that would go differently. The backtest's limits hold (92 days, 10,000 events).
/// </summary>
internal sealed class LiveComparison(TenantDatabase database, WorkflowPlans plans, WorkflowBacktest backtest)
{
    /// <summary>How many executions that would go differently the answer shows side by side.</summary>
    public const int SampleCount = 10;

    static readonly string[] Channels = [MessageChannel.Email.Name(), MessageChannel.Sms.Name(), MessageChannel.Push.Name(), "webhook"];

    /// <summary>Throws <see cref="InvalidWorkflowException"/> when either version does not compile.</summary>
    public async Task<BacktestResult> RunAsync(
        Guid organizationId, WorkflowRecord live, WorkflowRecord draft, DateTimeOffset from, DateTimeOffset to, IProgress<BacktestProgress>? progress,
        CancellationToken cancellationToken)
    {
        var livePlan = plans.Compile(live);
        var draftPlan = plans.Compile(draft);
        var liveFigures = new BacktestFigures();
        var draftFigures = new BacktestFigures();
        var liveSends = new Sends();
        var draftSends = new Sends();
        var clients = new Dictionary<Guid, (Dictionary<string, int> Live, Dictionary<string, int> Draft)>();
        var differing = new List<JsonObject>();
        await using (var transaction = await database.BeginReadOnlyAsync(organizationId, cancellationToken))
        {
            var events = await WorkflowBacktest.EventsAsync(transaction, organizationId, draft, from, to, cancellationToken);
            if (live.TriggerType != draft.TriggerType)
            {
                var known = events.Select(e => e.Id).ToHashSet();
                events.AddRange((await WorkflowBacktest.EventsAsync(transaction, organizationId, live, from, to, cancellationToken)).Where(e => !known.Contains(e.Id)));
                events.Sort((a, b) => a.OccurredAt.CompareTo(b.OccurredAt));
            }

            if (events.Count > WorkflowBacktest.MaxEvents)
            {
                return new BacktestResult(null, [new FieldError("to",
                    $"The period holds more than {WorkflowBacktest.MaxEvents:N0} {draft.TriggerType} events; a comparison replays at most {WorkflowBacktest.MaxEvents:N0}: shorten the period.")]);
            }

            liveFigures.Events = draftFigures.Events = events.Count;
            progress?.Report(new BacktestProgress(0, events.Count));
            for (var replayed = 0; replayed < events.Count; replayed++)
            {
                if (replayed > 0)
                {
                    progress?.Report(new BacktestProgress(replayed, events.Count));
                }

                var happened = events[replayed];
                var before = happened.EventType == live.TriggerType
                    ? await backtest.ReplayAsync(transaction, organizationId, live, livePlan, happened, cancellationToken)
                    : new WorkflowBacktest.Replay(EventAdmission.FilteredOut, null);
                var after = happened.EventType == draft.TriggerType
                    ? await backtest.ReplayAsync(transaction, organizationId, draft, draftPlan, happened, cancellationToken)
                    : new WorkflowBacktest.Replay(EventAdmission.FilteredOut, null);
                liveFigures.Admit(before.Admission);
                draftFigures.Admit(after.Admission);
                var liveChannels = Tally(before.Walk, liveFigures, liveSends);
                var draftChannels = Tally(after.Walk, draftFigures, draftSends);
                if ((before.Walk?.ClientId ?? after.Walk?.ClientId) is { } client)
                {
                    var seen = clients.TryGetValue(client, out var found) ? found : (new Dictionary<string, int>(StringComparer.Ordinal), new Dictionary<string, int>(StringComparer.Ordinal));
                    Add(seen.Item1, liveChannels);
                    Add(seen.Item2, draftChannels);
                    clients[client] = seen;
                }

                if (!liveChannels.SequenceEqual(draftChannels) || OutcomeOf(before.Walk) != OutcomeOf(after.Walk))
                {
                    differing.Add(new JsonObject
                    {
                        ["eventId"] = happened.Id.ToString(),
                        ["occurredAt"] = happened.OccurredAt,
                        ["records"] = (before.Walk?.Records ?? after.Walk?.Records)?.DeepClone(),
                        ["live"] = Side(before.Walk),
                        ["draft"] = Side(after.Walk),
                    });
                }
            }
        }

        if (liveFigures.Events > 0)
        {
            progress?.Report(new BacktestProgress(liveFigures.Events, liveFigures.Events));
        }

        var liveJson = liveFigures.ToJson();
        var draftJson = draftFigures.ToJson();
        var clientChanges = ClientChanges(clients);
        return new BacktestResult(new JsonObject
        {
            ["workflowId"] = live.Id.ToString(),
            ["liveVersion"] = live.Version,
            ["triggerType"] = draft.TriggerType,
            ["from"] = from,
            ["to"] = to,
            ["events"] = liveFigures.Events,
            ["live"] = Figures(liveJson, liveSends),
            ["draft"] = Figures(draftJson, draftSends),
            ["difference"] = new JsonObject
            {
                ["executions"] = Number(draftJson["executions"]) - Number(liveJson["executions"]),
                ["outcomes"] = Minus(draftJson["outcomes"]!.AsObject(), liveJson["outcomes"]!.AsObject()),
                ["messages"] = Minus(draftJson["messages"]!.AsObject(), liveJson["messages"]!.AsObject()),
                ["inQuietHours"] = Minus(draftSends.QuietJson(), liveSends.QuietJson()),
                ["suppressed"] = Number(draftJson["suppressed"]!["total"]) - Number(liveJson["suppressed"]!["total"]),
            },
            ["sentences"] = new JsonArray([.. Sentences(liveJson, draftJson, liveSends, draftSends).Concat(clientChanges.Sentences).Select(s => (JsonNode)JsonValue.Create(s))]),
            ["clients"] = new JsonObject { ["compared"] = clients.Count, ["changed"] = clientChanges.Changed },
            ["samples"] = new JsonArray([.. WorkflowBacktest.Spread(differing, SampleCount)]),
            ["notes"] = new JsonArray(
                "Both versions are replayed on the same events, with the records as they are now; nothing is sent or written.",
                "Waits time out: no reply and no event is simulated."),
        }, []);
    }

    /// <summary>Messages that would go out per channel, and those of them held by quiet hours.</summary>
    sealed class Sends
    {
        public Dictionary<string, int> Quiet { get; } = Channels.ToDictionary(c => c, _ => 0, StringComparer.Ordinal);

        public JsonObject QuietJson() => new([.. Quiet.Select(q => KeyValuePair.Create(q.Key, (JsonNode?)q.Value))]);
    }

    /// <summary>Adds a walk to its side's figures; the channels it would send on, sorted (one entry per message).</summary>
    static List<string> Tally(WorkflowBacktest.ReplayedWalk? walk, BacktestFigures figures, Sends sends)
    {
        var channels = new List<string>();
        if (walk is null)
        {
            return channels;
        }

        figures.Add(walk.Outcome, walk.Steps);
        foreach (var step in walk.Steps.OfType<JsonObject>())
        {
            if (step["status"]?.ToString() == SimulatedWorkflowEffects.WouldRun && BacktestFigures.Channel(step) is { } channel)
            {
                channels.Add(channel);
                if (step["deferred"] is JsonArray { Count: > 0 })
                {
                    sends.Quiet[channel]++;
                }
            }
        }

        channels.Sort(StringComparer.Ordinal);
        return channels;
    }

    static void Add(Dictionary<string, int> counts, List<string> channels)
    {
        foreach (var channel in channels)
        {
            counts[channel] = counts.GetValueOrDefault(channel) + 1;
        }
    }

    static string OutcomeOf(WorkflowBacktest.ReplayedWalk? walk) => walk is null ? "not_started" : WorkflowDryRun.Outcome(walk.Outcome);

    static JsonObject Side(WorkflowBacktest.ReplayedWalk? walk) => walk is null
        ? new JsonObject { ["outcome"] = "not_started", ["error"] = null, ["steps"] = new JsonArray() }
        : new JsonObject { ["outcome"] = WorkflowDryRun.Outcome(walk.Outcome), ["error"] = WorkflowDryRun.Error(walk.Outcome), ["steps"] = walk.Steps.DeepClone() };

    static JsonObject Figures(JsonObject figures, Sends sends)
    {
        figures["inQuietHours"] = sends.QuietJson();
        return figures;
    }

    static int Number(JsonNode? node) => node is JsonValue value && value.TryGetValue<int>(out var number) ? number : 0;

    static JsonObject Minus(JsonObject after, JsonObject before) =>
        new([.. after.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)(Number(p.Value) - Number(before[p.Key]))))]);

    /// <summary>Per channel: "41 fewer texts, 2 of them in quiet hours"; per outcome: "3 more executions would fail".</summary>
    static IEnumerable<string> Sentences(JsonObject live, JsonObject draft, Sends liveSends, Sends draftSends)
    {
        foreach (var channel in Channels)
        {
            var delta = Number(draft["messages"]![channel]) - Number(live["messages"]![channel]);
            var quiet = draftSends.Quiet[channel] - liveSends.Quiet[channel];
            if (delta != 0)
            {
                var sentence = $"{Math.Abs(delta)} {(delta < 0 ? "fewer" : "more")} {Noun(channel, Math.Abs(delta))}";
                yield return quiet != 0 && Math.Sign(quiet) == Math.Sign(delta) ? $"{sentence}, {Math.Abs(quiet)} of them in quiet hours" : sentence;
            }
            else if (quiet != 0)
            {
                yield return $"{Math.Abs(quiet)} {(quiet < 0 ? "fewer" : "more")} {Noun(channel, Math.Abs(quiet))} held until quiet hours end";
            }
        }

        foreach (var (key, words) in new[] { ("wouldFail", "would fail"), ("wouldStop", "would stop early (their stop rule held)") })
        {
            var delta = Number(draft["outcomes"]![key]) - Number(live["outcomes"]![key]);
            if (delta != 0)
            {
                yield return $"{Math.Abs(delta)} {(delta < 0 ? "fewer" : "more")} {(Math.Abs(delta) == 1 ? "execution" : "executions")} {words}";
            }
        }

        var started = Number(draft["executions"]) - Number(live["executions"]);
        if (started != 0)
        {
            yield return $"{Math.Abs(started)} {(started < 0 ? "fewer" : "more")} {(Math.Abs(started) == 1 ? "execution" : "executions")} would start";
        }
    }

    /// <summary>Clients who would get other messages, grouped: "6 clients would now get an email instead of a text".</summary>
    static (int Changed, List<string> Sentences) ClientChanges(Dictionary<Guid, (Dictionary<string, int> Live, Dictionary<string, int> Draft)> clients)
    {
        var groups = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (liveCounts, draftCounts) in clients.Values)
        {
            var before = liveCounts.Keys.Order(StringComparer.Ordinal).ToList();
            var after = draftCounts.Keys.Order(StringComparer.Ordinal).ToList();
            if (before.SequenceEqual(after))
            {
                continue;
            }

            var change = (before.Count, after.Count) switch
            {
                (0, _) => $"now get {Kinds(after)}",
                (_, 0) => $"no longer get {Kinds(before)}",
                _ => $"now get {Kinds(after)} instead of {Kinds(before)}",
            };
            groups[change] = groups.GetValueOrDefault(change) + 1;
        }

        return (groups.Values.Sum(), [.. groups.OrderByDescending(g => g.Value).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{PlainText.Count(g.Value, "client")} would {g.Key}")]);
    }

    static string Kinds(List<string> channels) => PlainText.List(channels.Select(c => c switch
    {
        "sms" => "a text",
        "email" => "an email",
        "push" => "a push notification",
        _ => "a webhook call",
    }), "and");

    static string Noun(string channel, int count) => (channel, count == 1) switch
    {
        ("sms", true) => "text",
        ("sms", false) => "texts",
        ("email", true) => "email",
        ("email", false) => "emails",
        ("push", true) => "push notification",
        ("push", false) => "push notifications",
        (_, true) => "webhook call",
        _ => "webhook calls",
    };
}
