using System.Text.Json.Nodes;

namespace Fixlify.Workflows;

/// <summary>
/// The words of the builder's settings forms: a plain <c>title</c> (and, where it helps, a <c>description</c>) for each
/// setting of the catalog's config schemas, by the setting's key. A schema that already says what a key means for it (a
/// handler's <see cref="ActionConfigValidation.Words"/>) keeps its own words; a test checks every property has a title.
/// </summary>
internal static class PlainSchema
{
    static readonly Dictionary<string, (string Title, string? Description)> Words = new(StringComparer.Ordinal)
    {
        // Trigger settings.
        ["allowAutomationOrigin"] = ("Also when an automation made the change",
            "Off: only changes people make start this automation. On: a change another automation made (such as marking the job completed) starts it too."),
        ["jobTypes"] = ("Only these job types", "Leave empty for every job type."),
        ["tags"] = ("Only with one of these tags", "Leave empty for any tags."),
        ["priorities"] = ("Only these priorities", "Leave empty for every priority."),
        ["minTotal"] = ("Only when the total is at least", null),
        ["maxTotal"] = ("Only when the total is at most", null),
        ["minAmount"] = ("Only when the total is at least", null),
        ["maxAmount"] = ("Only when the total is at most", null),
        ["fromStatus"] = ("From status", "Leave empty for any status before."),
        ["toStatus"] = ("To status", "Leave empty for any new status."),
        ["graceMinutes"] = ("Minutes after the scheduled end", "How many minutes after a job's scheduled end, not yet done, it counts as running late."),
        ["daysOverdue"] = ("Days after the due date", "How many days after the due date an unpaid invoice starts this automation."),
        ["statuses"] = ("Only clients with these statuses", "Leave empty for every status."),
        ["inactiveDays"] = ("Days without a job", "How many days after a client's last job this automation starts."),
        // Schedules.
        ["runAt"] = ("Date and time", null),
        ["cron"] = ("Repeats", "When it runs again, such as every Monday at 8:00 AM."),
        ["timeZone"] = ("Time zone", null),
        ["overlap"] = ("If the last run is still going", null),
        ["catchUp"] = ("Runs missed while it was off", null),
        // Wait, repeat, retry.
        ["duration"] = ("How long", "Such as 3 days or 2 hours."),
        ["until"] = ("Until", "A date or time of the record, such as the job's start."),
        ["offset"] = ("Before or after it", "Such as 24 hours before; leave empty for exactly then."),
        ["at"] = ("At a date and time", "A fixed date and time in your business's time zone."),
        ["over"] = ("For each item of", "A list, such as the job's tags."),
        ["times"] = ("Number of times", null),
        ["as"] = ("Call each item", "The name later steps use for the current item."),
        ["maxIterations"] = ("At most", "The most times it repeats."),
        ["maxAttempts"] = ("Tries at most", "Including the first try."),
        ["firstInterval"] = ("Wait before trying again", "The first wait; each wait after it is longer."),
        ["backoffCoefficient"] = ("Each wait longer by", "How many times longer each wait is than the one before."),
        ["maxInterval"] = ("Longest wait", null),
        ["timeout"] = ("Wait at most", "Such as 24 hours or 3 days."),
        ["after"] = ("The text they reply to", "Leave empty for the nearest text sent before this step."),
        ["intents"] = ("What replies mean", "The words a reply may hold for each meaning, such as YES or C for Confirmed."),
        ["eventType"] = ("Wait for", null),
        // Checks.
        ["all"] = ("All of these are true", null),
        ["any"] = ("Any of these is true", null),
        ["field"] = ("Field", null),
        ["op"] = ("Comparison", null),
        ["value"] = ("Value", null),
        // Messages.
        ["to"] = ("To", "Leave empty for the client."),
        ["cc"] = ("Copy to", null),
        ["subject"] = ("Subject", null),
        ["html"] = ("Message", null),
        ["text"] = ("Plain-text version", "For email apps that do not show formatting; leave empty to make it from the message."),
        ["message"] = ("Text message", null),
        ["channels"] = ("Channels, in order", "The first channel that delivers is the only one used."),
        [MessageChannel.Push.Name()] = (MessageChannel.Push.Label(), null),
        [MessageChannel.Sms.Name()] = (MessageChannel.Sms.Label(), null),
        [MessageChannel.Email.Name()] = (MessageChannel.Email.Label(), null),
        ["userId"] = ("Team member", null),
        ["title"] = ("Title", null),
        ["body"] = ("Message", null),
        ["url"] = ("Web address", null),
        // Records, tasks, other apps.
        ["technicianId"] = ("Technician", null),
        ["strategy"] = ("Or pick one automatically", null),
        ["job"] = ("Job", "Leave empty for the automation's job."),
        ["description"] = ("Description", null),
        ["dueIn"] = ("Due in", "Such as 2 days; leave empty for no due time."),
        ["assignee"] = ("Assign to", null),
        ["record"] = ("Record", null),
        ["id"] = ("Which one", "Leave empty for the automation's record."),
        ["fields"] = ("Fields to change", null),
        ["method"] = ("Method", null),
        ["headers"] = ("Headers", null),
        ["payload"] = ("What to send", "Leave empty to send the event's details."),
        ["saveAs"] = ("Keep the answer as", "A name later steps use for the answer."),
    };

