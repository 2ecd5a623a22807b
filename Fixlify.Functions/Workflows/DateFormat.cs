namespace Fixlify.Workflows;

/// <summary>A friendly way to write a date or time chip (the <c>date</c> filter's format), with an example, for fields of <see cref="Kinds"/>.</summary>
internal sealed record DateFormat(string Format, string Example, IReadOnlyList<FieldKind> Kinds);
