using System.Text.Json.Nodes;

namespace Fixlify.Workflows;

/// <summary>
/// An operator in words for fields of <see cref="Kinds"/>: <c>gt</c> is "is more than" for numbers and "is after" for
/// dates. <see cref="Value"/> says what the rule's value is: <c>one</c>, <c>many</c> (a list, for <c>in</c>) or <c>none</c>;
/// <see cref="FixedValue"/> is the value the builder writes itself when the words already say it ("is empty" is
/// <c>exists</c> with <c>false</c>).
/// </summary>
internal sealed record OperatorLabel(string Op, string Label, string Value, IReadOnlyList<FieldKind> Kinds, JsonNode? FixedValue = null);
