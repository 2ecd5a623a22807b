using System.Text.Json.Nodes;
using Fixlify.Workflows;

namespace Fixlify.Engine;

/// <summary>
/// Does one kind of action (send_email, send_sms, …). Runs inside the ExecuteAction activity: at least once,
/// so a handler with a side effect guards it with its delivery row. Throw <see cref="PermanentActionException"/>
/// for what a retry cannot fix; any other exception is retried per the step's retry settings.
/// </summary>
internal interface IActionHandler : IActionType
{
    Task<ActionOutcome> ExecuteAsync(ActionRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// What the step would do at <paramref name="at"/> (a dry run): rendered as <see cref="ExecuteAsync"/> renders it, with
    /// the same checks (opt-outs, caps, quiet hours, subscriptions, records) made by reading only, and nothing sent or
    /// written. Throws <see cref="PermanentActionException"/> where <see cref="ExecuteAsync"/> would fail the step.
    /// </summary>
    Task<ActionPreview> PreviewAsync(ActionRequest request, DateTimeOffset at, CancellationToken cancellationToken);
}

/// <summary>What a handler is asked to do: the step's config (templates not yet rendered) and the execution's context.</summary>
internal sealed record ActionRequest(
    Guid ExecutionId,
    Guid OrganizationId,
    string StepKey,
    string ActionType,
    JsonObject Config,
    JsonObject Context,
    int Attempt,
    int ChainDepth)
{
    /// <summary>No retry follows this attempt: a provider failing it opens its circuit and the step is held (ADR 0019).</summary>
    public bool FinalAttempt { get; init; }

    /// <summary>The step was held and is let go now (the provider answers, or this is its probe): it is tried whatever its circuit says.</summary>
    public bool Released { get; init; }
}

/// <summary>
/// How the step ended. <see cref="Status"/> is <c>completed</c>, <c>suppressed</c> (deliberately not sent:
/// opted out, capped, guard false), <c>skipped</c>, or <c>deferred</c>: not yet, ask again at
/// <see cref="NotBefore"/> (quiet hours, a provider's rate limit) — the orchestration waits on a durable timer and
/// runs the step again. <see cref="Output"/> is saved under <c>steps.&lt;id&gt;</c> (and under <see cref="SaveAs"/>).
/// </summary>
internal sealed record ActionOutcome(ActionStatus Status, JsonNode? Output, string? Summary = null, string? SaveAs = null, DateTime? NotBefore = null)
{
    public static ActionOutcome Completed(JsonNode? output, string? summary = null) => new(ActionStatus.Completed, output, summary);

    public static ActionOutcome Suppressed(string reason) => new(ActionStatus.Suppressed, new JsonObject { ["reason"] = reason }, reason);

    public static ActionOutcome Skipped(string reason) => new(ActionStatus.Skipped, new JsonObject { ["reason"] = reason }, reason);

    public static ActionOutcome Deferred(DateTimeOffset notBefore, string reason) =>
        new(ActionStatus.Deferred, new JsonObject { ["until"] = notBefore.UtcDateTime, ["reason"] = reason }, reason, NotBefore: notBefore.UtcDateTime);
}
