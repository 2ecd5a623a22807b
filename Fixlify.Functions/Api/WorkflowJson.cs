using System.Text.Json.Nodes;
using Fixlify.Data;

namespace Fixlify.Api;

/// <summary>A workflow as the API shows it (camelCase).</summary>
internal static class WorkflowJson
{
    public static JsonObject From(WorkflowRecord workflow) => new()
    {
        ["id"] = workflow.Id.ToString(),
        ["name"] = workflow.Name,
        ["description"] = workflow.Description,
        ["triggerType"] = workflow.TriggerType,
        ["triggerConfig"] = workflow.TriggerConfig.DeepClone(),
        ["nodes"] = workflow.Nodes.DeepClone(),
        ["edges"] = workflow.Edges.DeepClone(),
        ["steps"] = workflow.Steps.DeepClone(),
        ["schedule"] = workflow.Schedule?.DeepClone(),
        ["nextRunAt"] = workflow.NextRunAt,
        ["isActive"] = workflow.IsActive,
        ["version"] = workflow.Version,
        ["etag"] = workflow.ETag,
        ["executionCount"] = workflow.ExecutionCount,
        ["successCount"] = workflow.SuccessCount,
        ["failureCount"] = workflow.FailureCount,
        ["lastTriggeredAt"] = workflow.LastTriggeredAt,
        ["createdBy"] = workflow.CreatedBy?.ToString(),
        ["createdAt"] = workflow.CreatedAt,
        ["updatedAt"] = workflow.UpdatedAt,
        ["pausedAt"] = workflow.PausedAt,
        ["waitingToRun"] = workflow.WaitingToRun,
    };

    /// <summary>
    /// An execution with its steps in the order they started (from its step rows; an execution logged before they existed
    /// shows its actions_executed), and what it is about: its <c>record</c> and <c>client</c> in words (null when none).
    /// </summary>
    public static JsonObject From(ExecutionRecord execution, IEnumerable<StepRecord> steps, ExecutionSubject? subject = null)
    {
        var rows = steps.ToList();
        var json = From(execution);
        json["record"] = subject?.RecordJson();
        json["client"] = subject?.ClientJson();
        json["steps"] = rows.Count > 0 ? new JsonArray([.. rows.Select(s => (JsonNode)s.ToJson())]) : execution.ActionsExecuted.DeepClone();
        return json;
    }

    static JsonObject From(ExecutionRecord execution) => new()
    {
        ["id"] = execution.Id.ToString(),
        ["workflowId"] = execution.WorkflowId?.ToString(),
        ["workflowVersion"] = execution.WorkflowVersion,
        ["status"] = execution.Status.Text(),
        ["triggerType"] = execution.TriggerType,
        ["trigger"] = execution.TriggerData.DeepClone(),
        ["eventId"] = execution.EventId?.ToString(),
        ["createdAt"] = execution.CreatedAt,
        ["startedAt"] = execution.StartedAt,
        ["completedAt"] = execution.CompletedAt,
        ["executionTimeMs"] = execution.ExecutionTimeMs,
        ["error"] = execution.ErrorMessage,
        ["warnings"] = execution.Warnings?.DeepClone() ?? new JsonArray(),
    };
}
