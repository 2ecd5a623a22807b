using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Workflows;

namespace Fixlify.Engine;

/// <summary>
/// The figures of a backtest, added up from each simulated execution's steps (the dry run's report entries): executions
/// that would have started (and the events that would not, by reason), outcomes, messages per channel, sends deferred by
/// quiet hours, suppressions by reason, failures by reason, and each text's encoding and segments (GSM 03.38).
/// </summary>
sealed class BacktestFigures
{
    /// <summary>The channels a message goes out on, as the previews name them; webhooks are counted with them.</summary>
    static readonly string[] Channels = [MessageChannel.Email.Name(), MessageChannel.Sms.Name(), MessageChannel.Push.Name(), "webhook"];

    readonly Dictionary<string, int> _messages = Channels.ToDictionary(c => c, _ => 0, StringComparer.Ordinal);
    readonly Dictionary<string, int> _suppressed = new(StringComparer.Ordinal) { ["optedOut"] = 0, ["dailyCap"] = 0, ["noAddress"] = 0, ["other"] = 0 };
    readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);
    readonly Dictionary<EventAdmission, int> _admissions = Enum.GetValues<EventAdmission>().ToDictionary(a => a, _ => 0);
    int _completed;
    int _failed;
    int _deferred;
    int _gsm7;
    int _ucs2;
    int _segments;
    int _stopped;

    public int Events { get; set; }

    /// <summary>Executions that would have started for records in the hold-out group: ended at once, nothing sent.</summary>
    public int HeldOut { get; set; }

    public void Admit(EventAdmission admission) => _admissions[admission]++;

    public void Add(WalkOutcome outcome, JsonArray steps)
    {
        if (outcome.FailedStep is not null)
        {
            _failed++;
        }
        else if (outcome.Status == ExecutionStatus.Cancelled)
        {
            // Its exit condition held (the invoice was paid): it would have stopped, nothing more sent.
            _stopped++;
        }
        else
        {
            _completed++;
        }

        foreach (var step in steps.OfType<JsonObject>())
        {
            var status = step["status"]?.ToString();
            if (step["deferred"] is JsonArray { Count: > 0 })
            {
                _deferred++;
            }

            switch (status)
            {
                case SimulatedWorkflowEffects.WouldRun when Channel(step) is { } channel:
                    _messages[channel]++;
                    if (channel == MessageChannel.Sms.Name())
                    {
                        CountText(step["preview"]!);
                    }

                    break;
                case "suppressed":
                    _suppressed[SuppressionKind(step["reason"]?.ToString())]++;
                    break;
                case "would_fail":
                    var error = step["error"]?.ToString() ?? "failed";
                    _failures[error] = _failures.GetValueOrDefault(error) + 1;
                    break;
            }
        }
    }

    public JsonObject ToJson() => new()
    {
        ["events"] = Events,
        ["executions"] = _admissions[EventAdmission.Starts],
        ["heldOut"] = HeldOut,
        ["notStarted"] = new JsonObject
        {
            ["filteredOut"] = _admissions[EventAdmission.FilteredOut],
            ["automationOrigin"] = _admissions[EventAdmission.AutomationOrigin],
            ["chainTooDeep"] = _admissions[EventAdmission.ChainTooDeep],
        },
        ["outcomes"] = new JsonObject { ["wouldComplete"] = _completed, ["wouldFail"] = _failed, ["wouldStop"] = _stopped },
        ["messages"] = new JsonObject([.. _messages.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))]),
        ["deferredByQuietHours"] = _deferred,
        ["suppressed"] = new JsonObject([.. _suppressed.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)s.Value)).Prepend(KeyValuePair.Create("total", (JsonNode?)_suppressed.Values.Sum()))]),
        ["wouldFail"] = new JsonArray([.. _failures.OrderByDescending(f => f.Value).ThenBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => (JsonNode)new JsonObject { ["reason"] = f.Key, ["count"] = f.Value })]),
        ["sms"] = new JsonObject { ["messages"] = _gsm7 + _ucs2, ["gsm7"] = _gsm7, ["ucs2"] = _ucs2, ["segments"] = _segments },
    };

    /// <summary>The channel a step that would run sends on: its preview's, or webhook; null for steps that send nothing.</summary>
    internal static string? Channel(JsonObject step)
    {
        var channel = step["type"]?.ToString() == "webhook" ? "webhook" : step["preview"]?["channel"]?.ToString();
        return channel is not null && Channels.Contains(channel) ? channel : null;
    }

    /// <summary>A text's encoding and segments, as its preview counted them (send_message nests the channel's own preview).</summary>
    void CountText(JsonNode preview)
    {
        var text = preview["message"] as JsonObject ?? preview as JsonObject;
        if (text?["encoding"]?.ToString() == "UCS-2")
        {
            _ucs2++;
        }
        else
        {
            _gsm7++;
        }

        _segments += text?["segments"] is JsonValue segments && segments.TryGetValue<int>(out var count) ? count : 0;
    }

    /// <summary>Why a message was held back, by kind: the suppression list or the client's opt-out, the daily cap, no address or subscription.</summary>
    static string SuppressionKind(string? reason) => reason switch
    {
        null => "other",
        _ when reason.Contains("opt-out list", StringComparison.Ordinal) || reason.Contains("opted out", StringComparison.Ordinal) => "optedOut",
        _ when reason.Contains("daily message cap", StringComparison.Ordinal) => "dailyCap",
        _ when reason.Contains("subscription", StringComparison.Ordinal) || reason.Contains("address", StringComparison.Ordinal)
            || reason.Contains("no phone", StringComparison.Ordinal) || reason.Contains("no email", StringComparison.Ordinal) => "noAddress",
        _ => "other",
    };
}
