using System.Text.Json.Nodes;

namespace Fixlify.Workflows;

/// <summary>
/// One step as a reader found it, whatever the definition's form (graph or linear steps): its id and kind, where it
/// sits in the definition (<see cref="Path"/>, <see cref="ConfigPath"/>, for errors), its raw body (<see cref="Data"/>
/// holds an action's <c>actionType</c>, <c>retry</c>, <c>onlyIf</c>, <c>continueOnError</c>) and the ids it leads to.
/// </summary>
internal sealed record StepSkeleton(
    string Id,
    string Kind,
    string? Label,
    JsonObject? Data,
    JsonObject? Config,
    string Path,
    string ConfigPath,
    string? Next,
    string? WhenTrue = null,
    string? WhenFalse = null,
    string? Body = null);

/// <summary>
/// A definition as a reader outlines it: the first step, what templates may name (<see cref="StepIds"/>, and the
/// <see cref="BoundNames"/> loops and api_call's saveAs put into the context), and the steps. <see cref="Steps"/> is read
/// lazily, so the problems a reader finds on the way keep their place among the step bodies' problems.
/// </summary>
internal sealed record WorkflowOutline(string? Start, IEnumerable<string> StepIds, IEnumerable<string> BoundNames, IEnumerable<StepSkeleton> Steps)
{
    /// <summary>Names a workflow binds into the context: a loop's <c>as</c> (default <c>item</c>) and an action's <c>saveAs</c>.</summary>
    public static IEnumerable<string> Bound(IEnumerable<(string Kind, JsonObject? Config)> steps) =>
        steps.SelectMany(s => s.Kind switch
        {
            "loop" => [JsonText.Of(s.Config?["as"]) ?? "item"],
            "action" when JsonText.Of(s.Config?["saveAs"]) is { } saveAs => [saveAs],
            _ => Array.Empty<string>(),
        });
}
