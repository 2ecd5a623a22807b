using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Fixlify.Workflows;

/// <summary>
/// Reads a step's body once a reader has found its kind and where it leads (a <see cref="StepSkeleton"/>): a condition's
/// rules, a delay, a loop, a wait (<see cref="WaitStepReader"/>), or an action (its type's own config check, its retry, its
/// guard). The delay, loop and retry readers also record their checks as the JSON Schemas of the builder's catalog
/// (<see cref="BodySchema"/>).
/// </summary>
internal sealed class StepBodyReader(IActionTypes actions)
{
    public const int MaxLoopIterations = 1000;

    /// <summary>The step, or null when its body has a problem (each added to <paramref name="errors"/>).</summary>
    public PlanStep? Read(StepSkeleton step, ContextSchema schema, List<FieldError> errors)
    {
        var (id, label, config, path) = (step.Id, step.Label, step.Config ?? [], step.ConfigPath);
        switch (step.Kind)
        {
            case "condition":
                var when = ConditionGroup.Read(config, path, schema, errors);
                return when is null ? null : new ConditionStep(id, label, when, step.WhenTrue, step.WhenFalse);

            case "delay":
                return ReadDelay(config, path, schema, errors) is { } delay ? new DelayStep(id, label, step.Next, delay.Duration, delay.Until, delay.Offset, delay.At) : null;

            case "loop":
                return ReadLoop(config, path, schema, errors) is { } loop ? new LoopStep(id, label, step.Next, loop.Over, loop.Times, loop.MaxIterations, loop.As, step.Body) : null;

            case "wait_for_reply":
                return WaitStepReader.ReadReply(id, label, step.Next, config, path, schema, errors);

            case "wait_for_event":
                return WaitStepReader.ReadEvent(id, label, step.Next, config, path, schema, errors);

            default:
                return ReadAction(step, config, schema, errors);
        }
    }

    ActionStep? ReadAction(StepSkeleton step, JsonObject config, ContextSchema schema, List<FieldError> errors)
    {
        var (data, path) = (step.Data, step.Path);
        var actionType = JsonText.Of(data?["actionType"]);
        var handler = actions.Find(actionType);
        if (handler is null)
        {
            errors.Add(new FieldError($"{path}.actionType", actionType is null
                ? "Choose what this step does."
                : "This step does something that does not exist: choose what it does from the list."));
            return null;
        }

        var before = errors.Count;
        handler.Validate(new ActionConfigValidation(config, step.ConfigPath, schema, errors));
        var retry = ReadRetry(data?["retry"], $"{path}.retry", handler.DefaultRetry, errors);
        var continueOnError = data?["continueOnError"] is JsonValue flag && flag.TryGetValue<bool>(out var c) && c;
        if (data?["continueOnError"] is { } raw && (raw is not JsonValue v || !v.TryGetValue<bool>(out _)))
        {
            errors.Add(new FieldError($"{path}.continueOnError", "Choose yes or no."));
        }

        // A guard re-checked at run time on fresh records: {"all": [...]} or {"any": [...]}, as conditions are written.
        var onlyIf = data?["onlyIf"] is { } guard ? ConditionGroup.Read(guard, $"{path}.onlyIf", schema, errors) : null;
        return errors.Count > before || retry is null
            ? null
            : new ActionStep(step.Id, step.Label, step.Next, actionType!, (JsonObject)config.DeepClone(), retry, continueOnError, onlyIf, [], []);
    }

    /// <summary>The ways a delay can be set: exactly one of them.</summary>
    static readonly string[] DelayWays = ["duration", "until", "at"];

    sealed record DelayBody(TimeSpan? Duration, string? Until, TimeSpan Offset, string? At);

    sealed record LoopBody(string? Over, int? Times, int MaxIterations, string As);

