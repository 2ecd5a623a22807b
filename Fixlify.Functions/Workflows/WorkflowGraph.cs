using System.Text.Json.Nodes;

namespace Fixlify.Workflows;

/// <summary>A node of a graph definition: its place in <c>nodes</c>, its id, its type and its <c>data</c>.</summary>
internal sealed record GraphNode(int Index, string Id, string Type, JsonObject? Data = null);

/// <summary>An edge of a graph definition: its place in <c>edges</c>, its ends, and its source handle (null: the plain "next").</summary>
internal sealed record GraphEdge(int Index, string Source, string Target, string? Handle = null);

/// <summary>
/// The graph of a definition (nodes and edges already read one by one) and the checks of its shape: every condition
/// has a true branch and every loop a body, every node can be reached from the trigger, and the only cycles run from a
/// loop through its body back to the loop. Each problem is reported with the node or edge it concerns.
/// </summary>
internal sealed class WorkflowGraph(Dictionary<string, GraphNode> nodes, IReadOnlyList<GraphEdge> edges)
{
    readonly Dictionary<string, List<GraphEdge>> _outgoing = edges.GroupBy(e => e.Source).ToDictionary(g => g.Key, g => g.ToList());

    /// <summary>The nodes, by id, in the order of <c>nodes</c>.</summary>
    public IReadOnlyDictionary<string, GraphNode> Nodes => nodes;

    /// <summary>Where the edge from <paramref name="id"/> with <paramref name="handle"/> leads, if there is one.</summary>
    public string? NextOf(string id, string? handle) =>
        _outgoing.TryGetValue(id, out var list) ? list.FirstOrDefault(e => e.Handle == handle)?.Target : null;

    /// <summary>All three checks, in this order: branches, reachability from <paramref name="triggerId"/>, cycles.</summary>
    public void Check(string triggerId, ICollection<FieldError> errors)
    {
        CheckBranches(errors);
        CheckReachable(triggerId, errors);
        CheckCycles(errors);
    }

    public void CheckBranches(ICollection<FieldError> errors)
    {
        foreach (var node in nodes.Values.OrderBy(n => n.Index))
        {
            var handles = _outgoing.TryGetValue(node.Id, out var list) ? list.Select(e => e.Handle).ToList() : [];
            if (node.Type == "condition" && !handles.Contains("true"))
            {
                errors.Add(new FieldError($"nodes[{node.Index}]", "Choose what happens when the check is true."));
            }

            if (node.Type == "loop" && !handles.Contains("body"))
            {
                errors.Add(new FieldError($"nodes[{node.Index}]", "Add the steps to repeat."));
            }
        }
    }

    public void CheckReachable(string triggerId, ICollection<FieldError> errors)
    {
        var reachable = Reachable(triggerId);
        foreach (var node in nodes.Values.Where(n => !reachable.Contains(n.Id)).OrderBy(n => n.Index))
        {
            errors.Add(new FieldError($"nodes[{node.Index}]", "Nothing leads to this step: connect it to the steps before it, or remove it."));
        }
    }

    /// <summary>The only cycles allowed run from a loop through its body back to the loop; the first other one found is reported.</summary>
    public void CheckCycles(ICollection<FieldError> errors)
    {
        var allowed = LoopBackEdges();
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 visiting, 2 done
        var stack = new List<string>();
        foreach (var start in nodes.Keys)
        {
            if (Visit(start))
            {
                return;
            }
        }

        bool Visit(string id)
        {
            if (state.GetValueOrDefault(id) == 2)
            {
                return false;
            }

            state[id] = 1;
            stack.Add(id);
            foreach (var edge in (_outgoing.GetValueOrDefault(id) ?? []).Where(e => !allowed.Contains(e)))
            {
                if (state.GetValueOrDefault(edge.Target) == 1)
                {
                    var cycle = stack.Skip(stack.IndexOf(edge.Target)).Append(edge.Target);
                    errors.Add(new FieldError($"edges[{edge.Index}]", "This line goes back to an earlier step: to do something again, put it inside a Repeat step."));
                    return true;
                }

                if (Visit(edge.Target))
                {
                    return true;
                }
            }

            stack.RemoveAt(stack.Count - 1);
            state[id] = 2;
            return false;
        }
    }

    HashSet<string> Reachable(string from)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { from };
        var queue = new Queue<string>([from]);
        while (queue.TryDequeue(out var id))
        {
            foreach (var edge in _outgoing.GetValueOrDefault(id) ?? [])
            {
                if (seen.Add(edge.Target))
                {
                    queue.Enqueue(edge.Target);
                }
            }
        }

        return seen;
    }

    /// <summary>The edges that lead from inside a loop's body back to the loop.</summary>
    HashSet<GraphEdge> LoopBackEdges()
    {
        var allowed = new HashSet<GraphEdge>();
        foreach (var loop in nodes.Values.Where(n => n.Type == "loop"))
        {
            var bodyStart = NextOf(loop.Id, "body");
            if (bodyStart is null)
            {
                continue;
            }

            var body = new HashSet<string>(StringComparer.Ordinal) { bodyStart };
            var queue = new Queue<string>([bodyStart]);
            while (queue.TryDequeue(out var id))
            {
                if (id == loop.Id)
                {
                    continue;
                }

                foreach (var edge in _outgoing.GetValueOrDefault(id) ?? [])
                {
                    if (edge.Target == loop.Id)
                    {
                        allowed.Add(edge);
                    }
                    else if (body.Add(edge.Target))
                    {
                        queue.Enqueue(edge.Target);
                    }
                }
            }
        }

        return allowed;
    }
}
