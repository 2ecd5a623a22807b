namespace Fixlify.Workflows;

/// <summary>One wrong thing in a request or a definition: where (a JSON path or parameter name) and what.</summary>
internal sealed record FieldError(string Path, string Message);
