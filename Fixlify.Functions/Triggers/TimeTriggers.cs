using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Workflows;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fixlify.Triggers;

/// <summary>
/// Finds, with set-based SQL across organizations, the moments time-driven workflows wait for — a job past its
/// scheduled end, an invoice N days overdue, a client inactive for N days, a scheduled or recurring run — and writes
/// each as an event whose id is derived from what it is about (workflow, record, moment). Two ticks, two instances or
/// a re-run insert the same id, and ON CONFLICT DO NOTHING keeps the first: each fires once.
/// </summary>
public sealed class TimeTriggers(ServiceDatabase database, IOptions<SchedulerOptions> options, ILogger<TimeTriggers> logger)
{
    const string ActiveWorkflow = "w.trigger_type = @type AND w.is_active AND w.deleted_at IS NULL";

    /// <summary>
    /// The start mark (Migrations/0041): a record whose moment to fire came within the look-back fires, unless it came
    /// before the workflow was switched on "only from now on"; switched on "also these now", the records that already
    /// qualified then fire too, at the ticks of the look-back that follows. The one condition every time trigger shares.
    /// </summary>
    static string QualifiedSince(string moment) => $"""
        ({moment} > @now - @lookback AND {moment} >= coalesce(w.activated_at, '-infinity')
            OR w.existing_records = 'include' AND {moment} < w.activated_at AND w.activated_at > @now - @lookback)
        """;

