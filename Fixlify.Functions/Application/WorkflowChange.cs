using Fixlify.Data;

namespace Fixlify.Application;

/// <summary>What changing a saved workflow came to (<see cref="UpdateWorkflow"/>, <see cref="DeactivateWorkflow"/>).</summary>
public abstract record WorkflowChange
{
    public sealed record Saved(WorkflowRecord Workflow) : WorkflowChange;

    /// <summary>No such workflow in the caller's organization.</summary>
    public sealed record NotFound : WorkflowChange;

    /// <summary>The workflow changed since the caller read it (its ETag no longer matches): nothing saved.</summary>
    public sealed record Changed(WorkflowRecord Current) : WorkflowChange;
}
