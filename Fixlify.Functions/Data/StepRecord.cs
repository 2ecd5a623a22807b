using System.Globalization;
using System.Text.Json.Nodes;

namespace Fixlify.Data;

/// <summary>
/// One step of an execution as it ran (a row of automation_execution_steps). <see cref="StepKey"/> is unique in the
/// execution (<c>each[2].mail</c> inside a loop); <see cref="Sequence"/> orders the steps as they started. Times UTC.
/// </summary>
internal sealed record StepRecord(
    string StepKey, string StepId, string Type, string? Label, int Sequence, StepStatus Status, DateTime StartedAt, DateTime? FinishedAt,
    int Attempts, JsonNode? Output, string? Error, string? Warning = null)
{
    /// <summary>The step as the API shows it.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["stepKey"] = StepKey,
            ["stepId"] = StepId,
            ["type"] = Type,
            ["label"] = Label,
            ["sequence"] = Sequence,
            ["status"] = Status.Text(),
            ["startedAt"] = StartedAt.ToString("O", CultureInfo.InvariantCulture),
            ["finishedAt"] = FinishedAt?.ToString("O", CultureInfo.InvariantCulture),
            ["attempts"] = Attempts,
            ["output"] = Output?.DeepClone(),
            ["error"] = Error,
        };
        if (Warning is not null)
        {
            json["warning"] = Warning;
        }

        return json;
    }
}
