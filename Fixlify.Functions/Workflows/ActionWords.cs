using System.Text.Json.Nodes;

namespace Fixlify.Workflows;

/// <summary>
/// An action type (or a step kind) in words: the palette's label, what it does, its part of the automation's summary
/// sentence ("email the client"), and the results it leaves under <c>steps.&lt;id&gt;</c> for later steps, each with a
/// label and kind.
/// </summary>
internal sealed record ActionWords(string Label, string Description, string Sentence, IReadOnlyList<RecordField> Outputs)
{
    public JsonArray OutputsJson() => new([.. Outputs.Select(o => (JsonNode?)o.ToJson())]);
}
