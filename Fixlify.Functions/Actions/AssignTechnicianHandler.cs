using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Workflows;

namespace Fixlify.Actions;

/// <summary>
/// <c>assign_technician</c>: gives a job a technician of the same organization: a named one (<c>technicianId</c>), or
/// one chosen among the active technicians by <c>strategy</c>: <c>least_busy</c> (fewest open jobs) or
/// <c>round_robin</c> (latest assignment longest ago); ties go by name. The write carries the execution as its origin.
/// </summary>
internal sealed class AssignTechnicianHandler(TenantDatabase database, TemplateRenderer templates) : IActionHandler
{
    public static IReadOnlyList<string> Strategies { get; } = ["least_busy", "round_robin"];

    sealed record JobRow(Guid Id, Guid? TechnicianId);

    sealed record TechnicianRow(Guid Id, string FirstName, string? LastName, bool IsActive)
    {
        public string Name => string.IsNullOrEmpty(LastName) ? FirstName : $"{FirstName} {LastName}";
    }

    const string LeastBusy = """
        SELECT t.id, t.first_name, t.last_name, t.is_active
          FROM technicians t
          LEFT JOIN jobs j ON j.technician_id = t.id AND j.status IN ('scheduled', 'in_progress', 'on_hold') AND j.id <> @job
         WHERE t.is_active
         GROUP BY t.id
         ORDER BY count(j.id), t.first_name, t.last_name NULLS FIRST, t.id
         LIMIT 1
        """;

    const string RoundRobin = """
        SELECT t.id, t.first_name, t.last_name, t.is_active
          FROM technicians t
          LEFT JOIN jobs j ON j.technician_id = t.id AND j.id <> @job
         WHERE t.is_active
         GROUP BY t.id
         ORDER BY max(j.technician_assigned_at) NULLS FIRST, t.first_name, t.last_name NULLS FIRST, t.id
         LIMIT 1
        """;

    public string ActionType => "assign_technician";

    public ActionWords Words { get; } = new(
        "Assign a technician", "Gives the job to a technician you pick, or to the least busy or next in turn.", "assign a technician",
        [new("jobId", "Job", FieldKind.Id, Hidden: true), new("technicianId", "Technician", FieldKind.Id, Refers: "technician"),
         new("strategy", "How they were picked", FieldKind.Text, Hidden: true), new("technicianName", "Technician's name", FieldKind.Text)]);

    public RetrySettings DefaultRetry { get; } = new(3, TimeSpan.FromSeconds(5), 2, TimeSpan.FromMinutes(1));

    public void Validate(ActionConfigValidation validation)
    {
        validation.OnlyKnown("technicianId", "strategy", "job");
        var technician = validation.Template("technicianId", required: false);
        validation.Text("strategy", required: false, Strategies);
        validation.Rule(ConfigSchemaRecorder.ExactlyOne("technicianId", "strategy"));
        validation.Describe("technicianId", ActionConfigValidation.IdOrTemplateKeywords());
        validation.Describe("job", ActionConfigValidation.IdOrTemplateKeywords());
        var hasTechnician = validation.Config.ContainsKey("technicianId");
        var hasStrategy = validation.Config.ContainsKey("strategy");
        if (hasTechnician == hasStrategy)
        {
            validation.Error(hasTechnician ? "strategy" : "technicianId", hasTechnician
                ? "Choose a technician, or how to pick one — not both."
                : "Choose a technician, or how to pick one.");
        }

        IdOrTemplate(validation, "technicianId", technician);
        var job = validation.Template("job", required: false);
        IdOrTemplate(validation, "job", job);
        if (job is null && validation.Schema.Explain("job") is not null)
        {
            validation.Error("job", "This automation has no job of its own: choose the job.");
        }
    }

    public async Task<ActionOutcome> ExecuteAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        var (jobId, explicitId, strategy) = await ReadAsync(request);
        await using var transaction = await database.BeginForAsync(request, cancellationToken);
        if (await DeliveryLedger.ClaimOrEarlierAsync(transaction, request.OrganizationId, request.ExecutionId, request.StepKey, "technician", cancellationToken) is { } done)
        {
            return ActionOutcome.Completed(done.Result, "technician already assigned");
        }

        // One assignment at a time per organization: two executions choosing at once must not both pick the least busy.
        await transaction.ExecuteAsync(
            "SELECT pg_advisory_xact_lock(hashtextextended('fixlify.assign_technician/' || @organization, 0))",
            new { organization = request.OrganizationId.ToString() }, cancellationToken);
        var (job, technician) = await ChooseAsync(transaction, jobId, explicitId, strategy, forUpdate: true, cancellationToken);
        if (job.TechnicianId != technician.Id)
        {
            await transaction.ExecuteAsync("UPDATE jobs SET technician_id = @technician WHERE id = @jobId", new { technician = technician.Id, jobId }, cancellationToken);
        }

