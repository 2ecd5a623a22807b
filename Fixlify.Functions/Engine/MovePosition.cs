namespace Fixlify.Engine;

/// <summary>
/// Where a run is when it takes a move (ADR 0021): the top-level step it has just done, and the step its own plan would
/// run next (null: its path ends), each with its name as a person reads it.
/// </summary>
internal sealed record MovePosition(string DoneStepId, string DoneName, string? NextStepId, string? NextName);
