namespace Fixlify.Workflows;

/// <summary>Questions about the paths through a compiled plan, answered on its steps' links (next, branches, loop bodies).</summary>
internal static class PlanPaths
{
    /// <summary>
    /// Whether every path from the plan's start to <paramref name="target"/> runs through <paramref name="step"/> (it
    /// dominates the target): true when the target cannot be reached once that step is taken away. A loop's body counts as
    /// a path that may not be taken (a loop over an empty list).
    /// </summary>
    public static bool Dominates(WorkflowPlan plan, string step, string target)
    {
        if (step == target)
        {
            return true;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        if (plan.Start is { } start && start != step)
        {
            queue.Enqueue(start);
            seen.Add(start);
        }

        while (queue.TryDequeue(out var id))
        {
            if (id == target)
            {
                return false;
            }

            if (!plan.Steps.TryGetValue(id, out var current))
            {
                continue;
            }

            foreach (var next in Successors(current))
            {
                if (next != step && seen.Add(next))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return true;
    }

    /// <summary>The steps a step may lead to.</summary>
    public static IEnumerable<string> Successors(PlanStep step) =>
        (step switch
        {
            ConditionStep condition => [condition.WhenTrue, condition.WhenFalse],
            LoopStep loop => [loop.Body, loop.Next],
            _ => new[] { step.Next },
        }).OfType<string>();
}
