using System.Text.Json.Nodes;

namespace Fixlify.Workflows;

/// <summary>
/// An action type as a definition sees it: its name, its retries by default, how its config is checked and what it reads.
/// The engine's action handlers are these (and do the action); the compiler and the catalog need only this much.
/// </summary>
internal interface IActionType
{
    /// <summary>The name the builder uses, e.g. <c>send_email</c>.</summary>
    string ActionType { get; }

    /// <summary>The type in words, for the builder: label, description, summary sentence and outputs.</summary>
    ActionWords Words { get; }

    /// <summary>Retries when the step does not set its own.</summary>
    RetrySettings DefaultRetry { get; }

    /// <summary>Checks a step's config before the workflow is saved (or records the checks, for the catalog).</summary>
    void Validate(ActionConfigValidation validation);

    /// <summary>
    /// The context paths a step of this type reads with <paramref name="config"/>: the templates in it, and what the
    /// type's defaults read (a default recipient, a default payload). Its activity is given these parts of the context,
    /// with the ids of the execution's records, and nothing else.
    /// </summary>
    IEnumerable<string> Reads(JsonObject config) => PlanReads.TemplatePaths(config);
}