    /// <summary>Values of closed sets in words (by setting key, then value); others are written from their name.</summary>
    static readonly Dictionary<(string Key, string Value), string> ValueWords = new()
    {
        [("strategy", "least_busy")] = "The least busy technician",
        [("strategy", "round_robin")] = "The next technician in turn",
        [("overlap", "skip")] = "Skip the new run",
        [("overlap", "allow")] = "Run both",
        [("catchUp", "once")] = "Run once when it is back on",
        [("catchUp", "skip")] = "Skip them",
        [("channels", MessageChannel.Push.Name())] = MessageChannel.Push.Label(),
        [("channels", MessageChannel.Sms.Name())] = MessageChannel.Sms.Label(),
        [("channels", MessageChannel.Email.Name())] = MessageChannel.Email.Label(),
    };

    /// <summary>Settings whose values are a record field's choices: the builder offers that field's labelled choices.</summary>
    static readonly Dictionary<string, string> ChoicesOf = new(StringComparer.Ordinal)
    {
        ["fromStatus"] = "job.status", ["toStatus"] = "job.status", ["priorities"] = "job.priority", ["statuses"] = "client.status",
    };

    /// <summary>The title of a setting by its key ("Days after the due date" for daysOverdue), or null.</summary>
    public static string? Title(string key) => Words.TryGetValue(key, out var words) ? words.Title : null;

    /// <summary>An enum of text values gains <c>x-enum-labels</c>: each value in words, in the same order.</summary>
    static void Labelled(string key, JsonObject schema)
    {
        if (schema["enum"] is not JsonArray values || schema["x-enum-labels"] is not null || !values.All(v => v is JsonValue t && t.TryGetValue<string>(out _)))
        {
            return;
        }

        schema["x-enum-labels"] = new JsonArray([.. values.Select(v => (JsonNode?)ValueLabel(key, (string)v!))]);
    }

    static string ValueLabel(string key, string value)
    {
        if (ValueWords.TryGetValue((key, value), out var words))
        {
            return words;
        }

        if (TriggerType.Find(value) is { } trigger)
        {
            return trigger.Words.Label;
        }

        return ContextRecords.Label(value) ?? (value.All(c => !char.IsLower(c)) ? value : PlainText.Words(value));
    }

    /// <summary>The schema with a title (and description) on every property that has none, nested objects included.</summary>
    public static JsonObject? Titled(JsonObject? schema)
    {
        if (schema is null)
        {
            return null;
        }

        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (key, property) in properties)
            {
                if (property is not JsonObject field)
                {
                    continue;
                }

                if (Words.TryGetValue(key, out var words))
                {
                    field["title"] ??= words.Title;
                    if (words.Description is not null)
                    {
                        field["description"] ??= words.Description;
                    }
                }

                Labelled(key, field);
                if (field["items"] is JsonObject items)
                {
                    Labelled(key, items);
                }

                if (ChoicesOf.TryGetValue(key, out var choices))
                {
                    field["x-choices-from"] ??= choices;
                }

                Titled(field);
            }
        }

        if (schema["$defs"] is JsonObject defs)
        {
            foreach (var (_, def) in defs)
            {
                Titled(def as JsonObject);
            }
        }

        return schema;
    }
}
