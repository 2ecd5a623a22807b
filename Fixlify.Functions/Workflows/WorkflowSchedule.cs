using System.Text.Json.Nodes;
using Cronos;

namespace Fixlify.Workflows;

/// <summary>
/// When a time-driven workflow runs: once at <see cref="RunAt"/> (<c>scheduled</c>), or on a cron in an IANA time zone
/// (<c>recurring</c>), with what to do when a run is still going (<see cref="Overlap"/>: skip|allow) and with runs
/// missed while nothing was running (<see cref="CatchUp"/>: once|skip).
/// </summary>
internal sealed record WorkflowSchedule(DateTimeOffset? RunAt, string? Cron, string? TimeZone, string Overlap, string CatchUp)
{
    static readonly string[] Overlaps = ["skip", "allow"];
    static readonly string[] CatchUps = ["once", "skip"];

    /// <summary>Reads and checks a workflow's schedule for its trigger type; problems go to <paramref name="errors"/>.</summary>
    public static WorkflowSchedule? Read(string triggerType, JsonObject? schedule, ICollection<FieldError> errors)
    {
        if (triggerType is not ("scheduled" or "recurring"))
        {
            if (schedule is { Count: > 0 })
            {
                errors.Add(new FieldError("schedule", "Only an automation that starts at a date and time, or on a repeating schedule, has a schedule: remove it."));
            }

            return null;
        }

        if (schedule is null)
        {
            errors.Add(new FieldError("schedule", triggerType == "scheduled"
                ? "Choose the date and time it runs."
                : "Choose when it repeats and in which time zone."));
            return null;
        }

        var before = errors.Count;
        var allowed = triggerType == "scheduled" ? new[] { "runAt" } : ["cron", "timeZone", "overlap", "catchUp"];
        foreach (var key in schedule.Select(p => p.Key).Where(k => !allowed.Contains(k)))
        {
            errors.Add(new FieldError($"schedule.{key}", "This schedule has a setting it does not know: remove it in code view."));
        }

        if (triggerType == "scheduled")
        {
            if (!DateTimeOffset.TryParse(schedule["runAt"]?.ToString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var runAt)
                || schedule["runAt"]?.ToString() is not { } text || !(text.EndsWith('Z') || text.Contains('+', StringComparison.Ordinal) || text.LastIndexOf('-') > 10))
            {
                errors.Add(new FieldError("schedule.runAt", "Choose the date and time it runs (with its time zone)."));
                return null;
            }

            return errors.Count > before ? null : new WorkflowSchedule(runAt, null, null, "allow", "once");
        }

        var (cron, zone) = ReadRecurrence(schedule, "schedule.", errors);

        var overlap = schedule["overlap"]?.ToString() ?? "skip";
        if (!Overlaps.Contains(overlap))
        {
            errors.Add(new FieldError("schedule.overlap", "Choose whether a run may start while the last one is still going."));
        }

        var catchUp = schedule["catchUp"]?.ToString() ?? "once";
        if (!CatchUps.Contains(catchUp))
        {
            errors.Add(new FieldError("schedule.catchUp", "Choose what happens to runs missed while the automation was off."));
        }

        return errors.Count > before ? null : new WorkflowSchedule(null, cron, zone, overlap, catchUp);
    }

    /// <summary>
    /// A recurrence's <c>cron</c> (five fields, Cronos' standard format) and IANA <c>timeZone</c>, checked; each problem goes
    /// to <paramref name="errors"/> under <paramref name="prefix"/> + the field's name.
    /// </summary>
    public static (string? Cron, string? TimeZone) ReadRecurrence(JsonObject body, string prefix, ICollection<FieldError> errors)
    {
        var cron = body["cron"] is JsonValue c && c.TryGetValue<string>(out var cronText) ? cronText : body["cron"]?.ToJsonString();
        if (string.IsNullOrWhiteSpace(cron) || !CronExpression.TryParse(cron, CronFormat.Standard, out _))
        {
            errors.Add(new FieldError($"{prefix}cron", "Choose when it repeats, such as every Monday at 8:00 AM: this schedule cannot be read."));
            cron = null;
        }

        var zone = body["timeZone"] is JsonValue z && z.TryGetValue<string>(out var zoneText) ? zoneText : body["timeZone"]?.ToJsonString();
        if (string.IsNullOrWhiteSpace(zone) || !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            errors.Add(new FieldError($"{prefix}timeZone", $"“{zone}” is not a time zone: choose one such as America/New_York."));
            zone = null;
        }

        return (cron, zone);
    }

    /// <summary>
    /// The next <paramref name="count"/> runs strictly after <paramref name="after"/>, each as the zone's local time with
    /// its offset (a one-off: its instant as given); fewer when the schedule ends (a one-off already past: none).
    /// </summary>
    public IReadOnlyList<DateTimeOffset> NextRuns(DateTimeOffset after, int count)
    {
        if (RunAt is { } runAt)
        {
            return runAt > after ? [runAt] : [];
        }

        var runs = new List<DateTimeOffset>(count);
        var expression = CronExpression.Parse(Cron!, CronFormat.Standard);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone!);
        while (runs.Count < count && Next(expression, zone, runs.Count == 0 ? after : runs[^1]) is { } next)
        {
            runs.Add(next);
        }