    /// <returns>How many events were written (events already written by another tick are not counted).</returns>
    public async Task<int> FireAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lookback = options.Value.Lookback;
        var fired = 0;
        await using (var transaction = await database.BeginAsync(cancellationToken))
        {
            fired += await InsertAsync(transaction, JobOverdue, new { type = "job_overdue", now, lookback }, cancellationToken);
            fired += await InsertAsync(transaction, InvoiceOverdue, new { type = "invoice_overdue", now, lookback }, cancellationToken);
            fired += await InsertAsync(transaction, ClientInactive, new { type = "client_inactive", now, lookback }, cancellationToken);
            fired += await InsertAsync(transaction, Scheduled, new { type = "scheduled", now }, cancellationToken);

            // One-off runs have fired (or been skipped): they have no next run.
            await transaction.ExecuteAsync(
                "UPDATE automation_workflows SET next_run_at = NULL WHERE trigger_type = 'scheduled' AND next_run_at <= @now",
                new { now },
                cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        fired += await FireRecurringAsync(now, cancellationToken);
        return fired;
    }

    /// <summary>
    /// Runs one INSERT … SELECT of events and announces them as capture does (Migrations/0010_statement_capture.sql): one
    /// NOTIFY for the statement, and only while a relay waits idle, however many events it wrote.
    /// </summary>
    static async Task<int> InsertAsync(DatabaseTransaction transaction, string sql, object parameters, CancellationToken cancellationToken) =>
        (int)await transaction.ExecuteScalarAsync<long>(
            $"""
            WITH fired AS ({sql} ON CONFLICT (id) DO NOTHING RETURNING id)
            SELECT fixlify_announce_events(count(*), 'time_trigger') FROM fired
            """,
            parameters,
            cancellationToken);

    /// <summary>Jobs past their scheduled end (plus the workflow's grace) and neither completed nor cancelled; once per scheduled end.</summary>
    static readonly string JobOverdue = $"""
        INSERT INTO automation_events (id, organization_id, event_type, entity_type, entity_id, payload, occurred_at)
        SELECT md5('job_overdue/' || w.id || '/' || j.id || '/' || j.scheduled_end::text)::uuid, j.organization_id, 'job_overdue', 'job', j.id,
               jsonb_build_object('workflowId', w.id, 'new', to_jsonb(j), 'overdueSince', j.scheduled_end + due.grace), @now
          FROM automation_workflows w
          JOIN jobs j ON j.organization_id = w.organization_id
          CROSS JOIN LATERAL (SELECT make_interval(mins => coalesce((w.trigger_config ->> 'graceMinutes')::int, 0)) AS grace) due
         WHERE {ActiveWorkflow}
           AND j.status NOT IN ('completed', 'cancelled') AND j.scheduled_end IS NOT NULL
           AND j.scheduled_end + due.grace <= @now AND {QualifiedSince("j.scheduled_end + due.grace")}
        """;

    /// <summary>
    /// Unpaid invoices N days past due (N per workflow, days counted in the organization's time zone); once per due date.
    /// The event carries the threshold (<c>daysOverdue</c>) and the real figure (<c>daysActuallyOverdue</c>: an invoice found
    /// late, or by a workflow switched on after its day, is more days past due than the threshold).
    /// </summary>
    static readonly string InvoiceOverdue = $"""
        INSERT INTO automation_events (id, organization_id, event_type, entity_type, entity_id, payload, occurred_at)
        SELECT md5('invoice_overdue/' || w.id || '/' || i.id || '/' || i.due_date::text || '/' || days.n)::uuid, i.organization_id, 'invoice_overdue', 'invoice', i.id,
               jsonb_build_object('workflowId', w.id, 'new', to_jsonb(i), 'daysOverdue', days.n, 'daysActuallyOverdue', days.today - i.due_date, 'today', days.today), @now
          FROM automation_workflows w
          JOIN organizations o ON o.id = w.organization_id
          JOIN invoices i ON i.organization_id = w.organization_id
          CROSS JOIN LATERAL (SELECT (w.trigger_config ->> 'daysOverdue')::int AS n, (@now AT TIME ZONE o.time_zone)::date AS today) days
         WHERE {ActiveWorkflow}
           AND i.status IN ('sent', 'partially_paid') AND i.due_date IS NOT NULL AND days.n IS NOT NULL
           AND days.today >= i.due_date + days.n
           AND {QualifiedSince("((i.due_date + days.n)::timestamp AT TIME ZONE o.time_zone)")}
        """;

    /// <summary>Clients with no job (created or completed) for N days; once per stretch of inactivity.</summary>
    static readonly string ClientInactive = $"""
        INSERT INTO automation_events (id, organization_id, event_type, entity_type, entity_id, payload, occurred_at)
        SELECT md5('client_inactive/' || w.id || '/' || c.id || '/' || activity.last::text)::uuid, c.organization_id, 'client_inactive', 'client', c.id,
               jsonb_build_object('workflowId', w.id, 'new', to_jsonb(c), 'inactiveDays', (w.trigger_config ->> 'inactiveDays')::int, 'lastActivityAt', activity.last), @now
          FROM automation_workflows w
          JOIN clients c ON c.organization_id = w.organization_id
          CROSS JOIN LATERAL (
              SELECT greatest(c.created_at, max(j.created_at), max(j.completed_at)) AS last
                FROM jobs j WHERE j.client_id = c.id) activity
          CROSS JOIN LATERAL (SELECT make_interval(days => (w.trigger_config ->> 'inactiveDays')::int) AS span) inactive
         WHERE {ActiveWorkflow}
           AND c.status <> 'inactive'
           AND activity.last + inactive.span <= @now AND {QualifiedSince("activity.last + inactive.span")}
        """;

    /// <summary>One-off scheduled workflows whose moment came; the run's moment is part of the id.</summary>
    const string Scheduled = $"""
        INSERT INTO automation_events (id, organization_id, event_type, entity_type, entity_id, payload, occurred_at)
        SELECT md5('scheduled/' || w.id || '/' || w.next_run_at::text)::uuid, w.organization_id, 'scheduled', 'schedule', w.id,
               jsonb_build_object('workflowId', w.id, 'scheduledFor', w.next_run_at), @now
          FROM automation_workflows w
         WHERE {ActiveWorkflow} AND w.next_run_at IS NOT NULL AND w.next_run_at <= @now
        """;

    /// <summary>
    /// Recurring workflows whose next run is due: fires per the overlap policy (skip while an execution is still going,
    /// or allow) and the catch-up policy for runs missed while nothing ran (once: one run for all of them; skip: none),
    /// then moves next_run_at to the cron's next occurrence in the workflow's time zone.
    /// </summary>
    async Task<int> FireRecurringAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(cancellationToken);
        var due = (await transaction.QueryAsync<DueWorkflow>(
            """
            SELECT w.id, w.organization_id, w.schedule::text AS schedule, w.next_run_at,
                   EXISTS (SELECT 1 FROM automation_execution_logs l WHERE l.workflow_id = w.id AND l.status IN ('pending', 'processing', 'waiting')) AS running
              FROM automation_workflows w
             WHERE w.trigger_type = 'recurring' AND w.is_active AND w.deleted_at IS NULL AND w.next_run_at <= @now
               FOR UPDATE OF w SKIP LOCKED
            """,
            new { now },
            cancellationToken)).ToList();

        var fired = 0;
        foreach (var workflow in due)
        {
            var schedule = WorkflowSchedule.Read("recurring", JsonNode.Parse(workflow.Schedule ?? "null") as JsonObject, new List<FieldError>());
            if (schedule is null)
            {
                continue;
            }

            var dueAt = DapperConventions.Utc(workflow.NextRunAt);
            var latest = dueAt;
            var missed = 0;
            while (schedule.NextAfter(latest) is { } next && next <= now && missed < 10_000)
            {
                latest = next;
                missed++;
            }

            var late = now - latest > options.Value.MissedAfter;
            string decision;
            if (workflow.Running && schedule.Overlap == "skip")
            {
                decision = "skipped (the previous run is still going)";
            }
            else if (late && schedule.CatchUp == "skip")
            {
                decision = $"skipped ({missed + 1} missed run(s), catch-up skip)";
            }
            else
            {
                var id = UUIDNext.Uuid.NewNameBased(ExecutionIdNamespace, $"recurring/{workflow.Id}/{latest.UtcDateTime:O}");
                var zone = TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZone!);
                var payload = new JsonObject
                {
                    ["workflowId"] = workflow.Id.ToString(),
                    ["scheduledFor"] = latest.UtcDateTime,
                    ["localTime"] = TimeZoneInfo.ConvertTime(latest, zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
                    ["timeZone"] = schedule.TimeZone,
                    ["missedRuns"] = missed,
                };
                fired += await InsertAsync(
                    transaction,
                    """
                    INSERT INTO automation_events (id, organization_id, event_type, entity_type, entity_id, payload, occurred_at)
                    VALUES (@id, @organizationId, 'recurring', 'schedule', @workflowId, @payload::jsonb, @now)
                    """,
                    new { id, organizationId = workflow.OrganizationId, workflowId = workflow.Id, payload = payload.ToJsonString(), now },
                    cancellationToken);
                decision = missed > 0 ? $"fired once for {missed + 1} due run(s)" : "fired";
            }

            Log.Recurring(logger, workflow.Id, decision, latest);
            await transaction.ExecuteAsync(
                "UPDATE automation_workflows SET next_run_at = @next WHERE id = @id",
                new { id = workflow.Id, next = schedule.NextAfter(now) },
                cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return fired;
    }

    /// <summary>Namespace of recurring-run event ids.</summary>
    static readonly Guid ExecutionIdNamespace = Guid.Parse("3c0f6d2e-8a51-4b7e-9f3a-2d6c1e0b9a47");

    sealed record DueWorkflow(Guid Id, Guid OrganizationId, string? Schedule, DateTime NextRunAt, bool Running);
}
