using System.Text.Json.Nodes;

namespace Fixlify.Workflows;

/// <summary>
/// Reads the builder's form of a definition (React Flow <c>nodes</c> and <c>edges</c>) into step skeletons: each node
/// and edge on its own, then the graph's shape (<see cref="WorkflowGraph"/>). Every problem is added to the errors.
/// </summary>
internal sealed class GraphReader(WorkflowDraft draft, List<FieldError> errors)
{
    /// <summary>The node types a graph definition may hold (the builder's catalog lists each).</summary>
    public static readonly IReadOnlyList<string> NodeTypes = ["trigger", "action", "condition", "delay", "loop", "wait_for_reply", "wait_for_event"];

    /// <returns>The outline, or null when the graph has not exactly one trigger.</returns>
    public WorkflowOutline? Read()
    {
        var nodes = ReadNodes();
        var graph = new WorkflowGraph(nodes, ReadEdges(nodes));
        var triggers = nodes.Values.Where(n => n.Type == "trigger").ToList();
        if (triggers.Count != 1)
        {
            errors.Add(new FieldError("nodes", triggers.Count == 0 ? "Add a start: choose what starts the automation." : "An automation has one start: remove the others."));
            return null;
        }

        graph.Check(triggers[0].Id, errors);
        var steps = nodes.Values.Where(n => n.Type != "trigger");
        return new WorkflowOutline(
            graph.NextOf(triggers[0].Id, null),
            steps.Select(n => n.Id),
            WorkflowOutline.Bound(nodes.Values.Select(n => (n.Type, n.Data?["config"] as JsonObject))),
            Skeletons(graph, steps.OrderBy(n => n.Index)));
    }

    IEnumerable<StepSkeleton> Skeletons(WorkflowGraph graph, IEnumerable<GraphNode> steps)
    {
        foreach (var node in steps)
        {
            var path = $"nodes[{node.Index}].data";
            yield return new StepSkeleton(
                node.Id, node.Type, JsonText.Of(node.Data?["label"]), node.Data, node.Data?["config"] as JsonObject, path, $"{path}.config",
                Next: node.Type is "condition" ? null : graph.NextOf(node.Id, node.Type is "loop" ? "done" : null),
                WhenTrue: graph.NextOf(node.Id, "true"),
                WhenFalse: graph.NextOf(node.Id, "false"),
                Body: graph.NextOf(node.Id, "body"));

            // After the step's body is read, as its problems come first.
            if (node.Data?["config"] is { } config && config is not JsonObject)
            {
                errors.Add(new FieldError($"{path}.config", "These settings cannot be read: fix them in code view."));
            }
        }
    }

    Dictionary<string, GraphNode> ReadNodes()
    {
        var nodes = new Dictionary<string, GraphNode>(StringComparer.Ordinal);
        for (var i = 0; i < draft.Nodes.Count; i++)
        {
            if (draft.Nodes[i] is not JsonObject node)
            {
                errors.Add(new FieldError($"nodes[{i}]", "This step cannot be read: fix it in code view."));
                continue;
            }

            var id = JsonText.Of(node["id"]);
            var type = JsonText.Of(node["type"]);
            if (string.IsNullOrWhiteSpace(id))
            {
                errors.Add(new FieldError($"nodes[{i}].id", "This step has no id: give it one in code view."));
                continue;
            }

            if (nodes.ContainsKey(id))
            {
                errors.Add(new FieldError($"nodes[{i}].id", "Two steps have the same id: give this one another in code view."));
                continue;
            }

            if (type is null || !NodeTypes.Contains(type))
            {
                errors.Add(new FieldError($"nodes[{i}].type", "This kind of step does not exist: choose one from the list."));
                continue;
            }

            if (node["data"] is { } data && data is not JsonObject)
            {
                errors.Add(new FieldError($"nodes[{i}].data", "This step's settings cannot be read: fix them in code view."));
                continue;
            }

            nodes[id] = new GraphNode(i, id, type, node["data"] as JsonObject);
        }

        return nodes;
    }

    List<GraphEdge> ReadEdges(Dictionary<string, GraphNode> nodes)
    {
        var edges = new List<GraphEdge>();
        for (var i = 0; i < draft.Edges.Count; i++)
        {
            var path = $"edges[{i}]";
            if (draft.Edges[i] is not JsonObject edge)
            {
                errors.Add(new FieldError(path, "This connection cannot be read: fix it in code view."));
                continue;
            }

            var source = JsonText.Of(edge["source"]);
            var target = JsonText.Of(edge["target"]);
            var handle = JsonText.Of(edge["sourceHandle"]);
            handle = string.IsNullOrEmpty(handle) ? null : handle;
            var ok = true;
            if (source is null || !nodes.TryGetValue(source, out var from))
            {
                errors.Add(new FieldError($"{path}.source", "This connection starts at a step that does not exist."));
                ok = false;
                from = null;
            }

            if (target is null || !nodes.ContainsKey(target))
            {
                errors.Add(new FieldError($"{path}.target", "This connection leads to a step that does not exist."));
                ok = false;
            }
            else if (nodes.TryGetValue(target, out var to) && to.Type == "trigger")
            {
                errors.Add(new FieldError($"{path}.target", "Nothing can lead into the start."));
                ok = false;
            }

            if (from is not null)
            {
                string?[] allowed = from.Type switch
                {
                    "condition" => ["true", "false"],
                    "loop" => ["body", "done"],
                    _ => [null],
                };
                if (!allowed.Contains(handle))
                {
                    errors.Add(new FieldError($"{path}.sourceHandle", from.Type is "condition" or "loop"
                        ? (from.Type == "condition" ? "A line from a check leaves by its Yes or its No side." : "A line from a Repeat leaves by its steps to repeat or by what comes after.")
                        : "This step has one way out: connect it without a Yes, No or Repeat side."));
                    ok = false;
                }
                else if (edges.Any(e => e.Source == source && e.Handle == handle))
                {
                    errors.Add(new FieldError(path, handle is null
                        ? "This step already leads to another: a step has one next step."
                        : "This side of the step already leads to another step."));
                    ok = false;
                }
            }

            if (ok)
            {
                edges.Add(new GraphEdge(i, source!, target!, handle));
            }
        }

        return edges;
    }
}
