using System.Text.Json.Nodes;
using Fixlify.Workflows;

namespace Fixlify.Engine;

/// <summary>
/// Cuts a context down to the paths that are read: what an execution carries from its records, what an action's activity
/// is given, what an action gives back. A path through a list reads that part of every item (<c>technicians.email</c>);
/// a path ending at an object or list keeps all of it. Pure and deterministic: the orchestrator uses it.
/// </summary>
internal static class ContextProjection
{
    /// <summary>What every activity is given besides its step's reads: who and what the execution is about, and the zones times are shown in.</summary>
    public static readonly IReadOnlyList<string> Always =
    [
        "trigger.type", "trigger.entityType", "trigger.entityId", "trigger.eventId", "trigger.occurredAt", "trigger.manual", "trigger.requestedBy",
        "workflow.id", "workflow.name", "workflow.version", "execution.id",
        "organization.id", "organization.name", "organization.time_zone",
        "client.id", "client.time_zone", "job.id", "invoice.id", "estimate.id", "technician.id",
    ];

    /// <summary>The parts of <paramref name="source"/> at <paramref name="paths"/> and <see cref="Always"/>.</summary>
    public static JsonObject Slice(JsonObject source, IEnumerable<string> paths) => Project(source, [.. paths, .. Always]);

    /// <summary>The parts of <paramref name="source"/> at <paramref name="paths"/>, in the same places; "" keeps all of it.</summary>
    public static JsonObject Project(JsonObject source, IEnumerable<string> paths) =>
        Project((JsonNode)source, paths) as JsonObject ?? [];

    /// <summary>As <see cref="Project(JsonObject, IEnumerable{string})"/>, for any JSON (an action's output may be a list or a value).</summary>
    public static JsonNode? Project(JsonNode? source, IEnumerable<string> paths)
    {
        var tree = new Tree();
        foreach (var path in paths)
        {
            tree.Add(ContextSchema.Segments(path));
        }

        return tree.IsEmpty ? null : Project(source, tree);
    }

    static JsonNode? Project(JsonNode? node, Tree tree)
    {
        if (tree.Whole)
        {
            return node?.DeepClone();
        }

        switch (node)
        {
            case JsonObject obj:
                var kept = new JsonObject();
                foreach (var (name, child) in tree.Children)
                {
                    if (obj.TryGetPropertyValue(name, out var value))
                    {
                        kept[name] = Project(value, child);
                    }
                }

                return kept;
            case JsonArray array:
                return new JsonArray([.. array.Select(item => Project(item, tree))]);
            default:
                // A value where the path goes deeper: the value itself is what there is to read.
                return node?.DeepClone();
        }
    }

    /// <summary>Paths as a tree of names; a node that a path ends at is kept whole.</summary>
    sealed class Tree
    {
        public bool Whole { get; private set; }

        public bool IsEmpty => !Whole && Children.Count == 0;

        public Dictionary<string, Tree> Children { get; } = new(StringComparer.Ordinal);

        public void Add(IReadOnlyList<string> segments, int from = 0)
        {
            if (Whole)
            {
                return;
            }

            if (from >= segments.Count)
            {
                Whole = true;
                Children.Clear();
                return;
            }

            if (!Children.TryGetValue(segments[from], out var child))
            {
                Children[segments[from]] = child = new Tree();
            }

            child.Add(segments, from + 1);
        }
    }
}
