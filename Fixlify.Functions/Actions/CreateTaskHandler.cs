using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Workflows;

namespace Fixlify.Actions;

/// <summary><c>create_task</c>: a task for the office or a technician, with a title, a description, a due time and an assignee.</summary>
public sealed class CreateTaskHandler(TenantDatabase database, TemplateRenderer templates, TimeProvider clock) : IActionHandler
{
    public string ActionType => "create_task";

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

        DateTimeOffset? dueAt = request.Config["dueIn"] is JsonValue due && IsoDuration.TryParse(due.ToString(), out var dueIn) ? clock.GetUtcNow() + dueIn : null;
        var subject = ActionContext.Subject(request.Context);

        await using var transaction = await database.BeginAsync(request.OrganizationId, request.ExecutionId.ToString(), request.ChainDepth + 1, cancellationToken);
        if (!await DeliveryLedger.ClaimAsync(transaction, request.OrganizationId, request.ExecutionId, request.StepKey, "task", "sent", null, cancellationToken))
        {
            var done = await DeliveryLedger.FindAsync(transaction, request.ExecutionId, request.StepKey, cancellationToken);
            return ActionOutcome.Completed(done?.Result, "task already created");
        }

        if (assignee is { } technician && await transaction.ExecuteScalarAsync<int>("SELECT count(*) FROM technicians WHERE id = @technician", new { technician }, cancellationToken) == 0)
        {
            throw new PermanentActionException($"create_task: no technician {technician} in this organization.");
        }

        var taskId = await transaction.ExecuteScalarAsync<Guid>(
            """
            INSERT INTO tasks (organization_id, title, description, due_at, assignee_id, related_type, related_id, created_by_execution)
            VALUES (@organization, @title, @description, @dueAt, @assignee, @relatedType, @relatedId, @execution)
            RETURNING id
            """,
            new
            {
                organization = request.OrganizationId, title, description, dueAt, assignee,
                relatedType = subject?.Type, relatedId = subject?.Id, execution = request.ExecutionId,
            },
            cancellationToken);
        var output = new JsonObject { ["taskId"] = taskId.ToString(), ["title"] = title, ["dueAt"] = dueAt, ["assigneeId"] = assignee?.ToString() };
        await DeliveryLedger.CompleteAsync(transaction, request.ExecutionId, request.StepKey, "sent", taskId.ToString(), output, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ActionOutcome.Completed(output, $"task '{title}'");
    }
}
