using System.Text.Json.Nodes;
using Fixlify.Actions;
using Fixlify.Api;
using Fixlify.Data;
using Fixlify.Workflows;

namespace Fixlify.Engine;

/// <summary>A dry run's report, or what is wrong with the records it was asked to use (nothing ran then).</summary>
public sealed record DryRunResult(JsonObject? Report, IReadOnlyList<FieldError> Errors);

/// <summary>
/// Tries a workflow's current definition on real records without doing anything: builds the context as an execution's
/// start does, then walks the plan as <see cref="RunWorkflow"/> does — conditions (with each rule's actual value),
/// delays and quiet hours on a simulated clock that starts now, loops — and asks each action's handler for a preview
/// (<see cref="IActionHandler.PreviewAsync"/>) instead of running it. Every database read is in a read-only
/// transaction; nothing is sent, logged or written.
/// </summary>
public sealed class WorkflowDryRun(TenantDatabase database, WorkflowCompiler compiler, ActionHandlers handlers, TimeProvider clock)
{
    public const string WouldRun = ActionPreview.WouldRunStatus;

    public async Task<DryRunResult> RunAsync(Guid organizationId, WorkflowRecord workflow, JsonObject triggerData, CancellationToken cancellationToken)
    {
        var compiled = compiler.Compile(new WorkflowDraft(workflow.TriggerType, workflow.TriggerConfig, workflow.Nodes, workflow.Edges, workflow.Steps));
        if (compiled.Plan is not { } plan)
        {
            throw new InvalidWorkflowException($"Workflow {workflow.Id} is not valid: {string.Join("; ", compiled.Errors.Select(e => $"{e.Path}: {e.Message}"))}");
        }

        var executionId = UUIDNext.Uuid.NewSequential();
        JsonObject context;
        await using (var transaction = await database.BeginReadOnlyAsync(organizationId, cancellationToken))
        {
            var errors = await CheckRecordsAsync(transaction, triggerData["data"], cancellationToken);
            if (errors.Count > 0)
            {
                return new DryRunResult(null, errors);
            }

            context = await ExecutionContextBuilder.BuildAsync(
                transaction,
                new ExecutionContextSource(executionId, organizationId, workflow.Id, workflow.Name, workflow.Version, workflow.TriggerType, triggerData),
                cancellationToken);
        }

        var startsAt = clock.GetUtcNow().ToUniversalTime();
        var walk = new Walk(handlers, organizationId, executionId, plan, context, startsAt);
        string? error = null;
        try
        {
            await walk.PathAsync(plan.Start, stopAt: null, keyPrefix: "", cancellationToken);
        }
        catch (WouldFailException e)
        {
            error = e.Message;
        }

        var records = new JsonObject();
        foreach (var record in TriggerTypes.All.GetValueOrDefault(workflow.TriggerType) ?? [])
        {
            records[record] = record == "technicians"
                ? (context["technicians"] as JsonArray)?.Count ?? 0
                : ActionContext.RecordId(context, record)?.ToString();
        }

        return new DryRunResult(
            new JsonObject
            {
                ["workflowId"] = workflow.Id.ToString(),
                ["workflowName"] = workflow.Name,
                ["workflowVersion"] = workflow.Version,
                ["isActive"] = workflow.IsActive,
                ["triggerType"] = workflow.TriggerType,
                ["startsAt"] = startsAt,
                ["endsAt"] = walk.Now,
                ["outcome"] = error is null ? "would_complete" : "would_fail",
                ["error"] = error,
                ["records"] = records,
                ["steps"] = walk.Entries,
            },
            []);
    }

    /// <summary>Every record the run's values name must be an id of a record of the organization (another's is not found).</summary>
    static async Task<List<FieldError>> CheckRecordsAsync(DatabaseTransaction transaction, JsonNode? data, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        if (data is JsonObject values)
        {
            foreach (var record in BusinessRecords.Tables.Keys.Where(r => r != "organization" && values[r] is not null and not JsonObject))
            {
                errors.Add(new FieldError($"context.{record}", $"Name the {record} by its id: {{\"{record}Id\": \"...\"}} or {{\"{record}\": {{\"id\": \"...\"}}}}."));
            }
        }

        foreach (var (record, text, path) in ExecutionContextBuilder.NamedRecords(data))
        {
            if (!Guid.TryParse(text, out var id))
            {
                errors.Add(new FieldError($"context.{path}", $"'{text}' is not a {record} id."));
            }
            else if (await BusinessRecords.LoadAsync(transaction, record, id, cancellationToken) is null)
            {
                errors.Add(new FieldError($"context.{path}", $"No {record} '{id}' in your organization."));
            }
        }

        return errors;
    }