        var output = Output(jobId, technician, strategy);
        await DeliveryLedger.CompleteAsync(transaction, request.ExecutionId, request.StepKey, DeliveryStatus.Sent, technician.Id.ToString(), output, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ActionOutcome.Completed(output, job.TechnicianId == technician.Id ? $"{technician.Name} already had the job" : $"job assigned to {technician.Name} ({strategy})");
    }

    /// <summary>The technician the step would choose now, by the same queries; nothing is assigned.</summary>
    public async Task<ActionPreview> PreviewAsync(ActionRequest request, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var (jobId, explicitId, strategy) = await ReadAsync(request);
        await using var transaction = await database.BeginReadOnlyAsync(request.OrganizationId, cancellationToken);
        var (job, technician) = await ChooseAsync(transaction, jobId, explicitId, strategy, forUpdate: false, cancellationToken);
        var rendered = new JsonObject
        {
            ["jobId"] = jobId.ToString(),
            ["technicianId"] = technician.Id.ToString(),
            ["technicianName"] = technician.Name,
            ["strategy"] = strategy,
            ["currentTechnicianId"] = job.TechnicianId?.ToString(),
            ["changes"] = job.TechnicianId != technician.Id,
        };
        return ActionPreview.WouldRun(rendered, Output(jobId, technician, strategy));
    }

    /// <summary>The job, the technician named (if any) and the strategy (<c>explicit</c> when one is named).</summary>
    async Task<(Guid JobId, Guid? ExplicitId, string Strategy)> ReadAsync(ActionRequest request)
    {
        var jobId = await IdAsync(request, "job") ?? ActionContext.RecordId(request.Context, "job")
            ?? throw new PermanentActionException("assign_technician: the execution has no job to assign.");
        var explicitId = await IdAsync(request, "technicianId");
        return (jobId, explicitId, explicitId is null ? request.Config["strategy"]!.GetValue<string>() : "explicit");
    }

    static async Task<(JobRow Job, TechnicianRow Technician)> ChooseAsync(
        DatabaseTransaction transaction, Guid jobId, Guid? explicitId, string strategy, bool forUpdate, CancellationToken cancellationToken)
    {
        var job = await transaction.QuerySingleOrDefaultAsync<JobRow>(
            $"SELECT id, technician_id FROM jobs WHERE id = @jobId{(forUpdate ? " FOR UPDATE" : "")}", new { jobId }, cancellationToken)
            ?? throw new PermanentActionException($"assign_technician: no job {jobId} in this organization.");

        TechnicianRow technician;
        if (explicitId is { } technicianId)
        {
            // Row-level security hides other organizations' technicians (the foreign key alone would not).
            technician = await transaction.QuerySingleOrDefaultAsync<TechnicianRow>(
                "SELECT id, first_name, last_name, is_active FROM technicians WHERE id = @technicianId", new { technicianId }, cancellationToken)
                ?? throw new PermanentActionException($"assign_technician: no technician {technicianId} in this organization.");
            if (!technician.IsActive)
            {
                throw new PermanentActionException($"assign_technician: technician {technician.Name} ({technician.Id}) is not active.");
            }
        }
        else
        {
            technician = await transaction.QuerySingleOrDefaultAsync<TechnicianRow>(strategy == "least_busy" ? LeastBusy : RoundRobin, new { job = jobId }, cancellationToken)
                ?? throw new PermanentActionException("assign_technician: the organization has no active technician to choose from.");
        }

        return (job, technician);
    }

    static JsonObject Output(Guid jobId, TechnicianRow technician, string strategy) => new()
    {
        ["jobId"] = jobId.ToString(),
        ["technicianId"] = technician.Id.ToString(),
        ["strategy"] = strategy,
        ["technicianName"] = technician.Name,
    };

    async Task<Guid?> IdAsync(ActionRequest request, string field)
    {
        var text = (await templates.RenderFieldAsync(request.Config, field, request.Context))?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return Guid.TryParse(text, out var id) ? id : throw new PermanentActionException($"assign_technician: {field} '{text}' is not an id.");
    }

    static void IdOrTemplate(ActionConfigValidation validation, string field, string? text)
    {
        if (text is not null && !TemplateRenderer.IsTemplate(text) && !Guid.TryParse(text, out _))
        {
            validation.Error(field, $"Choose {validation.Quoted(field)} from the list: this value is not one.");
        }
    }
}
