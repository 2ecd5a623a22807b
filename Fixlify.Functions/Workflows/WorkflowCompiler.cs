using System.Text.Json.Nodes;

namespace Fixlify.Workflows;

/// <summary>What the builder sends: a trigger and either a React Flow graph (nodes, edges) or linear steps.</summary>
public sealed record WorkflowDraft(string TriggerType, JsonObject TriggerConfig, JsonArray Nodes, JsonArray Edges, JsonArray Steps);

/// <summary>A plan, or every problem found on the way to one.</summary>
public sealed record CompileResult(WorkflowPlan? Plan, IReadOnlyList<FieldError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Validates a workflow definition, reporting every problem with its JSON path, and compiles a valid one to
/// a <see cref="WorkflowPlan"/>. A graph (non-empty <c>nodes</c>) wins over linear <c>steps</c>.
/// </summary>
public sealed class WorkflowCompiler(IActionTypes actions)
{
    public const int MaxLoopIterations = 1000;

    /// <summary>The node types a graph definition may hold (the builder's catalog lists each).</summary>
    public static readonly IReadOnlyList<string> NodeTypes = ["trigger", "action", "condition", "delay", "loop", "wait_for_reply", "wait_for_event"];
    static readonly string[] StepTypes = ["action", "condition", "delay", "loop", "wait_for_reply", "wait_for_event"];

    public CompileResult Compile(WorkflowDraft draft)
    {
        var errors = new List<FieldError>();
        if (!TriggerTypes.IsKnown(draft.TriggerType))
        {
            errors.Add(new FieldError("triggerType", $"Unknown trigger type '{draft.TriggerType}': use one of {string.Join(", ", TriggerTypes.All.Keys)}."));
            return new CompileResult(null, errors);
        }

        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        var plan = draft.Nodes.Count > 0
            ? new GraphReader(this, draft, errors, paths).Read()
            : new StepListReader(this, draft, errors, paths).Read();
        if (plan is not null && errors.Count == 0)
        {
            plan = WaitStepReader.LinkReplies(plan, paths, errors);
        }

        return new CompileResult(errors.Count == 0 && plan is not null ? PlanReads.Complete(plan, (type, config) => actions.Find(type)?.Reads(config) ?? []) : null, errors);
    }

    /// <summary>A node's or step's body, read the same way in both forms once its kind and next steps are known.</summary>
    PlanStep? ReadStep(
        string id, string kind, string? label, JsonObject? data, JsonObject? config, string path, string configPath,
        ContextSchema schema, List<FieldError> errors, string? next, string? whenTrue, string? whenFalse, string? body)
    {
        config ??= [];
        switch (kind)
        {
            case "condition":
                var when = ConditionGroup.Read(config, configPath, schema, errors);
                return when is null ? null : new ConditionStep(id, label, when, whenTrue, whenFalse);

            case "delay":
                return ReadDelay(config, configPath, schema, errors) is { } delay ? new DelayStep(id, label, next, delay.Duration, delay.Until, delay.Offset) : null;

            case "loop":
                return ReadLoop(config, configPath, schema, errors) is { } loop ? new LoopStep(id, label, next, loop.Over, loop.Times, loop.MaxIterations, loop.As, body) : null;

            case "wait_for_reply":
                return WaitStepReader.ReadReply(id, label, next, config, configPath, schema, errors);

            case "wait_for_event":
                return WaitStepReader.ReadEvent(id, label, next, config, configPath, schema, errors);

            default:
                var actionType = Text(data?["actionType"]);
                var handler = actions.Find(actionType);
                if (handler is null)
                {
                    errors.Add(new FieldError($"{path}.actionType", actionType is null
                        ? $"Name the action: one of {string.Join(", ", actions.Types)}."
                        : $"Unknown action type '{actionType}': use one of {string.Join(", ", actions.Types)}."));
                    return null;
                }

                var before = errors.Count;
                handler.Validate(new ActionConfigValidation(config, configPath, schema, errors));
                var retry = ReadRetry(data?["retry"], $"{path}.retry", handler.DefaultRetry, errors);
                var continueOnError = data?["continueOnError"] is JsonValue flag && flag.TryGetValue<bool>(out var c) && c;
                if (data?["continueOnError"] is { } raw && (raw is not JsonValue v || !v.TryGetValue<bool>(out _)))
                {
                    errors.Add(new FieldError($"{path}.continueOnError", "Must be true or false."));
                }

                // A guard re-checked at run time on fresh records: {"all": [...]} or {"any": [...]}, as conditions are written.
                var onlyIf = data?["onlyIf"] is { } guard ? ConditionGroup.Read(guard, $"{path}.onlyIf", schema, errors) : null;
                return errors.Count > before || retry is null
                    ? null
                    : new ActionStep(id, label, next, actionType!, (JsonObject)config.DeepClone(), retry, continueOnError, onlyIf, [], []);
        }
    }

    sealed record DelayBody(TimeSpan? Duration, string? Until, TimeSpan Offset);

    sealed record LoopBody(string? Over, int? Times, int MaxIterations, string As);

    static DelayBody? ReadDelay(JsonObject config, string path, ContextSchema schema, List<FieldError> errors, ConfigSchemaRecorder? recorder = null)
    {
        var before = errors.Count;
        var validation = recorder is null ? new ActionConfigValidation(config, path, schema, errors) : ActionConfigValidation.Recording(recorder, schema);
        validation.OnlyKnown("duration", "until", "offset");
        validation.Rule(ConfigSchemaRecorder.ExactlyOne("duration", "until"));
        validation.Describe("until", new JsonObject { ["type"] = "string", ["x-context-path"] = "date", ["examples"] = new JsonArray("job.scheduled_start") });
        validation.Describe("duration", new JsonObject { ["not"] = new JsonObject { ["pattern"] = "^-" } });
        if (recorder is not null)
        {
            validation.Duration("duration", required: false);
            validation.Duration("offset", required: false);
            return null;
        }

        var hasDuration = config.ContainsKey("duration");
        var hasUntil = config.ContainsKey("until");
        if (hasDuration == hasUntil)
        {
            errors.Add(new FieldError(path, "A delay needs either \"duration\" (e.g. PT10M) or \"until\" (a date in the context, e.g. job.scheduled_start)."));
            return null;
        }

        var duration = hasDuration ? validation.Duration("duration", required: true) : null;
        if (duration is { } d && d < TimeSpan.Zero)
        {
            validation.Error("duration", "A delay cannot be negative.");
        }

        var until = hasUntil ? validation.Text("until", required: true) : null;
        if (until is not null && schema.Explain(until) is { } unknown)
        {
            validation.Error("until", unknown);
        }

        var offset = validation.Duration("offset", required: false) ?? TimeSpan.Zero;
        return errors.Count > before ? null : new DelayBody(duration, until, offset);
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
            errors.Add(new FieldError(path, "A loop needs \"over\" (a list in the context) or \"times\" (a count)."));
        }
        else if (over is not null && config.ContainsKey("times"))
        {
            errors.Add(new FieldError(path, "A loop takes \"over\" or \"times\", not both."));
        }
        else if (over is not null && max is null && !config.ContainsKey("maxIterations"))
        {
            errors.Add(new FieldError($"{path}.maxIterations", $"A loop over a list needs a bound: give maxIterations (at most {MaxLoopIterations})."));
        }

        if (over is not null && schema.Explain(over) is { } unknown)
        {
            validation.Error("over", unknown);
        }

        if (!System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-z_][a-z0-9_]*$"))
        {
            validation.Error("as", "Use a lower-case name such as item or technician.");
        }

        return errors.Count > before ? null : new LoopBody(over, times, Math.Min(max ?? times ?? MaxLoopIterations, times ?? MaxLoopIterations), name);
    }

    static RetrySettings? ReadRetry(JsonNode? node, string path, RetrySettings defaults, List<FieldError> errors, ConfigSchemaRecorder? recorder = null)
    {
        if (recorder is not null)
        {
            var recording = ActionConfigValidation.Recording(recorder, ContextSchema.For("manual"));
            recording.OnlyKnown("maxAttempts", "firstInterval", "backoffCoefficient", "maxInterval");
            recording.WholeNumber("maxAttempts", required: false, 1, 20);
            recording.Duration("firstInterval", required: false);
            recording.Duration("maxInterval", required: false);
            recording.Describe("firstInterval", new JsonObject { ["examples"] = new JsonArray("PT10S"), ["description"] = "Positive, and no longer than maxInterval (checked on save)." });
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
            errors.Add(new FieldError(path, "Must be an object {maxAttempts, firstInterval, backoffCoefficient, maxInterval}."));
            return null;
        }

        var before = errors.Count;
        var validation = new ActionConfigValidation(retry, path, ContextSchema.For("manual"), errors);
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
                validation.Error("backoffCoefficient", "Must be a number from 1 to 10.");
            }
        }

        if (first <= TimeSpan.Zero || max < first)
        {
            validation.Error("firstInterval", "Must be positive and no longer than maxInterval.");
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
        var schema = ContextSchema.For("manual");
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

    static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>Names a workflow binds into the context: loop variables and api_call's saveAs.</summary>
    static IEnumerable<string> BoundNames(IEnumerable<(string Type, JsonObject? Config)> steps) =>
        steps.SelectMany(s => s.Type switch
        {
            "loop" => [Text(s.Config?["as"]) ?? "item"],
            "action" when Text(s.Config?["saveAs"]) is { } saveAs => [saveAs],
            _ => Array.Empty<string>(),
        });

    /// <summary>The React Flow form: nodes and edges.</summary>
    sealed class GraphReader(WorkflowCompiler compiler, WorkflowDraft draft, List<FieldError> errors, Dictionary<string, string> paths)
    {
        sealed record Node(int Index, string Id, string Type, JsonObject? Data);

        sealed record Edge(int Index, string Source, string Target, string? Handle);

        public WorkflowPlan? Read()
        {
            var nodes = ReadNodes();
            var edges = ReadEdges(nodes);
            var triggers = nodes.Values.Where(n => n.Type == "trigger").ToList();
            if (triggers.Count != 1)
            {
                errors.Add(new FieldError("nodes", $"A workflow needs exactly one trigger node; it has {triggers.Count}."));
                return null;
            }

            var outgoing = edges.GroupBy(e => e.Source).ToDictionary(g => g.Key, g => g.ToList());
            string? NextOf(string id, string? handle) =>
                outgoing.TryGetValue(id, out var list) ? list.FirstOrDefault(e => e.Handle == handle)?.Target : null;

            CheckBranches(nodes, outgoing);
            var reachable = Reachable(triggers[0].Id, outgoing);
            foreach (var node in nodes.Values.Where(n => !reachable.Contains(n.Id)).OrderBy(n => n.Index))
            {
                errors.Add(new FieldError($"nodes[{node.Index}]", $"Node '{node.Id}' cannot be reached from the trigger."));
            }

            CheckCycles(nodes, edges, outgoing);

            var schema = ContextSchema.For(draft.TriggerType).With(
                BoundNames(nodes.Values.Select(n => (n.Type, n.Data?["config"] as JsonObject))),
                nodes.Values.Where(n => n.Type != "trigger").Select(n => n.Id));
            var steps = new Dictionary<string, PlanStep>(StringComparer.Ordinal);
            foreach (var node in nodes.Values.Where(n => n.Type != "trigger").OrderBy(n => n.Index))
            {
                var path = $"nodes[{node.Index}].data";
                paths[node.Id] = path;
                var kind = node.Type;
                var step = compiler.ReadStep(
                    node.Id, kind, Text(node.Data?["label"]), node.Data, node.Data?["config"] as JsonObject, path, $"{path}.config", schema, errors,
                    next: kind is "condition" ? null : NextOf(node.Id, kind is "loop" ? "done" : null),
                    whenTrue: NextOf(node.Id, "true"),
                    whenFalse: NextOf(node.Id, "false"),
                    body: NextOf(node.Id, "body"));
                if (node.Data?["config"] is { } config && config is not JsonObject)
                {
                    errors.Add(new FieldError($"{path}.config", "Must be an object."));
                }

                if (step is not null)
                {
                    steps[node.Id] = step;
                }
            }

            return new WorkflowPlan(draft.TriggerType, NextOf(triggers[0].Id, null), steps, []);
        }

        Dictionary<string, Node> ReadNodes()
        {
            var nodes = new Dictionary<string, Node>(StringComparer.Ordinal);
            for (var i = 0; i < draft.Nodes.Count; i++)
            {
                if (draft.Nodes[i] is not JsonObject node)
                {
                    errors.Add(new FieldError($"nodes[{i}]", "A node must be an object {id, type, position, data}."));
                    continue;
                }

                var id = Text(node["id"]);
                var type = Text(node["type"]);
                if (string.IsNullOrWhiteSpace(id))
                {
                    errors.Add(new FieldError($"nodes[{i}].id", "Required."));
                    continue;
                }

                if (nodes.ContainsKey(id))
                {
                    errors.Add(new FieldError($"nodes[{i}].id", $"Another node already has id '{id}'."));
                    continue;
                }

                if (type is null || !NodeTypes.Contains(type))
                {
                    errors.Add(new FieldError($"nodes[{i}].type", $"Unknown node type '{type}': use one of {string.Join(", ", NodeTypes)}."));
                    continue;
                }

                if (node["data"] is { } data && data is not JsonObject)
                {
                    errors.Add(new FieldError($"nodes[{i}].data", "Must be an object {actionType, config, label}."));
                    continue;
                }

                nodes[id] = new Node(i, id, type, node["data"] as JsonObject);
            }

            return nodes;
        }

        List<Edge> ReadEdges(Dictionary<string, Node> nodes)
        {
            var edges = new List<Edge>();
            for (var i = 0; i < draft.Edges.Count; i++)
            {
                var path = $"edges[{i}]";
                if (draft.Edges[i] is not JsonObject edge)
                {
                    errors.Add(new FieldError(path, "An edge must be an object {source, target, sourceHandle}."));
                    continue;
                }

                var source = Text(edge["source"]);
                var target = Text(edge["target"]);
                var handle = Text(edge["sourceHandle"]);
                handle = string.IsNullOrEmpty(handle) ? null : handle;
                var ok = true;
                if (source is null || !nodes.TryGetValue(source, out var from))
                {
                    errors.Add(new FieldError($"{path}.source", $"No node has id '{source}'."));
                    ok = false;
                    from = null;
                }

                if (target is null || !nodes.ContainsKey(target))
                {
                    errors.Add(new FieldError($"{path}.target", $"No node has id '{target}'."));
                    ok = false;
                }
                else if (nodes.TryGetValue(target, out var to) && to.Type == "trigger")
                {
                    errors.Add(new FieldError($"{path}.target", "Nothing can lead into the trigger."));
                    ok = false;
                }

                if (from is not null)
                {
                    string?[] allowed = from.Type switch
                    {
                        "condition" => ["true", "false"],
                        "loop" => ["body", "done"],
                        _ => [null],
                    };
                    if (!allowed.Contains(handle))
                    {
                        errors.Add(new FieldError($"{path}.sourceHandle", from.Type is "condition" or "loop"
                            ? $"An edge from a {from.Type} needs sourceHandle {string.Join(" or ", allowed)}."
                            : $"An edge from a {from.Type} node takes no sourceHandle ('{handle}')."));
                        ok = false;
                    }
                    else if (edges.Any(e => e.Source == source && e.Handle == handle))
                    {
                        errors.Add(new FieldError(path, handle is null
                            ? $"Node '{source}' already leads somewhere: a node has one next step."
                            : $"Node '{source}' already has a '{handle}' edge."));
                        ok = false;
                    }
                }

                if (ok)
                {
                    edges.Add(new Edge(i, source!, target!, handle));
                }
            }

            return edges;
        }

        void CheckBranches(Dictionary<string, Node> nodes, Dictionary<string, List<Edge>> outgoing)
        {
            foreach (var node in nodes.Values.OrderBy(n => n.Index))
            {
                var handles = outgoing.TryGetValue(node.Id, out var list) ? list.Select(e => e.Handle).ToList() : [];
                if (node.Type == "condition" && !handles.Contains("true"))
                {
                    errors.Add(new FieldError($"nodes[{node.Index}]", $"Condition '{node.Id}' has no 'true' branch."));
                }

                if (node.Type == "loop" && !handles.Contains("body"))
                {
                    errors.Add(new FieldError($"nodes[{node.Index}]", $"Loop '{node.Id}' has no 'body' branch."));
                }
            }
        }

        static HashSet<string> Reachable(string from, Dictionary<string, List<Edge>> outgoing)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal) { from };
            var queue = new Queue<string>([from]);
            while (queue.TryDequeue(out var id))
            {
                foreach (var edge in outgoing.GetValueOrDefault(id) ?? [])
                {
                    if (seen.Add(edge.Target))
                    {
                        queue.Enqueue(edge.Target);
                    }
                }
            }

            return seen;
        }

        /// <summary>The only cycles allowed run from a loop through its body back to the loop.</summary>
        void CheckCycles(Dictionary<string, Node> nodes, List<Edge> edges, Dictionary<string, List<Edge>> outgoing)
        {
            var allowed = new HashSet<Edge>();
            foreach (var loop in nodes.Values.Where(n => n.Type == "loop"))
            {
                var bodyStart = outgoing.GetValueOrDefault(loop.Id)?.FirstOrDefault(e => e.Handle == "body")?.Target;
                if (bodyStart is null)
                {
                    continue;
                }

                var body = new HashSet<string>(StringComparer.Ordinal) { bodyStart };
                var queue = new Queue<string>([bodyStart]);
                while (queue.TryDequeue(out var id))
                {
                    if (id == loop.Id)
                    {
                        continue;
                    }

                    foreach (var edge in outgoing.GetValueOrDefault(id) ?? [])
                    {
                        if (edge.Target == loop.Id)
                        {
                            allowed.Add(edge);
                        }
                        else if (body.Add(edge.Target))
                        {
                            queue.Enqueue(edge.Target);
                        }
                    }
                }
            }

            var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 visiting, 2 done
            var stack = new List<string>();
            foreach (var start in nodes.Keys)
            {
                if (Visit(start))
                {
                    return;
                }
            }

            bool Visit(string id)
            {
                if (state.GetValueOrDefault(id) == 2)
                {
                    return false;
                }

                state[id] = 1;
                stack.Add(id);
                foreach (var edge in (outgoing.GetValueOrDefault(id) ?? []).Where(e => !allowed.Contains(e)))
                {
                    if (state.GetValueOrDefault(edge.Target) == 1)
                    {
                        var cycle = stack.Skip(stack.IndexOf(edge.Target)).Append(edge.Target);
                        errors.Add(new FieldError($"edges[{edge.Index}]", $"This edge closes a cycle ({string.Join(" → ", cycle)}) that does not run through a loop's body."));
                        return true;
                    }

                    if (Visit(edge.Target))
                    {
                        return true;
                    }
                }

                stack.RemoveAt(stack.Count - 1);
                state[id] = 2;
                return false;
            }
        }
    }

    /// <summary>The linear form: steps run in order; conditions hold then/else lists, loops a body list.</summary>
    sealed class StepListReader(WorkflowCompiler compiler, WorkflowDraft draft, List<FieldError> errors, Dictionary<string, string> paths)
    {
        readonly Dictionary<string, PlanStep> _steps = new(StringComparer.Ordinal);
        readonly HashSet<string> _ids = new(StringComparer.Ordinal);
        ContextSchema _schema = ContextSchema.For(draft.TriggerType);

        public WorkflowPlan? Read()
        {
            var all = new List<(string Id, string Type, JsonObject? Config)>();
            Collect(draft.Steps, "steps", all);
            _schema = _schema.With(BoundNames(all.Select(s => (s.Type, s.Config))), all.Select(s => s.Id));
            var start = ReadList(draft.Steps, "steps", continuation: null);
            return new WorkflowPlan(draft.TriggerType, start, _steps, []);
        }

        /// <summary>First pass: ids (given or generated from the path) and types, so templates may refer to any step.</summary>
        static void Collect(JsonArray list, string path, List<(string, string, JsonObject?)> all)
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i] is not JsonObject step)
                {
                    continue;
                }

                var itemPath = $"{path}[{i}]";
                all.Add((IdOf(step, itemPath), Text(step["type"]) ?? "", step["config"] as JsonObject));
                foreach (var branch in new[] { "then", "else", "body" })
                {
                    if (step[branch] is JsonArray nested)
                    {
                        Collect(nested, $"{itemPath}.{branch}", all);
                    }
                }
            }
        }

        static string IdOf(JsonObject step, string path) =>
            Text(step["id"]) is { Length: > 0 } id ? id : path.Replace("steps", "step", StringComparison.Ordinal).Replace('[', '-').Replace("]", "", StringComparison.Ordinal).Replace('.', '-');

        /// <returns>The id of the list's first step, or <paramref name="continuation"/> when it is empty.</returns>
        string? ReadList(JsonArray list, string path, string? continuation)
        {
            var ids = new string?[list.Count + 1];
            ids[list.Count] = continuation;
            for (var i = 0; i < list.Count; i++)
            {
                ids[i] = list[i] is JsonObject step ? IdOf(step, $"{path}[{i}]") : null;
            }

            for (var i = 0; i < list.Count; i++)
            {
                var itemPath = $"{path}[{i}]";
                if (list[i] is not JsonObject step)
                {
                    errors.Add(new FieldError(itemPath, "A step must be an object {id, type, ...}."));
                    continue;
                }

                var id = ids[i]!;
                if (!_ids.Add(id))
                {
                    errors.Add(new FieldError($"{itemPath}.id", $"Another step already has id '{id}'."));
                    continue;
                }

                var type = Text(step["type"]);
                if (type is null || !StepTypes.Contains(type))
                {
                    errors.Add(new FieldError($"{itemPath}.type", $"Unknown step type '{type}': use one of {string.Join(", ", StepTypes)}."));
                    continue;
                }

                var next = ids[(i + 1)..].FirstOrDefault(n => n is not null) ?? continuation;
                paths[id] = itemPath;
                var kind = type;
                string? whenTrue = null, whenFalse = null, body = null;
                if (kind == "condition")
                {
                    var then = step["then"] as JsonArray;
                    if (then is null || then.Count == 0)
                    {
                        errors.Add(new FieldError(itemPath, $"Condition '{id}' has no 'then' steps (its true branch)."));
                    }
                    else
                    {
                        whenTrue = ReadList(then, $"{itemPath}.then", next);
                    }

                    whenFalse = step["else"] is JsonArray otherwise ? ReadList(otherwise, $"{itemPath}.else", next) : next;
                }
                else if (kind == "loop")
                {
                    if (step["body"] is not JsonArray loopBody || loopBody.Count == 0)
                    {
                        errors.Add(new FieldError(itemPath, $"Loop '{id}' has no 'body' steps."));
                    }
                    else
                    {
                        body = ReadList(loopBody, $"{itemPath}.body", continuation: null);
                    }
                }

                var planStep = compiler.ReadStep(
                    id, kind, Text(step["label"]), step, step["config"] as JsonObject, itemPath, $"{itemPath}.config", _schema, errors,
                    next: kind == "condition" ? null : next, whenTrue, whenFalse, body);
                if (planStep is not null)
                {
                    _steps[id] = planStep;
                }
            }

            return ids.Take(list.Count).FirstOrDefault(n => n is not null) ?? continuation;
        }
    }
}