    sealed class WouldFailException(string message) : Exception(message);

    /// <summary>One walk through the plan, step by step, on a simulated clock; mirrors <see cref="RunWorkflow"/>'s walk.</summary>
    sealed class Walk(ActionHandlers handlers, Guid organizationId, Guid executionId, WorkflowPlan plan, JsonObject state, DateTimeOffset start)
    {
        /// <summary>Context paths a dry run cannot know (an API's answer) → the step whose answer it would be.</summary>
        readonly Dictionary<string, string> _unknown = new(StringComparer.Ordinal);

        public DateTimeOffset Now { get; private set; } = start;

        public JsonArray Entries { get; } = [];

        JsonObject Steps => (JsonObject)(state["steps"] ??= new JsonObject());

        public async Task PathAsync(string? stepId, string? stopAt, string keyPrefix, CancellationToken cancellationToken)
        {
            while (stepId is not null && stepId != stopAt)
            {
                var step = plan[stepId];
                var key = keyPrefix + step.Id;
                stepId = step.Kind switch
                {
                    StepKind.Action => await ActionAsync(step, key, cancellationToken),
                    StepKind.Condition => Condition(step, key),
                    StepKind.Delay => Delay(step, key),
                    _ => await LoopAsync(step, key, cancellationToken),
                };
            }
        }

        string? Condition(PlanStep step, string key)
        {
            var when = step.Condition!.When;
            var entry = Entry(step, key, "condition");
            Reads(entry, Fields(when));
            var result = ConditionEvaluator.Evaluate(when, state);
            entry["branch"] = result ? "true" : "false";
            entry["condition"] = ConditionEvaluator.Explain(when, state);
            Steps[step.Id] = StepEvaluation.ConditionOutput(result);
            return result ? step.Condition.WhenTrue : step.Condition.WhenFalse;
        }

        string? Delay(PlanStep step, string key)
        {
            var delay = step.Delay!;
            var entry = Entry(step, key, "delay");
            if (delay.Until is { } until)
            {
                Reads(entry, [until]);
            }

            if (StepEvaluation.DelayUntil(delay, state, Now.UtcDateTime) is not { } fireAt)
            {
                return Fail(entry, step, StepEvaluation.NoDate(step), continueOnError: false);
            }

            var end = new DateTimeOffset(DateTime.SpecifyKind(fireAt, DateTimeKind.Utc));
            entry["until"] = end;
            entry["waits"] = end > Now;
            if (end > Now)
            {
                Now = end;
            }

            return step.Next;
        }

        async Task<string?> LoopAsync(PlanStep step, string key, CancellationToken cancellationToken)
        {
            var loop = step.Loop!;
            var entry = Entry(step, key, "loop");
            if (loop.Over is { } over)
            {
                Reads(entry, [over]);
            }

            if (StepEvaluation.Items(loop, state) is not { } items)
            {
                return Fail(entry, step, StepEvaluation.NotAList(step), continueOnError: false);
            }

            foreach (var (name, value) in StepEvaluation.LoopOutput(items))
            {
                entry[name] = value?.DeepClone();
            }

            var outer = state[loop.As]?.DeepClone();
            var outerLoop = state["loop"]?.DeepClone();
            for (var i = 0; i < items.Count; i++)
            {
                state[loop.As] = items.Items[i]?.DeepClone();
                state["loop"] = StepEvaluation.LoopVariable(i, items.Count);
                await PathAsync(loop.Body, stopAt: step.Id, keyPrefix: StepEvaluation.IterationPrefix(key, i), cancellationToken);
            }

            state[loop.As] = outer;
            state["loop"] = outerLoop;
            Steps[step.Id] = StepEvaluation.LoopOutput(items);
            return step.Next;
        }

