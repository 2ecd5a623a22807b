using Fixlify.Workflows;

namespace Fixlify.Tests.Workflows;

/// <summary>The shape checks of a graph definition on their own: branches, reachability from the trigger, cycles.</summary>
public sealed class WorkflowGraphTests
{
    static WorkflowGraph Graph(string[] nodes, params (string From, string To, string? Handle)[] edges) => new(
        nodes.Select((n, i) => (Parts: n.Split(':'), Index: i)).ToDictionary(n => n.Parts[0], n => new GraphNode(n.Index, n.Parts[0], n.Parts[1])),
        [.. edges.Select((e, i) => new GraphEdge(i, e.From, e.To, e.Handle))]);

    static List<string> Check(WorkflowGraph graph)
    {
        var errors = new List<FieldError>();
        graph.Check("t", errors);
        return [.. errors.Select(e => $"{e.Path}: {e.Message}")];
    }

    [Fact]
    public void Check_LoopBodyLeadingBackToTheLoop_HasNoProblem()
    {
        var graph = Graph(["t:trigger", "l:loop", "a:action", "b:action", "z:action"], ("t", "l", null), ("l", "a", "body"), ("a", "b", null), ("b", "l", null), ("l", "z", "done"));

        Assert.Empty(Check(graph));
        Assert.Equal("a", graph.NextOf("l", "body"));
        Assert.Equal("z", graph.NextOf("l", "done"));
    }

    [Fact]
    public void Check_CycleOutsideALoop_NamesTheEdgeThatClosesIt()
    {
        var graph = Graph(["t:trigger", "a:action", "b:action", "c:action"], ("t", "a", null), ("a", "b", null), ("b", "c", null), ("c", "a", null));

        Assert.Equal(["edges[3]: This line goes back to an earlier step: to do something again, put it inside a Repeat step."], Check(graph));
    }

    [Fact]
    public void Check_NodeNothingLeadsTo_CannotBeReached()
    {
        var graph = Graph(["t:trigger", "a:action", "lost:action", "after:action"], ("t", "a", null), ("lost", "after", null));

        Assert.Equal(["nodes[2]: Nothing leads to this step: connect it to the steps before it, or remove it.", "nodes[3]: Nothing leads to this step: connect it to the steps before it, or remove it."], Check(graph));
    }

    [Fact]
    public void Check_ConditionWithoutTrueAndLoopWithoutBody_AreReportedFirst()
    {
        var graph = Graph(["t:trigger", "c:condition", "l:loop", "a:action"], ("t", "c", null), ("c", "l", "false"), ("l", "a", "done"));

        Assert.Equal(["nodes[1]: Choose what happens when the check is true.", "nodes[2]: Add the steps to repeat."], Check(graph));
    }

    [Fact]
    public void Check_PathFromALoopsDoneBackIntoIt_IsACycle()
    {
        // Only the loop's body may lead back to it; what follows "done" may not.
        var graph = Graph(["t:trigger", "a:action", "l:loop", "b:action", "x:action"], ("t", "a", null), ("a", "l", null), ("l", "b", "body"), ("l", "x", "done"), ("x", "a", null));

        Assert.Equal(["edges[4]: This line goes back to an earlier step: to do something again, put it inside a Repeat step."], Check(graph));
    }
}
