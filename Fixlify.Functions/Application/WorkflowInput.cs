using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Workflows;

namespace Fixlify.Application;

/// <summary>
/// A workflow body from the builder, read field by field so every problem names its path: only its JSON shape here; what
/// the definition means is <see cref="WorkflowCompiler.Check"/>'s to say.
/// </summary>
internal static class WorkflowInput
{
    static readonly string[] Editable = ["name", "description", "triggerType", "triggerConfig", "nodes", "edges", "steps", "isActive", "schedule"];

    /// <summary>Fields the API writes itself; a body may carry them back (a GET sent back as a PUT) and they are ignored.</summary>
    static readonly string[] ReadOnly =
        ["id", "organizationId", "version", "etag", "executionCount", "successCount", "failureCount", "lastTriggeredAt", "createdAt", "updatedAt", "createdBy", "nextRunAt"];

    public static (WorkflowRepository.WorkflowFields? Fields, List<FieldError> Errors) Read(JsonObject body)
    {
        var errors = new List<FieldError>();
        foreach (var key in body.Select(p => p.Key).Where(k => !Editable.Contains(k) && !ReadOnly.Contains(k)))
        {
            errors.Add(new FieldError(key, $"Unknown field '{key}': a workflow has {string.Join(", ", Editable)}."));
        }

        var name = String(body, "name", errors, required: true, max: 255);
        var description = String(body, "description", errors, required: false, max: 4000);
        var triggerType = String(body, "triggerType", errors, required: true, max: 50);
        var triggerConfig = Of<JsonObject>(body, "triggerConfig", errors, "an object") ?? [];
        var nodes = Of<JsonArray>(body, "nodes", errors, "a list") ?? [];
        var edges = Of<JsonArray>(body, "edges", errors, "a list") ?? [];
        var steps = Of<JsonArray>(body, "steps", errors, "a list") ?? [];
        var schedule = Of<JsonObject>(body, "schedule", errors, "an object");
        // Absent: a new workflow starts inactive (try it with a dry run, then activate it), a saved one keeps its state.
        bool? isActive = null;
        if (body["isActive"] is { } active)
        {
            if (active is JsonValue value && value.TryGetValue<bool>(out var flag))
            {
                isActive = flag;
            }
            else
            {
                errors.Add(new FieldError("isActive", "Must be true or false."));
            }
        }

        if (nodes.Count == 0 && steps.Count == 0 && errors.Count == 0)
        {
            errors.Add(new FieldError("nodes", "A workflow needs nodes and edges (the builder's graph) or steps (a list run in order)."));
        }

        return (errors.Count == 0 ? new WorkflowRepository.WorkflowFields(name!, description, triggerType!, triggerConfig, nodes, edges, steps, isActive, schedule) : null, errors);
    }

    /// <summary>Reads the body's shape, then (when it has one) checks the definition as a save does: every problem of both together.</summary>
    public static (WorkflowRepository.WorkflowFields? Fields, IReadOnlyList<FieldError> Errors) ReadAndValidate(JsonObject body, WorkflowCompiler compiler)
    {
        var (fields, errors) = Read(body);
        if (fields is null)
        {
            return (null, errors);
        }

        var checkedDraft = compiler.Check(new WorkflowDraft(fields.TriggerType, fields.TriggerConfig, fields.Nodes, fields.Edges, fields.Steps), fields.Schedule);
        return checkedDraft.IsValid ? (fields, []) : (null, checkedDraft.Errors);
    }

    static string? String(JsonObject body, string field, List<FieldError> errors, bool required, int max)
    {
        if (body[field] is null)
        {
            if (required)
            {
                errors.Add(new FieldError(field, field == "name" ? "Give the automation a name." : $"Fill in the {PlainText.Words(field).ToLowerInvariant()}."));
            }

            return null;
        }

        if (body[field] is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            errors.Add(new FieldError(field, "Must be a string."));
            return null;
        }

        if (required && string.IsNullOrWhiteSpace(text))
        {
            errors.Add(new FieldError(field, field == "name" ? "Give the automation a name." : $"Fill in the {PlainText.Words(field).ToLowerInvariant()}."));
            return null;
        }

        if (text.Length > max)
        {
            errors.Add(new FieldError(field, $"Use at most {max} characters."));
            return null;
        }

        return text;
    }

    static T? Of<T>(JsonObject body, string field, List<FieldError> errors, string what) where T : JsonNode
    {
        var node = body[field];
        if (node is null or T)
        {
            return (T?)node?.DeepClone();
        }

        errors.Add(new FieldError(field, $"Must be {what}."));
        return null;
    }
}