        return runs;
    }

    /// <summary>
    /// When a workflow next runs on its schedule, strictly after <paramref name="now"/> (UTC): null when it is inactive, has no
    /// schedule its trigger type reads (not scheduled or recurring, or a schedule that does not read), or has no run left.
    /// </summary>
    public static DateTimeOffset? NextRun(string triggerType, JsonObject? schedule, bool isActive, DateTimeOffset now) =>
        isActive ? Read(triggerType, schedule, new List<FieldError>())?.NextAfter(now) : null;

    /// <summary>Namespace of scheduled and recurring runs' event ids.</summary>
    static readonly Guid RecurringRunNamespace = Guid.Parse("3c0f6d2e-8a51-4b7e-9f3a-2d6c1e0b9a47");

    /// <summary>
    /// The event of a recurring run due at <paramref name="at"/>, as the scheduler's tick writes it and a backtest
    /// recomputes it: its id (the same for the same run, so a second tick inserts nothing) and its payload.
    /// </summary>
    public (Guid Id, JsonObject Payload) RecurringRun(Guid workflowId, DateTimeOffset at, int missedRuns)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone!);
        return (
            UUIDNext.Uuid.NewNameBased(RecurringRunNamespace, $"recurring/{workflowId}/{at.UtcDateTime:O}"),
            new JsonObject
            {
                ["workflowId"] = workflowId.ToString(),
                ["scheduledFor"] = at.UtcDateTime,
                ["localTime"] = TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
                ["timeZone"] = TimeZone,
                ["missedRuns"] = missedRuns,
            });
    }

    /// <summary>The event of a one-off scheduled run at <paramref name="at"/>, as the tick writes it and a backtest recomputes it.</summary>
    public static (Guid Id, JsonObject Payload) OneOffRun(Guid workflowId, DateTimeOffset at) =>
        (UUIDNext.Uuid.NewNameBased(RecurringRunNamespace, $"scheduled/{workflowId}/{at.UtcDateTime:O}"),
            new JsonObject { ["workflowId"] = workflowId.ToString(), ["scheduledFor"] = at.UtcDateTime });

    /// <summary>The first run strictly after <paramref name="after"/>, or null when there is none (a one-off already past).</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after)
    {
        if (RunAt is { } runAt)
        {
            return runAt > after ? runAt.ToUniversalTime() : null;
        }

        return Next(CronExpression.Parse(Cron!, CronFormat.Standard), TimeZoneInfo.FindSystemTimeZoneById(TimeZone!), after)?.ToUniversalTime();
    }

    /// <summary>
    /// The cron's next local time after <paramref name="after"/>, in the zone's own clock: a time skipped by spring-forward
    /// runs at the first valid instant, and a wall time repeated by fall-back runs once, at its first offset. Cronos runs a
    /// daily time once but runs the times of an hourly or interval cron (<c>0 * * * *</c>, <c>*/15 * * * *</c>) at both
    /// offsets; the second is passed over here.
    /// </summary>
    static DateTimeOffset? Next(CronExpression expression, TimeZoneInfo zone, DateTimeOffset after)
    {
        var next = expression.GetNextOccurrence(after, zone);
        while (next is { } run && zone.IsAmbiguousTime(run) && run.Offset != zone.GetAmbiguousTimeOffsets(run).Max())
        {
            next = expression.GetNextOccurrence(run, zone);
        }

        return next;
    }

    /// <summary>
    /// The JSON Schema (draft 2020-12) of the <c>schedule</c> that <see cref="Read"/> accepts for <paramref name="triggerType"/>,
    /// or null when that trigger has no schedule. <c>x-cron</c> and <c>x-time-zone</c> mark what Cronos and the zone database check.
    /// </summary>
    public static JsonObject? Schema(string triggerType) => triggerType switch
    {
        "scheduled" => new JsonObject
        {
            ["type"] = "object", ["additionalProperties"] = false, ["required"] = new JsonArray("runAt"),
            ["properties"] = new JsonObject { ["runAt"] = new JsonObject { ["type"] = "string", ["format"] = "date-time", ["pattern"] = "(Z|[+-]\\d{2}:?\\d{2})$", ["examples"] = new JsonArray("2030-12-01T09:00:00Z") } },
        },
        "recurring" => new JsonObject
        {
            ["type"] = "object", ["additionalProperties"] = false, ["required"] = new JsonArray("cron", "timeZone"),
            ["properties"] = new JsonObject
            {
                ["cron"] = new JsonObject { ["type"] = "string", ["x-cron"] = true, ["examples"] = new JsonArray("0 8 * * 1") },
                ["timeZone"] = new JsonObject { ["type"] = "string", ["x-time-zone"] = true, ["examples"] = new JsonArray("America/New_York") },
                ["overlap"] = new JsonObject { ["enum"] = new JsonArray([.. Overlaps.Select(o => (JsonNode?)o)]), ["default"] = "skip" },
                ["catchUp"] = new JsonObject { ["enum"] = new JsonArray([.. CatchUps.Select(c => (JsonNode?)c)]), ["default"] = "once" },
            },
        },
        _ => null,
    };
}
