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
internal sealed class TimeTriggers(ServiceDatabase database, IOptions<SchedulerOptions> options, ILogger<TimeTriggers> logger)
{
    /// <returns>How many events were written (events already written by another tick are not counted).</returns>
    public async Task<int> FireAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lookback = options.Value.Lookback;
        var fired = 0;
        await using (var transaction = await database.BeginAsync(cancellationToken))
        {
            // The moments of the look-back up to now included (PostgreSQL keeps microseconds), the records as they are now.
            foreach (var type in TimeTriggerEvents.Definitions.Keys)
            {
                fired += (int)await transaction.ExecuteScalarAsync<long>(
                    TimeTriggerEvents.LiveInsert(type),
                    new { type, from = now - lookback, to = now.AddTicks(TimeSpan.TicksPerMicrosecond), evaluatedAt = now },
                    cancellationToken);
            }

            // One-off scheduled workflows whose moment came, each under its run's id (WorkflowSchedule.OneOffRun, as a backtest
            // recomputes it).
            var oneOffs = await transaction.QueryAsync<(Guid Id, Guid OrganizationId, DateTime NextRunAt)>(
                """
                SELECT id, organization_id, next_run_at FROM automation_workflows
                 WHERE trigger_type = 'scheduled' AND is_active AND deleted_at IS NULL AND next_run_at <= @now
                """,
                new { now },
                cancellationToken);
            foreach (var oneOff in oneOffs)
            {
                var (id, payload) = WorkflowSchedule.OneOffRun(oneOff.Id, DapperConventions.Utc(oneOff.NextRunAt));
                fired += await InsertAsync(
                    transaction,
                    """
                    INSERT INTO automation_events (id, organization_id, event_type, entity_type, entity_id, payload, occurred_at)
                    VALUES (@id, @organizationId, 'scheduled', 'schedule', @workflowId, @payload::jsonb, @now)
                    """,
                    new { id, organizationId = oneOff.OrganizationId, workflowId = oneOff.Id, payload = payload.ToJsonString(), now },
                    cancellationToken);
            }

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
                var (id, payload) = schedule.RecurringRun(workflow.Id, latest, missed);
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

    sealed record DueWorkflow(Guid Id, Guid OrganizationId, string? Schedule, DateTime NextRunAt, bool Running);
}
