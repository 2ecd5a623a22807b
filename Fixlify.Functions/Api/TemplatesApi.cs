using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Workflows;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary>
/// Workflow templates: the shared catalog and the caller's organization's own, listed and turned into workflows.
/// A workflow made from a template starts inactive unless asked otherwise, so it can be tried (dry run) first.
/// </summary>
public sealed class TemplatesApi(TenantDatabase database, WorkflowCompiler compiler, WorkflowPlans plans, TimeProvider clock)
{
    static readonly string[] Overridable = ["name", "isActive", "triggerConfig", "schedule"];

    /// <summary><c>GET /api/templates?category&amp;triggerType</c> → <c>{items}</c> (the query was checked against the route's allowed values).</summary>
    public async Task<IResult> ListAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var identity = RequestIdentity.Of(context);
        await using var transaction = await database.BeginAsync(identity.OrganizationId, cancellationToken);
        var templates = await TemplateRepository.ListAsync(
            transaction, ApiQuery.Text(context.Request, "category"), ApiQuery.Text(context.Request, "triggerType"), cancellationToken);
        return Results.Ok(new JsonObject { ["items"] = new JsonArray([.. templates.Select(t => (JsonNode)Json(t))]) });
    }

    /// <summary>
    /// <c>POST /api/templates/{id}/instantiate</c> {name?, isActive?, triggerConfig?, schedule?}: the template's definition, with
    /// the overrides merged in (JSON merge patch: a null removes a setting), validated like a saved workflow, saved in the
    /// caller's organization; the template's usage count goes up in the same transaction. 201 with the workflow.
    /// </summary>
    public async Task<IResult> InstantiateAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        var identity = RequestIdentity.Of(context);
        if (JsonBody.Id(id) is not { } templateId)
        {
            return NotFound(id);
        }

        var (body, problem) = await JsonBody.ReadObjectAsync(context.Request, required: false, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (ReadOverrides(body!) is { Count: > 0 } bad)
        {
            return Problems.Validation(bad);
        }

        var (idempotent, keyProblem) = IdempotentCreation.Read(context.Request, $"instantiate template {templateId}", body!);
        if (keyProblem is not null)
        {
            return keyProblem;
        }

        await using var transaction = await database.BeginAsync(identity.OrganizationId, cancellationToken);
        var template = await TemplateRepository.GetAsync(transaction, templateId, cancellationToken);
        if (template is null)
        {
            return NotFound(id);
        }

        var definition = new JsonObject
        {
            ["name"] = body!["name"]?.DeepClone() ?? template.Name,
            ["description"] = template.Description,
            ["triggerType"] = template.TriggerType,
            ["triggerConfig"] = MergePatch(template.TriggerConfig, body["triggerConfig"] as JsonObject),
            ["nodes"] = template.Nodes.DeepClone(),
            ["edges"] = template.Edges.DeepClone(),
            ["steps"] = template.Steps.DeepClone(),
            ["isActive"] = body["isActive"]?.DeepClone() ?? false,
            ["schedule"] = template.Schedule is null && body["schedule"] is not JsonObject
                ? null
                : MergePatch(template.Schedule ?? [], body["schedule"] as JsonObject),
        };
        var (fields, errors) = WorkflowInput.ReadAndValidate(definition, compiler);
        if (fields is null)
        {
            return Problems.Validation(errors, $"Template '{template.Name}' does not make a valid workflow with these settings: "
                + (errors.Count == 1 ? errors[0].Message : $"{errors.Count} problems were found."));
        }

        if (idempotent is not null && await idempotent.ClaimAsync(transaction, identity.OrganizationId, cancellationToken) is { } earlier)
        {
            return earlier;
        }

        var workflow = await WorkflowRepository.InsertAsync(transaction, identity.OrganizationId, fields, Guid.TryParse(identity.Subject, out var user) ? user : null, cancellationToken);
        await plans.SaveAsync(transaction, workflow, plans.Compile(workflow), cancellationToken);
        workflow = await WorkflowsApi.ScheduleAsync(transaction, workflow, clock.GetUtcNow(), cancellationToken);

        if (idempotent is not null)
        {
            await idempotent.RecordAsync(transaction, identity.OrganizationId, workflow.Id, cancellationToken);
        }

        await TemplateRepository.CountUseAsync(transaction, template.Id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Results.Created($"/api/workflows/{workflow.Id}", WorkflowJson.From(workflow));
    }

    /// <summary>Every problem with the overrides themselves; the workflow they make is checked afterwards.</summary>
    static List<FieldError> ReadOverrides(JsonObject body)
    {
        var errors = new List<FieldError>();
        foreach (var (key, value) in body)
        {
            if (!Overridable.Contains(key))
            {
                errors.Add(new FieldError(key, $"Unknown field '{key}': instantiating a template takes {string.Join(", ", Overridable)}."));
                continue;
            }

            var problem = key switch
            {
                "name" when value is not JsonValue name || !name.TryGetValue<string>(out _) => "Must be a string.",
                "isActive" when value is not JsonValue flag || !flag.TryGetValue<bool>(out _) => "Must be true or false.",
                "triggerConfig" when value is not JsonObject => "Must be an object of settings to change, e.g. {\"daysOverdue\": 7}.",
                "schedule" when value is not JsonObject => "Must be an object of schedule settings to change, e.g. {\"timeZone\": \"America/Chicago\"}.",
                _ => null,
            };
            if (problem is not null)
            {
                errors.Add(new FieldError(key, problem));
            }
        }

        return errors;
    }

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

    static JsonObject Json(TemplateRecord template) => new()
    {
        ["id"] = template.Id.ToString(),
        ["name"] = template.Name,
        ["description"] = template.Description,
        ["category"] = template.Category,
        ["triggerType"] = template.TriggerType,
        ["triggerConfig"] = template.TriggerConfig.DeepClone(),
        ["nodes"] = template.Nodes.DeepClone(),
        ["edges"] = template.Edges.DeepClone(),
        ["steps"] = template.Steps.DeepClone(),
        ["schedule"] = template.Schedule?.DeepClone(),
        ["shared"] = template.OrganizationId is null,
        ["usageCount"] = template.UsageCount,
    };

    static IResult NotFound(string id) => Problems.NotFound($"No template '{id}' in the catalog or your organization.");
}
