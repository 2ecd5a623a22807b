using System.Text.Json.Nodes;

namespace Fixlify.Engine;

/// <summary>
/// What an action would do at a given moment (a dry run), rendered by the code its send uses, with nothing sent and
/// nothing written. <see cref="Status"/> is <c>would_run</c>, <c>suppressed</c> (opted out, capped, no push
/// subscription), <c>skipped</c>, or <c>deferred</c>: not before <see cref="NotBefore"/> (quiet hours), when the dry run
/// moves its clock there and asks again. <see cref="Rendered"/> is what would go out (message, request, task, fields);
/// <see cref="Output"/> what later steps would read under <c>steps.&lt;id&gt;</c> (and <see cref="SaveAs"/>), as far as it
/// can be known without doing it; <see cref="OutputUnknown"/> says it cannot (an API's answer), with <see cref="Note"/>.
/// </summary>
internal sealed record ActionPreview(
    PreviewStatus Status,
    JsonObject Rendered,
    string? Reason = null,
    JsonNode? Output = null,
    string? SaveAs = null,
    DateTimeOffset? NotBefore = null,
    bool OutputUnknown = false,
    string? Note = null)
{
    public static ActionPreview WouldRun(JsonObject rendered, JsonNode? output) => new(PreviewStatus.WouldRun, rendered, Output: output);

    public static ActionPreview Suppressed(JsonObject rendered, string reason) =>
        new(PreviewStatus.Suppressed, rendered, reason, new JsonObject { ["reason"] = reason });

    /// <summary>The preview of a step a check stops: suppressed, skipped or deferred, as <paramref name="verdict"/> says.</summary>
    public static ActionPreview From(ActionOutcome verdict, JsonObject rendered) => verdict.Status switch
    {
        ActionStatus.Deferred => new(PreviewStatus.Deferred, rendered, verdict.Summary, verdict.Output?.DeepClone(), NotBefore: verdict.NotBefore is { } at ? new DateTimeOffset(at, TimeSpan.Zero) : null),
        _ => new(PreviewStatuses.Of(verdict.Status), rendered, verdict.Summary, verdict.Output?.DeepClone()),
    };

    /// <summary>An action whose result comes from outside (an HTTP answer): not done in a dry run, so later steps cannot know it.</summary>
    public static ActionPreview Unanswered(JsonObject rendered, string note, string? saveAs = null) =>
        new(PreviewStatus.WouldRun, rendered, SaveAs: saveAs, OutputUnknown: true, Note: note);
}
