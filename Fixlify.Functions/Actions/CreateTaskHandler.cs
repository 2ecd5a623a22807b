using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Workflows;

namespace Fixlify.Actions;

/// <summary><c>create_task</c>: a task for the office or a technician, with a title, a description, a due time and an assignee.</summary>
internal sealed class CreateTaskHandler(TenantDatabase database, TemplateRenderer templates, TimeProvider clock) : IActionHandler
{
    public string ActionType => "create_task";

    public ActionWords Words { get; } = new(
        "Create a task", "Adds a to-do for your team, with an optional due time and person.", "create a task",
        [new("taskId", "Task", FieldKind.Id, Hidden: true), new("title", "Title", FieldKind.Text), new("dueAt", "Due", FieldKind.Datetime),
         new("assigneeId", "Assigned to", FieldKind.Id, Hidden: true)]);

    public RetrySettings DefaultRetry { get; } = new(3, TimeSpan.FromSeconds(5), 2, TimeSpan.FromMinutes(1));

    public void Validate(ActionConfigValidation validation)
    {
        validation.OnlyKnown("title", "description", "dueIn", "assignee");
        validation.Template("title", required: true);
        validation.Template("description", required: false);
        validation.Duration("dueIn", required: false);
        validation.Template("assignee", required: false);
    }

    public async Task<ActionOutcome> ExecuteAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        var task = await DraftAsync(request, clock.GetUtcNow());
        await using var transaction = await database.BeginForAsync(request, cancellationToken);
        if (await DeliveryLedger.ClaimOrEarlierAsync(transaction, request.OrganizationId, request.ExecutionId, request.StepKey, "task", cancellationToken) is { } done)
        {
            return ActionOutcome.Completed(done.Result, "task already created");
        }

        await CheckAssigneeAsync(transaction, task.Assignee, cancellationToken);
        var taskId = await OfficeTasks.InsertAsync(
            transaction,
            new OfficeTasks.NewTask(request.OrganizationId, task.Title, task.Description, task.DueAt, task.Assignee, task.Subject?.Type, task.Subject?.Id, request.ExecutionId),
            cancellationToken);
        var output = Output(taskId.ToString(), task);
        await DeliveryLedger.CompleteAsync(transaction, request.ExecutionId, request.StepKey, DeliveryStatus.Sent, taskId.ToString(), output, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ActionOutcome.Completed(output, $"task '{task.Title}'");
    }

    /// <summary>The task the step would create at <paramref name="at"/> (its due time counted from then); not created.</summary>
    public async Task<ActionPreview> PreviewAsync(ActionRequest request, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var task = await DraftAsync(request, at);
        await using (var transaction = await database.BeginReadOnlyAsync(request.OrganizationId, cancellationToken))
        {
            await CheckAssigneeAsync(transaction, task.Assignee, cancellationToken);
        }

        var rendered = new JsonObject
        {
            ["title"] = task.Title,
            ["description"] = task.Description,
            ["dueAt"] = task.DueAt,
            ["assigneeId"] = task.Assignee?.ToString(),
            ["relatedType"] = task.Subject?.Type,
            ["relatedId"] = task.Subject?.Id.ToString(),
        };
        return ActionPreview.WouldRun(rendered, Output(null, task));
    }

    /// <summary>A task as the step describes it: title, description, due time, assignee and the record it is about.</summary>
    sealed record TaskDraft(string Title, string? Description, DateTimeOffset? DueAt, Guid? Assignee, (string Type, Guid Id)? Subject);

    async Task<TaskDraft> DraftAsync(ActionRequest request, DateTimeOffset now)
    {
        var title = (await templates.RenderFieldAsync(request.Config, "title", request.Context))?.Trim();
        if (string.IsNullOrEmpty(title))
        {
            throw new PermanentActionException("create_task: the title rendered empty.");
        }

        var description = await templates.RenderFieldAsync(request.Config, "description", request.Context);
        var assigneeText = (await templates.RenderFieldAsync(request.Config, "assignee", request.Context))?.Trim();
        Guid? assignee = null;
        if (!string.IsNullOrEmpty(assigneeText))
        {
            assignee = Guid.TryParse(assigneeText, out var parsed)
                ? parsed
                : throw new PermanentActionException($"create_task: assignee '{assigneeText}' is not a technician id.");
        }

        DateTimeOffset? dueAt = request.Config["dueIn"] is JsonValue due && IsoDuration.TryParse(due.ToString(), out var dueIn) ? now + dueIn : null;
        return new TaskDraft(title, description, dueAt, assignee, ActionContext.Subject(request.Context));
    }

    static async Task CheckAssigneeAsync(DatabaseTransaction transaction, Guid? assignee, CancellationToken cancellationToken)
    {
        if (assignee is { } technician && !await OfficeTasks.TechnicianExistsAsync(transaction, technician, cancellationToken))
        {
            throw new PermanentActionException($"create_task: no technician {technician} in this organization.");
        }
    }

    static JsonObject Output(string? taskId, TaskDraft task) =>
        new() { ["taskId"] = taskId, ["title"] = task.Title, ["dueAt"] = task.DueAt, ["assigneeId"] = task.Assignee?.ToString() };
}
