using System.Text.Json.Nodes;
using Fixlify.Workflows;

namespace Fixlify.Actions;

/// <summary>
/// Does one kind of action (send_email, send_sms, …). Runs inside the ExecuteAction activity: at least once,
/// so a handler with a side effect guards it with its delivery row. Throw <see cref="PermanentActionException"/>
/// for what a retry cannot fix; any other exception is retried per the step's retry settings.
/// </summary>
public interface IActionHandler
{
    /// <summary>The name the builder uses, e.g. <c>send_email</c>.</summary>
    string ActionType { get; }

    /// <summary>Retries when the step does not set its own.</summary>
    RetrySettings DefaultRetry { get; }

    /// <summary>Checks a step's config before the workflow is saved.</summary>
    void Validate(ActionConfigValidation validation);

    Task<ActionOutcome> ExecuteAsync(ActionRequest request, CancellationToken cancellationToken);
}

/// <summary>What a handler is asked to do: the step's config (templates not yet rendered) and the execution's context.</summary>
public sealed record ActionRequest(
    Guid ExecutionId,
    Guid OrganizationId,
    string StepKey,
    string ActionType,
    JsonObject Config,
    JsonObject Context,
    int Attempt,
    int ChainDepth);

/// <summary>
/// How the step ended. <see cref="Status"/> is <c>completed</c>, <c>suppressed</c> (deliberately not sent:
/// opted out, capped, guard false) or <c>skipped</c>; <see cref="Output"/> is saved under <c>steps.&lt;id&gt;</c>.
/// </summary>
public sealed record ActionOutcome(string Status, JsonNode? Output, string? Summary = null, string? SaveAs = null)
{
    public static ActionOutcome Completed(JsonNode? output, string? summary = null) => new("completed", output, summary);

    public static ActionOutcome Suppressed(string reason) => new("suppressed", new JsonObject { ["reason"] = reason }, reason);
}
