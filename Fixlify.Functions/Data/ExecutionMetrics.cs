namespace Fixlify.Data;

/// <summary>
/// The execution metrics the API shows, read from the hourly rollups with the hours changed since counted live
/// (<see cref="MetricHours"/>); the p95 comes from the executions themselves, which the rollups do not keep. Periods are
/// hours or days of the organization's <c>timeZone</c>; every query runs in the caller's organization.
/// </summary>
internal static class ExecutionMetrics
{
    /// <summary>One period's counts; <see cref="PeriodStart"/> is the period's first instant (UTC).</summary>
    internal sealed record Period(DateTime PeriodStart, int Executions, int Successes, int Failures, int? AverageMs, int Emails, int Sms, int Webhooks);

    /// <summary>The days a dashboard shows: the first one, and the instants the period starts and ends (now), UTC.</summary>
    internal sealed record Days(string TimeZone, DateOnly FirstDay, DateTime StartsAt, DateTime EndsAt);

    /// <summary>One workflow's counts on one day of the organization's time zone.</summary>
    internal sealed record WorkflowDay(Guid WorkflowId, DateOnly Day, int Executions, int Successes, int Failures);

    /// <summary>The periods of [<paramref name="from"/>, <paramref name="to"/>) that had executions, in order.</summary>
    public static async Task<IReadOnlyList<Period>> ByPeriodAsync(
        DatabaseTransaction transaction, DateTimeOffset from, DateTimeOffset to, string granularity, string timeZone, Guid? workflowId,
        CancellationToken cancellationToken) =>
        [.. await transaction.QueryAsync<Period>(
            $"""
            WITH {MetricHours.Current}
            SELECT date_trunc(@granularity, period_start, @timeZone) AS period_start,
                   sum(total_executions)::int AS executions, sum(successful_executions)::int AS successes, sum(failed_executions)::int AS failures,
                   round(sum(average_execution_time_ms::numeric * (successful_executions + failed_executions))
                         / nullif(sum(successful_executions + failed_executions) FILTER (WHERE average_execution_time_ms IS NOT NULL), 0))::int AS average_ms,
                   sum(emails_sent)::int AS emails, sum(sms_sent)::int AS sms, sum(webhooks_sent)::int AS webhooks
              FROM metric_hours
             WHERE @workflowId::uuid IS NULL OR workflow_id = @workflowId
             GROUP BY 1 ORDER BY 1
            """,
            new { granularity, timeZone, from, to, workflowId, margin = MetricHours.Margin },
            cancellationToken)];

    /// <summary>The 95th percentile of the time executions that ended took, of those created in the period; null when none did.</summary>
    public static Task<double?> P95Async(
        DatabaseTransaction transaction, DateTimeOffset from, DateTimeOffset to, Guid? workflowId, CancellationToken cancellationToken) =>
        transaction.ExecuteScalarAsync<double?>(
            """
            SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY execution_time_ms)
              FROM automation_execution_logs
             WHERE status IN ('completed', 'failed') AND execution_time_ms IS NOT NULL
               AND created_at >= @from AND created_at < @to AND (@workflowId::uuid IS NULL OR workflow_id = @workflowId)
            """,
            new { from, to, workflowId },
            cancellationToken);

    /// <summary>The last <paramref name="days"/> days of the organization's time zone, today included.</summary>
    public static Task<Days> LastDaysAsync(DatabaseTransaction transaction, Guid organizationId, int days, CancellationToken cancellationToken) =>
        transaction.QuerySingleAsync<Days>(
            """
            SELECT o.time_zone, d.first_day, (d.first_day AT TIME ZONE o.time_zone) AS starts_at, now() AS ends_at
              FROM organizations o, LATERAL (SELECT (now() AT TIME ZONE o.time_zone)::date - (@days - 1) AS first_day) d
             WHERE o.id = @organizationId
            """,
            new { organizationId, days },
            cancellationToken);

    /// <summary>Each workflow's counts per day of <paramref name="period"/> that had executions.</summary>
    public static async Task<IReadOnlyList<WorkflowDay>> ByWorkflowAndDayAsync(DatabaseTransaction transaction, Days period, CancellationToken cancellationToken) =>
        [.. await transaction.QueryAsync<WorkflowDay>(
            $"""
            WITH {MetricHours.Current}
            SELECT workflow_id, (period_start AT TIME ZONE @timeZone)::date AS day,
                   sum(total_executions)::int AS executions, sum(successful_executions)::int AS successes, sum(failed_executions)::int AS failures
              FROM metric_hours
             GROUP BY 1, 2
            """,
            new
            {
                timeZone = period.TimeZone,
                from = DateTime.SpecifyKind(period.StartsAt, DateTimeKind.Utc),
                to = DateTime.SpecifyKind(period.EndsAt, DateTimeKind.Utc).AddHours(1),
                margin = MetricHours.Margin,
            },
            cancellationToken)];
}
