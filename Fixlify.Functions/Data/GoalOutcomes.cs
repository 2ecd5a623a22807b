namespace Fixlify.Data;

/// <summary>
/// One group's figures for a workflow's goal in a period: the treated (its executions that ran) or the held out (those that
/// ended <c>held_out</c>). <see cref="MeanValue"/> and <see cref="ValueVariance"/> are per execution (0 where the goal was
/// not reached); the days are from the execution's start to the goal, over those that reached it.
/// </summary>
internal sealed record GoalGroupFigures(
    bool HeldOut, int Executions, int Reached, decimal Value, double? MeanValue, double? ValueVariance, double? MedianDays, double? MeanDays,
    double? DaysVariance, int Suppressed);

/// <summary>One execution of a workflow whose goal is a rule: its record as it is now and when it last changed.</summary>
internal sealed record RuleGoalCandidate(bool HeldOut, DateTime StartedAt, string? Record, DateTime? ChangedAt, bool Superseded, bool Suppressed);

/// <summary>
/// A workflow's goal read from the business's records (docs/engine.md "Goals and outcomes"). The executions of the period
/// come from <c>idx_logs_workflow_created</c> (a range of one workflow's starts, not a scan of every execution); each
/// one's goal is a probe by primary key or index into its record's table; the attribution rule — the goal counts for the
/// latest execution of the workflow for the record that started before it — is a probe of
/// <c>idx_logs_workflow_record_created</c> for a later execution before the goal (migration 0056).
/// </summary>
internal static class GoalOutcomes
{
    /// <summary>
    /// Per group (treated, held out) for the goal <paramref name="kind"/> (a stored name of <c>Workflows/GoalKind</c>, not a
    /// rule) on a trigger about <paramref name="entity"/>.
    /// </summary>
    public static async Task<IReadOnlyList<GoalGroupFigures>> ForWorkflowAsync(
        DatabaseTransaction transaction, Guid workflowId, string kind, string entity, int withinDays, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken) =>
        [.. await transaction.QueryAsync<GoalGroupFigures>(Query(kind, entity), new { workflowId, from, to, within = TimeSpan.FromDays(withinDays) }, cancellationToken)];

