namespace Fixlify.Engine;

/// <summary>
/// A run's way to another version of its workflow (ADR 0021): the publish asked for it, and the <see cref="PlanWalker"/>
/// takes it between top-level steps. Only a run has one (<see cref="DurableVersionMoves"/>); a dry run and a backtest never move.
/// </summary>
internal interface IVersionMoves
{
    /// <summary>A move was asked for and not taken yet (read between steps, deterministically in an orchestration).</summary>
    bool Asked { get; }

    /// <summary>
    /// Takes the move asked for, at <paramref name="position"/>: the new version's plan and the step to go on from when it
    /// can take the run there, else none, with the words the execution shows either way.
    /// </summary>
    Task<ExecutionMove> MoveAsync(MovePosition position);
}