    static DelayBody? ReadDelay(JsonObject config, string path, ContextSchema schema, List<FieldError> errors, ConfigSchemaRecorder? recorder = null)
    {
        var before = errors.Count;
        var validation = recorder is null ? new ActionConfigValidation(config, path, schema, errors) : ActionConfigValidation.Recording(recorder, schema);
        validation.OnlyKnown("duration", "until", "offset", "at");
        validation.Rule(new JsonObject
        {
            ["oneOf"] = new JsonArray([.. DelayWays.Select(k => (JsonNode?)new JsonObject { ["required"] = new JsonArray(k) })]),
        });
        validation.Rule(new JsonObject { ["dependentSchemas"] = new JsonObject { ["offset"] = new JsonObject { ["not"] = new JsonObject { ["required"] = new JsonArray("at") } } } });
        validation.Describe("until", new JsonObject { ["type"] = "string", ["x-context-path"] = "date", ["examples"] = new JsonArray("job.scheduled_start") });
        validation.Describe("duration", new JsonObject { ["not"] = new JsonObject { ["pattern"] = "^-" } });
        validation.Describe("at", new JsonObject
        {
            ["type"] = "string", ["pattern"] = LocalMoment.Pattern, ["x-local-date-time"] = true, ["examples"] = new JsonArray("2026-12-24T09:00"),
        });
        if (recorder is not null)
        {
            validation.Duration("duration", required: false);
            validation.Duration("offset", required: false);
            return null;
        }

        var given = DelayWays.Count(config.ContainsKey);
        if (given != 1)
        {
            errors.Add(new FieldError(path, given == 0
                ? "Choose how long to wait: a length of time (such as 3 days), a date of the record (such as the job's start), or a fixed date and time."
                : "Choose one way to wait: a length of time, a date of the record, or a fixed date and time — not more than one."));
            return null;
        }

        if (config.ContainsKey("offset") && config.ContainsKey("at"))
        {
            validation.Error("offset", "A fixed date and time takes no time before or after it: change the date and time instead.");
        }

        string? at = null;
        if (config.ContainsKey("at"))
        {
            at = validation.Text("at", required: true);
            if (at is not null && LocalMoment.Parse(at) is null)
            {
                validation.Error("at", "Enter a date and time, such as December 24, 2026 at 9:00 AM.");
            }
        }

        var hasDuration = config.ContainsKey("duration");
        var hasUntil = config.ContainsKey("until");

        var duration = hasDuration ? validation.Duration("duration", required: true) : null;
        if (duration is { } d && d < TimeSpan.Zero)
        {
            validation.Error("duration", "Enter how long to wait, such as 3 days: a wait cannot be negative.");
        }

        var until = hasUntil ? validation.Text("until", required: true) : null;
        if (until is not null && schema.Explain(until) is { } unknown)
        {
            validation.Error("until", unknown);
        }

        var offset = validation.Duration("offset", required: false) ?? TimeSpan.Zero;
        return errors.Count > before ? null : new DelayBody(duration, until, offset, at);
    }

    static LoopBody? ReadLoop(JsonObject config, string path, ContextSchema schema, List<FieldError> errors, ConfigSchemaRecorder? recorder = null)
    {
        var before = errors.Count;
        var validation = recorder is null ? new ActionConfigValidation(config, path, schema, errors) : ActionConfigValidation.Recording(recorder, schema);
        validation.OnlyKnown("over", "times", "as", "maxIterations");
        validation.Rule(ConfigSchemaRecorder.ExactlyOne("over", "times"));
        validation.Rule(new JsonObject { ["dependentRequired"] = new JsonObject { ["over"] = new JsonArray("maxIterations") } });
        validation.Describe("over", new JsonObject { ["x-context-path"] = "list", ["examples"] = new JsonArray("job.tags") });
        validation.Describe("as", new JsonObject { ["pattern"] = "^[a-z_][a-z0-9_]*$", ["default"] = "item" });
        var over = validation.Text("over", required: false);
        var times = validation.WholeNumber("times", required: false, 1, MaxLoopIterations);
        var max = validation.WholeNumber("maxIterations", required: false, 1, MaxLoopIterations);
        var name = validation.Text("as", required: false) ?? "item";
        if (over is null && times is null && !config.ContainsKey("times"))
        {
            errors.Add(new FieldError(path, "Choose what to repeat for: each item of a list, or a number of times."));
        }
        else if (over is not null && config.ContainsKey("times"))
        {
            errors.Add(new FieldError(path, "Choose one: each item of a list, or a number of times — not both."));
        }
        else if (over is not null && max is null && !config.ContainsKey("maxIterations"))
        {
            errors.Add(new FieldError($"{path}.maxIterations", $"Choose the most times it may repeat (up to {MaxLoopIterations})."));
        }

        if (over is not null && schema.Explain(over) is { } unknown)
        {
            validation.Error("over", unknown);
        }

        if (!Regex.IsMatch(name, "^[a-z_][a-z0-9_]*$"))
        {
            validation.Error("as", "Use a lower-case name such as item or technician.");
        }

        return errors.Count > before ? null : new LoopBody(over, times, Math.Min(max ?? times ?? MaxLoopIterations, times ?? MaxLoopIterations), name);
    }