    /// <summary>The executions of a workflow whose goal is a rule, with their records, for the rule to be judged in code.</summary>
    public static async Task<IReadOnlyList<RuleGoalCandidate>> RuleCandidatesAsync(
        DatabaseTransaction transaction, Guid workflowId, string entity, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        [.. await transaction.QueryAsync<RuleGoalCandidate>(
            $"""
            {Runs}
            SELECT r.held_out, r.started_at, to_jsonb(t)::text AS record, t.updated_at AS changed_at,
                   EXISTS (SELECT 1 FROM automation_execution_logs later
                            WHERE later.workflow_id = @workflowId AND (later.trigger_data ->> 'entityId') = r.record_key
                              AND later.created_at > r.started_at AND later.created_at <= t.updated_at) AS superseded,
                   {Suppressed} AS suppressed
              FROM runs r LEFT JOIN {Table(entity)} t ON t.id = r.record_id
            """,
            new { workflowId, from, to },
            cancellationToken)];

    const string Runs =
        """
        WITH runs AS (
            SELECT l.id, l.created_at AS started_at, l.status = 'held_out' AS held_out, l.trigger_data ->> 'entityId' AS record_key,
                   (l.trigger_data ->> 'entityId')::uuid AS record_id
              FROM automation_execution_logs l
             WHERE l.workflow_id = @workflowId AND l.created_at >= @from AND l.created_at < @to
               AND (l.trigger_data ->> 'entityId') IS NOT NULL
        )
        """;

    const string Suppressed = "EXISTS (SELECT 1 FROM automation_execution_steps s WHERE s.execution_id = r.id AND s.status = 'suppressed')";

    static string Table(string entity) => entity switch
    {
        "job" => "jobs",
        "invoice" => "invoices",
        "estimate" => "estimates",
        "client" => "clients",
        _ => throw new ArgumentOutOfRangeException(nameof(entity), entity, "Not a record a goal is read on."),
    };

    /// <summary>Where the goal of <paramref name="kind"/> was reached and its value: a lateral subquery over <c>r</c>, a row of runs.</summary>
    static string Reach(string kind, string entity) => kind switch
    {
        "invoice_paid" => """
            SELECT i.paid_at AS reached_at, i.amount_paid AS value FROM invoices i
             WHERE i.id = r.record_id AND i.status = 'paid' AND i.paid_at >= r.started_at AND i.paid_at < r.started_at + @within
            """,
        "appointment_confirmed" => """
            SELECT j.confirmed_at AS reached_at, NULL::numeric AS value FROM jobs j
             WHERE j.id = r.record_id AND j.confirmed_at >= r.started_at AND j.confirmed_at < r.started_at + @within
               AND (j.scheduled_start IS NULL OR j.confirmed_at <= j.scheduled_start)
            """,
        "estimate_accepted" => """
            SELECT e.accepted_at AS reached_at, e.total AS value FROM estimates e
             WHERE e.id = r.record_id AND e.status = 'accepted' AND e.accepted_at >= r.started_at AND e.accepted_at < r.started_at + @within
            """,
        "job_booked" => $"""
            SELECT j.created_at AS reached_at, j.total AS value FROM jobs j
             WHERE j.client_id = {ClientOf(entity)} AND j.id <> r.record_id AND j.status <> 'cancelled'
               AND j.created_at > r.started_at AND j.created_at < r.started_at + @within
             ORDER BY j.created_at LIMIT 1
            """,
        "task_done" => """
            SELECT t.completed_at AS reached_at, NULL::numeric AS value FROM tasks t
             WHERE (t.related_id = r.record_id OR t.created_by_execution = r.id) AND t.status = 'done'
               AND t.completed_at >= r.started_at AND t.completed_at < r.started_at + @within
             ORDER BY t.completed_at LIMIT 1
            """,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a goal read by SQL (a rule is judged in code: RuleCandidatesAsync)."),
    };

    static string ClientOf(string entity) => entity switch
    {
        "client" => "r.record_id",
        _ => $"(SELECT x.client_id FROM {Table(entity)} x WHERE x.id = r.record_id)",
    };

    /// <summary>The query for <paramref name="kind"/> (parameters @workflowId, @from, @to, @within), visible to the tests, which EXPLAIN it.</summary>
    internal static string Query(string kind, string entity) =>
        $"""
        {Runs}
        , reached AS (
            SELECT r.held_out, g.value, {Suppressed} AS suppressed,
                   extract(epoch FROM g.reached_at - r.started_at)::float8 / 86400.0 AS days,
                   g.reached_at IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM automation_execution_logs later
                                    WHERE later.workflow_id = @workflowId AND (later.trigger_data ->> 'entityId') = r.record_key
                                      AND later.created_at > r.started_at AND later.created_at <= g.reached_at) AS hit
              FROM runs r
              LEFT JOIN LATERAL ({Reach(kind, entity)}) g ON true
        )
        SELECT held_out, count(*)::int AS executions, count(*) FILTER (WHERE hit)::int AS reached,
               coalesce(sum(value) FILTER (WHERE hit), 0)::numeric AS value,
               avg(CASE WHEN hit THEN coalesce(value, 0) ELSE 0 END)::float8 AS mean_value,
               var_samp(CASE WHEN hit THEN coalesce(value, 0) ELSE 0 END)::float8 AS value_variance,
               (percentile_cont(0.5) WITHIN GROUP (ORDER BY days) FILTER (WHERE hit))::float8 AS median_days,
               avg(days) FILTER (WHERE hit)::float8 AS mean_days,
               var_samp(days) FILTER (WHERE hit)::float8 AS days_variance,
               count(*) FILTER (WHERE suppressed)::int AS suppressed
          FROM reached
         GROUP BY held_out
        """;

    /// <summary>The organization's currency (ISO 4217), for the value.</summary>
    public static Task<string> CurrencyAsync(DatabaseTransaction transaction, CancellationToken cancellationToken) =>
        transaction.QuerySingleAsync<string>("SELECT currency_code FROM organizations WHERE id = current_setting('fixlify.org_id')::uuid", null, cancellationToken);
}