        async Task<string?> ActionAsync(PlanStep step, string key, CancellationToken cancellationToken)
        {
            var action = step.Action!;
            var entry = Entry(step, key, action.ActionType);
            Reads(entry, [.. TemplatePaths(action.Config), .. action.OnlyIf is { } reads ? Fields(reads) : []]);
            if (action.OnlyIf is { } guard)
            {
                // The context was read from the database when the dry run began: these are the current records.
                entry["onlyIf"] = ConditionEvaluator.Explain(guard, state);
                if (!ConditionEvaluator.Evaluate(guard, state))
                {
                    var reason = ExecuteAction.OnlyIfNotMet(guard);
                    entry["status"] = "skipped";
                    entry["reason"] = reason;
                    Steps[step.Id] = new JsonObject { ["reason"] = reason };
                    return step.Next;
                }
            }

            var handler = handlers.Get(action.ActionType);
            var deferrals = new JsonArray();
            ActionPreview preview;
            try
            {
                while (true)
                {
                    var request = new ActionRequest(executionId, organizationId, key, action.ActionType, action.Config, state, Attempt: 1, ChainDepth: 0);
                    preview = await handler.PreviewAsync(request, Now, cancellationToken);
                    if (preview.Status != "deferred")
                    {
                        break;
                    }

                    if (preview.NotBefore is not { } notBefore || deferrals.Count >= RunWorkflow.MaxDeferrals)
                    {
                        return Fail(entry, step, $"put off {deferrals.Count} times: {preview.Reason}", action.ContinueOnError);
                    }

                    // Not now (quiet hours): the run waits and asks again, so the simulated clock moves on.
                    deferrals.Add(new JsonObject { ["from"] = Now, ["until"] = notBefore, ["reason"] = preview.Reason });
                    if (notBefore > Now)
                    {
                        Now = notBefore.ToUniversalTime();
                    }
                }
            }
            catch (PermanentActionException e)
            {
                return Fail(entry, step, e.Message, action.ContinueOnError);
            }

            if (deferrals.Count > 0)
            {
                entry["deferred"] = deferrals;
            }

            entry["at"] = Now;
            entry["status"] = preview.Status;
            if (preview.Status != WouldRun)
            {
                entry["reason"] = preview.Reason;
            }

            entry["preview"] = preview.Rendered;
            if (preview.OutputUnknown)
            {
                entry["outputUnknown"] = true;
                Note(entry, preview.Note ?? "its output is unknown to a dry run");
                _unknown[$"steps.{step.Id}"] = key;
                if (preview.SaveAs is { } name)
                {
                    _unknown[name] = key;
                }
            }

            Steps[step.Id] = preview.Output?.DeepClone();
            if (preview.SaveAs is { } saveAs)
            {
                state[saveAs] = preview.Output?.DeepClone();
            }

            return step.Next;
        }

        JsonObject Entry(PlanStep step, string key, string type)
        {
            var entry = new JsonObject
            {
                ["stepKey"] = key,
                ["stepId"] = step.Id,
                ["type"] = type,
                ["label"] = step.Label,
                ["status"] = WouldRun,
                ["at"] = Now,
            };
            Entries.Add(entry);
            return entry;
        }

        /// <summary>A step that would fail: the run stops there, unless the step continues on error.</summary>
        string? Fail(JsonObject entry, PlanStep step, string error, bool continueOnError)
        {
            entry["status"] = "would_fail";
            entry["error"] = error;
            if (!continueOnError)
            {
                throw new WouldFailException($"Step '{entry["stepKey"]}' ({entry["type"]}) would fail: {error}");
            }

            entry["continueOnError"] = true;
            Steps[step.Id] = new JsonObject { ["error"] = error };
            return step.Next;
        }

        /// <summary>Flags a step that reads what a dry run cannot know: what it shows may differ in a real run.</summary>
        void Reads(JsonObject entry, IEnumerable<string> paths)
        {
            var unknown = paths
                .SelectMany(path => _unknown.Keys.Where(root =>
                    path == root || path.StartsWith(root + ".", StringComparison.Ordinal) || path.StartsWith(root + "[", StringComparison.Ordinal)))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            if (unknown.Count == 0)
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

        static IEnumerable<string> Fields(ConditionGroup group) => group.Rules.Select(r => r.Field).Concat(group.Groups.SelectMany(Fields));

        /// <summary>The context paths the templates in a step's config read.</summary>
        static IEnumerable<string> TemplatePaths(JsonNode? node) => node switch
        {
            JsonObject obj => obj.SelectMany(p => TemplatePaths(p.Value)),
            JsonArray array => array.SelectMany(TemplatePaths),
            JsonValue value when value.TryGetValue<string>(out var text) && TemplateRenderer.IsTemplate(text) => TemplateVariables.Paths(text),
            _ => [],
        };
    }
}
