using System.Text.Json.Nodes;
using Fixlify.Application;
using Fixlify.Data;
using Fixlify.Workflows;
using Microsoft.AspNetCore.Http;

namespace Fixlify.Api;

/// <summary>
/// Workflow templates: the shared catalog and the caller's organization's own, listed and turned into workflows.
/// A workflow made from a template starts inactive unless asked otherwise, so it can be tried (dry run) first.
/// </summary>
internal sealed class TemplatesApi(TenantDatabase database, InstantiateTemplate instantiate)
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
    /// <c>POST /api/templates/{id}/instantiate</c> {name?, isActive?, triggerConfig?, schedule?}: the overrides' shapes are
    /// checked here, the rest is <see cref="InstantiateTemplate"/>'s. 201 with the workflow.
    /// </summary>
    public async Task<IResult> InstantiateAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        var (request, problem) = await ApiRequest.ReadAsync(context, id, NotFound, RequestBody.Optional, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (ReadOverrides(request!.Body) is { Count: > 0 } bad)
        {
            return Problems.Validation(bad);
        }

        var (key, keyProblem) = IdempotentCreation.Read(context.Request, $"instantiate template {request.Id}", request.Body);
        if (keyProblem is not null)
        {
            return keyProblem;
        }

        var created = await instantiate.ExecuteAsync(
            new InstantiateTemplate.Request(request.Identity.OrganizationId, request.UserId, request.Id, request.Body, key, request.Identity.Actor), cancellationToken);
        return WorkflowAnswers.Created(created, () => NotFound(id));
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
