namespace Fixlify.Data;

/// <summary>The office's to-do items (<c>tasks</c>) that automations create (<c>create_task</c>).</summary>
internal static class OfficeTasks
{
    /// <summary>A task to create: about a record (<see cref="RelatedType"/>, <see cref="RelatedId"/>) when it has one, by an execution.</summary>
    internal sealed record NewTask(
        Guid OrganizationId, string Title, string? Description, DateTimeOffset? DueAt, Guid? AssigneeId, string? RelatedType, Guid? RelatedId, Guid CreatedByExecution);

    /// <summary>Inserts the task; its id.</summary>
    public static Task<Guid> InsertAsync(DatabaseTransaction transaction, NewTask task, CancellationToken cancellationToken) =>
        transaction.ExecuteScalarAsync<Guid>(
            """
            INSERT INTO tasks (organization_id, title, description, due_at, assignee_id, related_type, related_id, created_by_execution)
            VALUES (@organizationId, @title, @description, @dueAt, @assigneeId, @relatedType, @relatedId, @createdByExecution)
            RETURNING id
            """,
            task,
            cancellationToken);

    /// <summary>Whether the organization has this technician, whom a task may be assigned to.</summary>
    public static async Task<bool> TechnicianExistsAsync(DatabaseTransaction transaction, Guid technicianId, CancellationToken cancellationToken) =>
        await transaction.ExecuteScalarAsync<int>("SELECT count(*) FROM technicians WHERE id = @technicianId", new { technicianId }, cancellationToken) > 0;
}
