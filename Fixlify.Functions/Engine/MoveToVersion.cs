namespace Fixlify.Engine;

/// <summary>
/// The external event a publish raises on each execution chosen to move (ADR 0021), after its commit: go on with
/// <see cref="Version"/> of the workflow at the next step. The orchestration takes it between steps (<see cref="DurableVersionMoves"/>).
/// </summary>
internal sealed record MoveToVersion(int Version)
{
    public const string EventName = nameof(MoveToVersion);
}
