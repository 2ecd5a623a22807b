namespace Fixlify.Application;

/// <summary>
/// What happens, when a new version is published, to the executions of one older version at one step: they finish on
/// their version (the default), move to the new version at their next step (ADR 0021), or are cancelled with a reason.
/// </summary>
/// <param name="StepId">The step they are at; null for those not begun.</param>
internal sealed record InFlightChoice(int Version, string? StepId, InFlightChoice.Kind Choice, string? Reason)
{
    internal enum Kind
    {
        Finish,
        Cancel,
        Move,
    }
}
