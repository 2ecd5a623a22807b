using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Workflows;

namespace Fixlify.Application;

/// <summary>
/// Makes a workflow from a template: the template's definition with the overrides merged in (JSON merge patch: a null
/// removes a setting), checked as a saved workflow is, saved in the caller's organization (inactive unless asked
/// otherwise, so it can be tried first); the template's usage count goes up in the same transaction.
/// </summary>
internal sealed class InstantiateTemplate(TenantDatabase database, WorkflowCompiler compiler, SaveWorkflow save)
{
    /// <param name="Overrides">The body's <c>name</c>, <c>isActive</c>, <c>triggerConfig</c> and <c>schedule</c>, their shapes already checked.</param>
    /// <param name="Key">The request's idempotency key; null when it has none.</param>
    /// <param name="By">Who makes it (the audit trail's row).</param>
    internal sealed record Request(Guid OrganizationId, Guid? CreatedBy, Guid TemplateId, JsonObject Overrides, CreationKey? Key, Actor By);

    public async Task<WorkflowCreation> ExecuteAsync(Request request, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(request.OrganizationId, cancellationToken);
        var template = await TemplateRepository.GetAsync(transaction, request.TemplateId, cancellationToken);
        if (template is null)
        {
            return new WorkflowCreation.TemplateNotFound();
        }

        var (fields, errors) = WorkflowInput.ReadAndValidate(Definition(template, request.Overrides), compiler);
        if (fields is null)
        {
            return new WorkflowCreation.Invalid(template.Name, errors);
        }

        if (request.Key is not null && await request.Key.ClaimAsync(transaction, request.OrganizationId, cancellationToken) is { } earlier)
        {
            return earlier;
        }

        var workflow = await save.InsertAsync(transaction, request.OrganizationId, fields, request.CreatedBy, cancellationToken);
        if (request.Key is not null)
        {
            await request.Key.RecordAsync(transaction, request.OrganizationId, workflow.Id, cancellationToken);
        }

        await TemplateRepository.CountUseAsync(transaction, template.Id, cancellationToken);
        await AuditTrail.RecordAsync(transaction, request.OrganizationId, request.By, WorkflowAudit.Created(workflow), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new WorkflowCreation.Created(workflow);
    }

    static JsonObject Definition(TemplateRecord template, JsonObject overrides) => new()
    {
        ["name"] = overrides["name"]?.DeepClone() ?? template.Name,
        ["description"] = template.Description,
        ["triggerType"] = template.TriggerType,
        ["triggerConfig"] = MergePatch(template.TriggerConfig, overrides["triggerConfig"] as JsonObject),
        ["nodes"] = template.Nodes.DeepClone(),
        ["edges"] = template.Edges.DeepClone(),
        ["steps"] = template.Steps.DeepClone(),
        ["isActive"] = overrides["isActive"]?.DeepClone() ?? false,
        ["schedule"] = template.Schedule is null && overrides["schedule"] is not JsonObject
            ? null
            : MergePatch(template.Schedule ?? [], overrides["schedule"] as JsonObject),
    };

    /// <summary>RFC 7396: the patch's members replace the target's, objects merge, a null removes the member.</summary>
    static JsonObject MergePatch(JsonObject target, JsonObject? patch)
    {
        var merged = (JsonObject)target.DeepClone();
        foreach (var (key, value) in patch ?? [])
        {
            if (value is null)
            {
                merged.Remove(key);
            }
            else
            {
                merged[key] = value is JsonObject inner && merged[key] is JsonObject existing ? MergePatch(existing, inner) : value.DeepClone();
            }
        }

        return merged;
    }
}
