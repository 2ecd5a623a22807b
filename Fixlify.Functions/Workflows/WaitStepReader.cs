using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Fixlify.Workflows;

/// <summary>
/// Reads the config of the two wait steps, and ties each <c>wait_for_reply</c> to the text it waits on.
/// <code>
/// wait_for_reply  {"timeout": "PT24H", "after": "remind", "intents": {"confirm": ["C", "YES"], "reschedule": ["R"]}}
/// wait_for_event  {"eventType": "invoice_paid", "timeout": "P3D"}
/// </code>
/// A timeout is required and bounded (<see cref="MinTimeout"/> to <see cref="MaxTimeout"/>). <c>after</c> is optional: by
/// default the nearest text to the client that comes before the wait on every path. <c>intents</c> replaces the default
/// confirm/reschedule lists; a keyword is compared with a reply as <see cref="SmsKeywords.Normalize"/> writes both (case,
/// surrounding punctuation and inner runs of spaces ignored), and may not be a consent keyword (STOP, CANCEL, START, …):
/// those always opt the number out or in and are never read as an answer.
/// </summary>
internal static partial class WaitStepReader
{
    public static readonly TimeSpan MinTimeout = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(30);

    public const int MaxIntents = 10;

    public const int MaxKeywords = 20;

    /// <summary>Intent names the engine gives itself: no reply in time, a reply no list holds, an opt-out.</summary>
    public static readonly IReadOnlyList<string> ReservedIntents = ["none", "other", "opted_out"];

    /// <summary>What replies mean when a step lists no intents of its own.</summary>
    public static IReadOnlyList<ReplyIntent> DefaultIntents { get; } =
    [
        new("confirm", ["C", "Y", "YES", "CONFIRM", "OK"]),
        new("reschedule", ["R", "RESCHEDULE"]),
    ];

    /// <summary>An intent in words: confirm → "Confirmed", none → "No reply in time"; a workflow's own intent by its name ("running late" for running_late).</summary>
    public static string IntentLabel(string intent) => intent switch
    {
        "confirm" => "Confirmed",
        "reschedule" => "Wants to reschedule",
        "cancel" => "Wants to cancel",
        "none" => "No reply in time",
        "other" => "Something else",
        "opted_out" => "Asked to stop texts",
        _ => char.ToUpperInvariant(intent[0]) + intent[1..].Replace('_', ' '),
    };

    public static WaitForReplyStep? ReadReply(string id, string? label, string? next, JsonObject config, string path, ContextSchema schema, List<FieldError> errors)
    {
        var before = errors.Count;
        var validation = new ActionConfigValidation(config, path, schema, errors);
        validation.OnlyKnown("timeout", "after", "intents");
        var timeout = Timeout(validation);
        var after = validation.Text("after", required: false);
        var intents = config.ContainsKey("intents") ? ReadIntents(validation) : DefaultIntents;

        // "after" is checked, or found, once every step is read (LinkReplies).
        return errors.Count > before || timeout is null || intents is null
            ? null
            : new WaitForReplyStep(id, label, next, timeout.Value, after ?? "", intents);
    }

    public static WaitForEventStep? ReadEvent(string id, string? label, string? next, JsonObject config, string path, ContextSchema schema, List<FieldError> errors)
    {
        var before = errors.Count;
        var validation = new ActionConfigValidation(config, path, schema, errors);
        validation.OnlyKnown("eventType", "timeout");
        var timeout = Timeout(validation);
        var eventType = validation.Text("eventType", required: true);
        string? record = null;
        if (eventType is not null && TriggerType.Find(eventType) is not { IsRecordEvent: true })
        {
            validation.Error("eventType", "Choose what to wait for from the list.");
        }
        else if (eventType is not null)
        {
            record = TriggerType.Find(eventType)!.Entity!;
            if (schema.Explain($"{record}.id") is not null)
            {
                validation.Error("eventType", $"This automation has no {ContextRecords.Label(record)?.ToLowerInvariant() ?? record} to wait for: choose something that happens to a record it starts with.");
            }
        }

        return errors.Count > before || timeout is null || record is null ? null : new WaitForEventStep(id, label, next, eventType!, record, timeout.Value);
    }

