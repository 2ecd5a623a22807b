using System.Text.Json.Nodes;

namespace Fixlify.Workflows;

/// <summary>
/// Reads the linear form of a definition into step skeletons: <c>steps</c> run in order; a condition holds <c>then</c>
/// and <c>else</c> lists, a loop a <c>body</c> list. A step without an id gets one from its path (<c>steps[1].then[0]</c>
/// is <c>step-1-then-0</c>). Every problem is added to the errors.
/// </summary>
internal sealed class StepListReader(WorkflowDraft draft, List<FieldError> errors)
{
    static readonly string[] StepTypes = ["action", "condition", "delay", "loop", "wait_for_reply", "wait_for_event"];

    readonly HashSet<string> _ids = new(StringComparer.Ordinal);

    public WorkflowOutline Read()
    {
        // First pass: ids and types, so templates may refer to any step.
        var all = new List<(string Id, string Type, JsonObject? Config)>();
        Collect(draft.Steps, "steps", all);
        return new WorkflowOutline(
            FirstId(draft.Steps, "steps", continuation: null),
            all.Select(s => s.Id),
            WorkflowOutline.Bound(all.Select(s => (s.Type, s.Config))),
            ReadList(draft.Steps, "steps", continuation: null));
    }

    static void Collect(JsonArray list, string path, List<(string, string, JsonObject?)> all)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonObject step)
            {
                continue;
            }

            var itemPath = $"{path}[{i}]";
            all.Add((IdOf(step, itemPath), JsonText.Of(step["type"]) ?? "", step["config"] as JsonObject));
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
        JsonText.Of(step["id"]) is { Length: > 0 } id ? id : path.Replace("steps", "step", StringComparison.Ordinal).Replace('[', '-').Replace("]", "", StringComparison.Ordinal).Replace('.', '-');

    /// <summary>The id of the list's first step, or <paramref name="continuation"/> when it has none.</summary>
    static string? FirstId(JsonArray list, string path, string? continuation) =>
        Ids(list, path).FirstOrDefault(n => n is not null) ?? continuation;

    static string?[] Ids(JsonArray list, string path) =>
        [.. list.Select((item, i) => item is JsonObject step ? IdOf(step, $"{path}[{i}]") : null)];

    /// <summary>The list's steps, the steps of a condition's or a loop's lists before the condition or loop itself.</summary>
    IEnumerable<StepSkeleton> ReadList(JsonArray list, string path, string? continuation)
    {
        var ids = Ids(list, path);
        for (var i = 0; i < list.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            if (list[i] is not JsonObject step)
            {
                errors.Add(new FieldError(itemPath, "This step cannot be read: fix it in code view."));
                continue;
            }

            var id = ids[i]!;
            if (!_ids.Add(id))
            {
                errors.Add(new FieldError($"{itemPath}.id", "Two steps have the same id: give this one another in code view."));
                continue;
            }

            var type = JsonText.Of(step["type"]);
            if (type is null || !StepTypes.Contains(type))
            {
                errors.Add(new FieldError($"{itemPath}.type", "This kind of step does not exist: choose one from the list."));
                continue;
            }

            var next = ids[(i + 1)..].FirstOrDefault(n => n is not null) ?? continuation;
            string? whenTrue = null, whenFalse = next, body = null;
            if (type == "condition")
            {
                if (step["then"] is not JsonArray then || then.Count == 0)
                {
                    errors.Add(new FieldError(itemPath, "Choose what happens when the check is true."));
                }
                else
                {
                    whenTrue = FirstId(then, $"{itemPath}.then", next);
                    foreach (var inner in ReadList(then, $"{itemPath}.then", next))
                    {
                        yield return inner;
                    }
                }

                if (step["else"] is JsonArray otherwise)
                {
                    whenFalse = FirstId(otherwise, $"{itemPath}.else", next);
                    foreach (var inner in ReadList(otherwise, $"{itemPath}.else", next))
                    {
                        yield return inner;
                    }
                }
            }
            else if (type == "loop")
            {
                if (step["body"] is not JsonArray loopBody || loopBody.Count == 0)
                {
                    errors.Add(new FieldError(itemPath, "Add the steps to repeat."));
                }
                else
                {
                    body = FirstId(loopBody, $"{itemPath}.body", continuation: null);
                    foreach (var inner in ReadList(loopBody, $"{itemPath}.body", continuation: null))
                    {
                        yield return inner;
                    }
                }
            }

            yield return new StepSkeleton(
                id, type, JsonText.Of(step["label"]), step, step["config"] as JsonObject, itemPath, $"{itemPath}.config",
                Next: type == "condition" ? null : next,
                WhenTrue: type == "condition" ? whenTrue : null,
                WhenFalse: type == "condition" ? whenFalse : null,
                Body: body);
        }
    }
}