    static RetrySettings? ReadRetry(JsonNode? node, string path, RetrySettings defaults, List<FieldError> errors, ConfigSchemaRecorder? recorder = null)
    {
        if (recorder is not null)
        {
            var recording = ActionConfigValidation.Recording(recorder, ContextSchema.For(TriggerType.Manual));
            recording.OnlyKnown("maxAttempts", "firstInterval", "backoffCoefficient", "maxInterval");
            recording.WholeNumber("maxAttempts", required: false, 1, 20);
            recording.Duration("firstInterval", required: false);
            recording.Duration("maxInterval", required: false);
            recording.Describe("firstInterval", new JsonObject { ["examples"] = new JsonArray("PT10S"), ["description"] = "The first wait; each wait after it is longer, up to the longest wait." });
            recording.Describe("maxInterval", new JsonObject { ["examples"] = new JsonArray("PT10M") });
            recording.Describe("backoffCoefficient", new JsonObject { ["type"] = "number", ["minimum"] = 1, ["maximum"] = 10 });
            return null;
        }

        if (node is null)
        {
            return defaults;
        }

        if (node is not JsonObject retry)
        {
            errors.Add(new FieldError(path, "The settings for trying again cannot be read: fix them in code view."));
            return null;
        }

        var before = errors.Count;
        var validation = new ActionConfigValidation(retry, path, ContextSchema.For(TriggerType.Manual), errors);
        validation.OnlyKnown("maxAttempts", "firstInterval", "backoffCoefficient", "maxInterval");
        var attempts = validation.WholeNumber("maxAttempts", required: false, 1, 20) ?? defaults.MaxAttempts;
        var first = validation.Duration("firstInterval", required: false) ?? defaults.FirstInterval;
        var max = validation.Duration("maxInterval", required: false) ?? defaults.MaxInterval;
        var coefficient = defaults.BackoffCoefficient;
        if (retry["backoffCoefficient"] is { } raw)
        {
            if (raw is JsonValue value && value.TryGetValue<double>(out var number) && number is >= 1 and <= 10)
            {
                coefficient = number;
            }
            else
            {
                validation.Error("backoffCoefficient", "Enter a number from 1 to 10.");
            }
        }

        if (first <= TimeSpan.Zero || max < first)
        {
            validation.Error("firstInterval", "Choose a first wait longer than no time, and no longer than the longest wait.");
        }

        return errors.Count > before ? null : new RetrySettings(attempts, first, coefficient, max);
    }

    /// <summary>
    /// The JSON Schema of a control step's config (<c>delay</c>, <c>loop</c>) or of an action's <c>retry</c>, recorded from
    /// the checks above (see <see cref="ConfigSchemaRecorder"/>); null for a kind with no such body.
    /// </summary>
    public static JsonObject? BodySchema(string kind)
    {
        var recorder = new ConfigSchemaRecorder();
        var schema = ContextSchema.For(TriggerType.Manual);
        switch (kind)
        {
            case "delay":
                ReadDelay([], "config", schema, [], recorder);
                break;
            case "loop":
                ReadLoop([], "config", schema, [], recorder);
                break;
            case "retry":
                ReadRetry(null, "retry", new RetrySettings(1, TimeSpan.FromSeconds(1), 1, TimeSpan.FromSeconds(1)), [], recorder);
                break;
            default:
                return null;
        }

        return recorder.ToSchema();
    }
}
