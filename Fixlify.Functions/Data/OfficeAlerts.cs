using static Fixlify.Data.DapperConventions;

namespace Fixlify.Data;

/// <summary>
/// automation_alerts and automation_alert_sends (0043_office_alerts.sql): what needs the office's attention, and the
/// messages that tell it. A workflow version's failures make one alert per period (the first is told, later ones are
/// counted for a digest); a later success marks it recovered; a provider outage and a send in doubt make one alert each.
/// </summary>
internal static class OfficeAlerts
{
    /// <summary>An alert with a part still to tell (the opening, the digest, the recovery), across organizations.</summary>
    internal sealed record Untold(
        Guid Id, Guid OrganizationId, string Kind, Guid? WorkflowId, string? WorkflowName, Guid? ExecutionId, string? Error, string? Words,
        int? Waiting, DateTimeOffset FirstAt, DateTimeOffset LastAt, DateTimeOffset PeriodEndsAt, int LaterCount, DateTimeOffset? RecoveredAt,
        bool OpenedTold, bool DigestTold, DateTimeOffset? MutedUntil);

    /// <summary>One message of an alert to one recipient.</summary>
    internal sealed record Send(Guid AlertId, string Part, string Recipient, Guid OrganizationId, string Channel, string Subject, string Body);

    /// <summary>
    /// Called as an execution ends, in its transaction: a failure opens (or is counted into) its workflow version's alert
    /// for the period; a completion marks the workflow's open failure alerts recovered.
    /// </summary>
    public static async Task ExecutionEndedAsync(DatabaseTransaction transaction, Guid executionId, Guid organizationId, ExecutionStatus status, CancellationToken cancellationToken)
    {
        if (status == ExecutionStatus.Completed)
        {
            await transaction.ExecuteAsync(
                """
                UPDATE automation_alerts SET recovered_at = now()
                 WHERE kind = 'failure' AND recovered_at IS NULL
                   AND workflow_id = (SELECT workflow_id FROM automation_execution_logs WHERE id = @executionId)
                """,
                new { executionId },
                cancellationToken);
            return;
        }

        if (status != ExecutionStatus.Failed)
        {
            return;
        }

        var failed = await transaction.QuerySingleOrDefaultAsync<(Guid WorkflowId, int Version, string? Error)>(
            "SELECT workflow_id, coalesce(workflow_version, 0), error_message FROM automation_execution_logs WHERE id = @executionId AND workflow_id IS NOT NULL",
            new { executionId },
            cancellationToken);
        if (failed.WorkflowId == Guid.Empty)
        {
            return;
        }

        var key = $"{failed.WorkflowId}:{failed.Version}";
        // One alert per version and period, even when two executions fail at the same moment.
        await transaction.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtextextended(@key, 2525))", new { key }, cancellationToken);
        var counted = await transaction.ExecuteAsync(
            """
            UPDATE automation_alerts SET later_count = later_count + 1, last_at = now(), dismissed_at = NULL
             WHERE organization_id = @organizationId AND kind = 'failure' AND subject_key = @key AND period_ends_at > now()
            """,
            new { organizationId, key },
            cancellationToken);
        if (counted == 0)
        {
            await transaction.ExecuteAsync(
                """
                INSERT INTO automation_alerts (organization_id, kind, subject_key, workflow_id, workflow_version, execution_id, error, period_ends_at)
                SELECT @organizationId, 'failure', @key, @workflowId, @version, @executionId, @error,
                       now() + make_interval(mins => coalesce((SELECT period_minutes FROM automation_alert_settings WHERE organization_id = @organizationId), 60))
                """,
                new { organizationId, key, workflowId = failed.WorkflowId, version = failed.Version, executionId, error = failed.Error },
                cancellationToken);
        }
    }

    /// <summary>A send found in doubt: the delivery is marked, and one alert is opened for it.</summary>
    public static Task InDoubtAsync(DatabaseTransaction transaction, Guid organizationId, Guid executionId, string stepKey, CancellationToken cancellationToken) =>
        transaction.ExecuteAsync(
            """
            WITH marked AS (
                UPDATE automation_deliveries SET in_doubt_at = coalesce(in_doubt_at, now())
                 WHERE execution_id = @executionId AND step_key = @stepKey AND status = 'sending'
                RETURNING id, channel)
            INSERT INTO automation_alerts (organization_id, kind, subject_key, workflow_id, execution_id, words, period_ends_at)
            SELECT @organizationId, 'in_doubt', m.id::text, l.workflow_id, @executionId, m.channel, now()
              FROM marked m LEFT JOIN automation_execution_logs l ON l.id = @executionId
            ON CONFLICT (organization_id, subject_key) WHERE kind = 'in_doubt' DO NOTHING
            """,
            new { organizationId, executionId, stepKey },
            cancellationToken);

    /// <summary>A provider stopped answering: one alert per outage (a repeated call updates how many wait).</summary>
    public static async Task OutageOpenedAsync(
        DatabaseTransaction transaction, Guid organizationId, string provider, string words, int waiting, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var updated = await transaction.ExecuteAsync(
            """
            UPDATE automation_alerts SET waiting = @waiting, last_at = now()
             WHERE organization_id = @organizationId AND kind = 'outage' AND subject_key = @provider AND recovered_at IS NULL
            """,
            new { organizationId, provider, waiting },
            cancellationToken);
        if (updated == 0)
        {
            await transaction.ExecuteAsync(
                """
                INSERT INTO automation_alerts (organization_id, kind, subject_key, words, waiting, first_at, period_ends_at)
                VALUES (@organizationId, 'outage', @provider, @words, @waiting, @since, now())
                """,
                new { organizationId, provider, words, waiting, since },
                cancellationToken);
        }
    }

    /// <summary>
    /// The provider answers again: its open outage alert is recovered (and the recovery will be told), and the alert
    /// messages of the organization that could not go out through it since <paramref name="since"/> (on
    /// <paramref name="channel"/>: the outage's own opening among them) are due again, once, now that it answers.
    /// </summary>
    public static async Task OutageClosedAsync(
        DatabaseTransaction transaction, Guid organizationId, string provider, string? channel, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await transaction.ExecuteAsync(
            """
            UPDATE automation_alerts SET recovered_at = now()
             WHERE organization_id = @organizationId AND kind = 'outage' AND subject_key = @provider AND recovered_at IS NULL
            """,
            new { organizationId, provider },
            cancellationToken);
        if (channel is not null)
        {
            await transaction.ExecuteAsync(
                """
                UPDATE automation_alert_sends SET status = 'due', send_after = now(), sent_at = NULL
                 WHERE organization_id = @organizationId AND channel = @channel AND status = 'failed' AND sent_at >= @since
                """,
                new { organizationId, channel, since = since.UtcDateTime },
                cancellationToken);
        }
    }

    /// <summary>
    /// Alerts with a part due (service login, all organizations), locked for this caller: an opening not told, a digest
    /// whose period ended with failures counted, a recovery after a told opening.
    /// </summary>
    public static async Task<IReadOnlyList<Untold>> ClaimUntoldAsync(DatabaseTransaction transaction, int limit, CancellationToken cancellationToken)
    {
        var rows = await transaction.QueryAsync<UntoldRow>(
            """
            SELECT a.id, a.organization_id, a.kind, a.workflow_id, w.name AS workflow_name, a.execution_id, a.error, a.words, a.waiting,
                   a.first_at, a.last_at, a.period_ends_at, a.later_count, a.recovered_at,
                   a.opened_told_at IS NOT NULL AS opened_told, a.digest_told_at IS NOT NULL AS digest_told,
                   (SELECT m.until FROM automation_alert_mutes m WHERE m.organization_id = a.organization_id AND m.workflow_id = a.workflow_id AND m.until > now()) AS muted_until
              FROM automation_alerts a LEFT JOIN automation_workflows w ON w.id = a.workflow_id
             WHERE a.opened_told_at IS NULL
                OR (a.digest_told_at IS NULL AND a.later_count > 0 AND a.period_ends_at <= now())
                OR (a.recovered_at IS NOT NULL AND a.recovery_told_at IS NULL)
             ORDER BY a.first_at
             LIMIT @limit
             FOR UPDATE OF a SKIP LOCKED
            """,
            new { limit },
            cancellationToken);
        return [.. rows.Select(r => r.ToUntold())];
    }

    /// <summary>Marks the parts told (and writes their messages, one per recipient; a part told twice writes nothing more).</summary>
    public static async Task ToldAsync(
        DatabaseTransaction transaction, Guid alertId, bool opened, bool digest, bool recovery, IReadOnlyList<(Send Send, DateTimeOffset SendAfter)> sends, CancellationToken cancellationToken)
    {
        await transaction.ExecuteAsync(
            """
            UPDATE automation_alerts
               SET opened_told_at = CASE WHEN @opened THEN coalesce(opened_told_at, now()) ELSE opened_told_at END,
                   digest_told_at = CASE WHEN @digest THEN coalesce(digest_told_at, now()) ELSE digest_told_at END,
                   recovery_told_at = CASE WHEN @recovery THEN coalesce(recovery_told_at, now()) ELSE recovery_told_at END
             WHERE id = @alertId
            """,
            new { alertId, opened, digest, recovery },
            cancellationToken);
        foreach (var (send, sendAfter) in sends)
        {
            await transaction.ExecuteAsync(
                """
                INSERT INTO automation_alert_sends (alert_id, part, recipient, organization_id, channel, subject, body, send_after)
                VALUES (@AlertId, @Part, @Recipient, @OrganizationId, @Channel, @Subject, @Body, @sendAfter)
                ON CONFLICT DO NOTHING
                """,
                new { send.AlertId, send.Part, send.Recipient, send.OrganizationId, send.Channel, send.Subject, send.Body, sendAfter },
                cancellationToken);
        }
    }

    /// <summary>Claims messages whose time has come (marked <c>sending</c> and committed by the caller): each is sent by one claimer only.</summary>
    public static async Task<IReadOnlyList<Send>> ClaimDueSendsAsync(DatabaseTransaction transaction, int limit, CancellationToken cancellationToken) =>
        [.. await transaction.QueryAsync<Send>(
            """
            WITH due AS (
                SELECT alert_id, part, recipient FROM automation_alert_sends
                 WHERE status = 'due' AND send_after <= now()
                 ORDER BY send_after
                 LIMIT @limit
                 FOR UPDATE SKIP LOCKED
            ), claimed AS (
            UPDATE automation_alert_sends s SET status = 'sending'
              FROM due WHERE s.alert_id = due.alert_id AND s.part = due.part AND s.recipient = due.recipient
            RETURNING s.alert_id, s.part, s.recipient, s.organization_id, s.channel, s.subject, s.body, s.send_after)
            SELECT alert_id, part, recipient, organization_id, channel, subject, body FROM claimed ORDER BY send_after, part
            """,
            new { limit },
            cancellationToken)];

    /// <summary>Records how a claimed message ended: sent, or failed (logged by the caller, never alerted).</summary>
    public static Task SentAsync(DatabaseTransaction transaction, Send send, bool sent, CancellationToken cancellationToken) =>
        transaction.ExecuteAsync(
            "UPDATE automation_alert_sends SET status = @status, sent_at = now() WHERE alert_id = @AlertId AND part = @Part AND recipient = @Recipient",
            new { status = sent ? "sent" : "failed", send.AlertId, send.Part, send.Recipient },
            cancellationToken);

    /// <summary>The earliest moment a message or a digest falls due (none: null), for the sender's sleep.</summary>
    public static async Task<DateTimeOffset?> NextDueAsync(DatabaseTransaction transaction, CancellationToken cancellationToken) =>
        Utc(await transaction.ExecuteScalarAsync<DateTime?>(
            """
            SELECT least(
                (SELECT min(send_after) FROM automation_alert_sends WHERE status = 'due'),
                (SELECT min(period_ends_at) FROM automation_alerts WHERE digest_told_at IS NULL AND later_count > 0))
            """,
            null,
            cancellationToken));

    sealed record UntoldRow(
        Guid Id, Guid OrganizationId, string Kind, Guid? WorkflowId, string? WorkflowName, Guid? ExecutionId, string? Error, string? Words,
        int? Waiting, DateTime FirstAt, DateTime LastAt, DateTime PeriodEndsAt, int LaterCount, DateTime? RecoveredAt, bool OpenedTold, bool DigestTold,
        DateTime? MutedUntil)
    {
        public Untold ToUntold() => new(
            Id, OrganizationId, Kind, WorkflowId, WorkflowName, ExecutionId, Error, Words, Waiting, Utc(FirstAt), Utc(LastAt), Utc(PeriodEndsAt), LaterCount,
            Utc(RecoveredAt), OpenedTold, DigestTold, Utc(MutedUntil));
    }
}
