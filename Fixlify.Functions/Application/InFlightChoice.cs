namespace Fixlify.Application;

/// <summary>
/// What happens, when a new version is published, to the executions of one older version at one step: they finish on
/// their version (the default), or are cancelled with a reason. (Moving them to the new version: ADR 0021.)
/// </summary>
/// <param name="StepId">The step they are at; null for those not begun.</param>
internal sealed record InFlightChoice(int Version, string? StepId, InFlightChoice.Kind Choice, string? Reason)
{
    internal enum Kind
    {
        Finish,
        Cancel,
    }
}