    /// <summary>
    /// Ties each <c>wait_for_reply</c> to its text: the step its <c>after</c> names, which must text the client and come
    /// before the wait on every path; or, without <c>after</c>, the nearest such text. <paramref name="paths"/> gives each
    /// step's JSON path, for the errors.
    /// </summary>
    public static WorkflowPlan LinkReplies(WorkflowPlan plan, IReadOnlyDictionary<string, string> paths, List<FieldError> errors)
    {
        var steps = plan.Steps.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        foreach (var wait in plan.Steps.Values.OfType<WaitForReplyStep>())
        {
            var path = paths.GetValueOrDefault(wait.Id, wait.Id);
            if (wait.After.Length > 0)
            {
                if (!plan.Steps.TryGetValue(wait.After, out var named))
                {
                    errors.Add(new FieldError($"{path}.config.after", "The text this waits for a reply to is no longer in the automation: choose another."));
                }
                else if (named is not ActionStep text || !TextsTheClient(text))
                {
                    errors.Add(new FieldError($"{path}.config.after", "The step chosen does not text the client: choose a text to the client."));
                }
                else if (!PlanPaths.Dominates(plan, wait.After, wait.Id))
                {
                    errors.Add(new FieldError($"{path}.config.after", "The text chosen is not sent on every path before this wait, so it could wait for a reply to a text never sent: choose a text that always comes before it."));
                }

                continue;
            }

            var texts = plan.Steps.Values.OfType<ActionStep>().Where(a => TextsTheClient(a) && PlanPaths.Dominates(plan, a.Id, wait.Id)).ToList();
            var nearest = texts.FirstOrDefault(t => texts.All(other => other == t || PlanPaths.Dominates(plan, other.Id, t.Id)));
            if (nearest is null)
            {
                errors.Add(new FieldError(path, "Add a text to the client before this step: it waits for their reply to one."));
                continue;
            }

            steps[wait.Id] = wait with { After = nearest.Id };
        }

        return plan with { Steps = steps };
    }

    /// <summary>A send_sms, or a send_message with an SMS channel, whose recipient is the context's client (the default, or a template of client.phone).</summary>
    public static bool TextsTheClient(ActionStep step)
    {
        var sms = step.ActionType switch
        {
            "send_sms" => step.Config,
            "send_message" when step.Config["channels"] is JsonArray channels && channels.Any(c => c?.ToString() == MessageChannel.Sms.Name()) => step.Config["sms"] as JsonObject,
            _ => null,
        };
        if (sms is null)
        {
            return false;
        }

        return sms["to"] is not JsonValue to || (to.TryGetValue<string>(out var template) && template.Contains("client.phone", StringComparison.Ordinal));
    }

    static TimeSpan? Timeout(ActionConfigValidation validation)
    {
        var timeout = validation.Duration("timeout", required: true);
        if (timeout is { } given && (given < MinTimeout || given > MaxTimeout))
        {
            validation.Error("timeout", $"Choose a wait from {PlainText.Duration(MinTimeout)} to {PlainText.Duration(MaxTimeout)}; {PlainText.Duration(given)} is not.");
            return null;
        }

        return timeout;
    }

    static List<ReplyIntent>? ReadIntents(ActionConfigValidation validation)
    {
        if (validation.Section("intents", required: true) is not { } section)
        {
            return null;
        }

        var ok = true;
        void Error(string field, string message)
        {
            validation.Error(field, message);
            ok = false;
        }

        if (section.Count is 0 or > MaxIntents)
        {
            Error("intents", $"List from 1 to {MaxIntents} meanings, each with the replies that mean it, such as Confirmed: C or YES.");
        }

        var intents = new List<ReplyIntent>();
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in section)
        {
            var field = $"intents.{name}";
            if (!IntentName().IsMatch(name))
            {
                Error(field, "Name each meaning in lower-case letters, such as confirm.");
            }
            else if (ReservedIntents.Contains(name))
            {
                Error(field, $"“{IntentLabel(name)}” is a meaning the automation gives replies itself: choose another name.");
            }

            if (value is not JsonArray list || list.Count is 0 or > MaxKeywords)
            {
                Error(field, $"List from 1 to {MaxKeywords} replies that mean it, such as C or YES.");
                continue;
            }

            var keywords = new List<string>();
            for (var i = 0; i < list.Count; i++)
            {
                var keyword = list[i] is JsonValue text && text.TryGetValue<string>(out var written) ? SmsKeywords.Normalize(written) : "";
                if (keyword.Length == 0)
                {
                    Error($"{field}[{i}]", "A keyword needs a letter or a digit.");
                }
                else if (SmsKeywords.Classify(keyword) != SmsKeyword.None)
                {
                    Error($"{field}[{i}]", $"{keyword} is a consent keyword: a reply of {keyword} always opts the number {(SmsKeywords.Classify(keyword) == SmsKeyword.OptOut ? "out" : "back in")} and is never read as an answer. Use another word.");
                }
                else if (owners.TryGetValue(keyword, out var owner) && owner != name)
                {
                    Error($"{field}[{i}]", $"{keyword} already means “{IntentLabel(owner)}”.");
                }
                else if (!keywords.Contains(keyword))
                {
                    owners[keyword] = name;
                    keywords.Add(keyword);
                }
            }

            intents.Add(new ReplyIntent(name, keywords));
        }

        return ok ? intents : null;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex IntentName();
}
