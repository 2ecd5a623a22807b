using Fixlify.Data;
using Fixlify.Workflows;

namespace Fixlify.Application;

/// <summary>What asking for a new workflow came to (<see cref="CreateWorkflow"/>, <see cref="InstantiateTemplate"/>).</summary>
internal abstract record WorkflowCreation
{
    /// <summary>Saved — by this request, or by the first request with its creation key (a repeat gets the same answer).</summary>
    internal sealed record Created(WorkflowRecord Workflow) : WorkflowCreation;

    /// <summary>A repeat of a request whose workflow was deleted since: nothing made.</summary>
    internal sealed record RepeatOfDeleted : WorkflowCreation;

    /// <summary>The creation key came before with a different request: nothing made.</summary>
    internal sealed record KeyReused : WorkflowCreation;

    /// <summary>No such template in the catalog or the organization.</summary>
    internal sealed record TemplateNotFound : WorkflowCreation;

    /// <summary>The template with these settings does not make a valid workflow.</summary>
    internal sealed record Invalid(string TemplateName, IReadOnlyList<FieldError> Errors) : WorkflowCreation;
}
