using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Workflows;

namespace Fixlify.Tests.Engine;

/// <summary>
/// The <see cref="PlanWalker"/> moved to another version (ADR 0021), without a database or a host: the move is taken only
/// between top-level steps (a loop finishes on its version first), and the walk goes on with the new plan from the step
/// the move names, keeping what it has.
/// </summary>
public sealed class PlanWalkerMoveTests
{
    static readonly DateTime Start = new(2026, 12, 7, 15, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Move_AskedInsideALoop_FinishesTheLoopOnItsVersion_ThenGoesOnWithTheNewPlanAfterTheLoop()
    {
        var effects = new RecordingEffects(Start);
        var moves = new ScriptedMoves(Plan(withFollowUp: true));
        var state = new JsonObject { ["trigger"] = new JsonObject { ["type"] = "manual" }, ["steps"] = new JsonObject() };

        var outcome = await new PlanWalker(Plan(withFollowUp: false), state, chainDepth: 0, effects, moves).RunAsync();

        Assert.Equal(ExecutionStatus.Completed, outcome.Status);
        Assert.Equal(["each[0].visit", "each[1].visit", "done", "follow-up"], effects.Attempts.Select(a => a.Call.Key));
        Assert.Equal([new MovePosition("each", "Visits", "done", "Done")], moves.Taken);
        Assert.Contains("Moved from version 1 to version 2 at step “Done”.", outcome.Warnings);
    }

    [Fact]
    public async Task Move_AskedAfterTheLastStep_GoesOnWithWhatTheNewVersionAddedAfterIt()
    {
        var effects = new RecordingEffects(Start);
        var moves = new ScriptedMoves(Plan(withFollowUp: true), afterStep: "done");
        var state = new JsonObject { ["trigger"] = new JsonObject { ["type"] = "manual" }, ["steps"] = new JsonObject() };

        var outcome = await new PlanWalker(Plan(withFollowUp: false), state, chainDepth: 0, effects, moves).RunAsync();

        Assert.Equal(["each[0].visit", "each[1].visit", "done", "follow-up"], effects.Attempts.Select(a => a.Call.Key));
        Assert.Equal([new MovePosition("done", "Done", null, null)], moves.Taken);
    }

    /// <summary>A loop of two visits, then "done" (and, in the new version, a follow-up after it).</summary>
    static WorkflowPlan Plan(bool withFollowUp)
    {
        var steps = new Dictionary<string, PlanStep>(StringComparer.Ordinal)
        {
            ["each"] = new LoopStep("each", "Visits", "done", null, 2, 10, "item", "visit"),
            ["visit"] = Action("visit", "Visit", null),
            ["done"] = Action("done", "Done", withFollowUp ? "follow-up" : null),
        };
        if (withFollowUp)
        {
            steps["follow-up"] = Action("follow-up", "Follow up", null);
        }

        return new WorkflowPlan("manual", "each", steps, []);
    }

    static ActionStep Action(string id, string label, string? next) =>
        new(id, label, next, "create_task", new JsonObject { ["title"] = label }, new RetrySettings(1, TimeSpan.FromSeconds(1), 1, TimeSpan.FromSeconds(1)), false, null, [], []);

    /// <summary>A move asked from the start (or once <paramref name="afterStep"/> has run), answered as the activity would: after the step done.</summary>
    sealed class ScriptedMoves(WorkflowPlan next, string? afterStep = null) : IVersionMoves
    {
        public List<MovePosition> Taken { get; } = [];

        public bool Asked => Taken.Count == 0;

        public Task<ExecutionMove> MoveAsync(MovePosition position)
        {
            if (afterStep is not null && position.DoneStepId != afterStep)
            {
                return Task.FromResult(new ExecutionMove(null, 2, "not yet"));
            }

            Taken.Add(position);
            var target = next[position.DoneStepId].Next;
            return Task.FromResult(new ExecutionMove(next, 2, $"Moved from version 1 to version 2 at step “{PlanWalker.Name(next[target!])}”.", null, target));
        }
    }
}
