namespace Fixlify.Data;

/// <summary>
/// An organization's alert settings (automation_alert_settings): who is told (email addresses, phone numbers in E.164,
/// the web app), how long one alert covers a workflow version, and which channels resend an in-doubt message by
/// themselves. An organization without a row has the defaults: nobody by email or text, the web app, an hour, never twice.
/// </summary>
internal static class AlertSettingsRepository
{
    internal sealed record AlertSettings(IReadOnlyList<string> Emails, IReadOnlyList<string> Phones, bool InApp, int PeriodMinutes, IReadOnlyList<string> ResendInDoubt)
    {
        public static readonly AlertSettings Default = new([], [], true, 60, []);
    }

    public static async Task<AlertSettings> LoadAsync(DatabaseTransaction transaction, Guid organizationId, CancellationToken cancellationToken)
    {
        var row = await transaction.QuerySingleOrDefaultAsync<Row>(
            "SELECT emails, phones, in_app, period_minutes, resend_in_doubt FROM automation_alert_settings WHERE organization_id = @organizationId",
            new { organizationId },
            cancellationToken);
        return row is null ? AlertSettings.Default : new AlertSettings(row.Emails, row.Phones, row.InApp, row.PeriodMinutes, row.ResendInDoubt);
    }

    public static Task SaveAsync(DatabaseTransaction transaction, Guid organizationId, AlertSettings settings, CancellationToken cancellationToken) =>
        transaction.ExecuteAsync(
            """
            INSERT INTO automation_alert_settings (organization_id, emails, phones, in_app, period_minutes, resend_in_doubt)
            VALUES (@organizationId, @emails, @phones, @inApp, @periodMinutes, @resend)
            ON CONFLICT (organization_id) DO UPDATE
               SET emails = excluded.emails, phones = excluded.phones, in_app = excluded.in_app, period_minutes = excluded.period_minutes,
                   resend_in_doubt = excluded.resend_in_doubt, updated_at = now()
            """,
            new
            {
                organizationId, emails = settings.Emails.ToArray(), phones = settings.Phones.ToArray(), inApp = settings.InApp,
                periodMinutes = settings.PeriodMinutes, resend = settings.ResendInDoubt.ToArray(),
            },
            cancellationToken);

    /// <summary>Whether the organization resends <paramref name="channel"/>'s in-doubt messages by itself (at-least-once).</summary>
    public static async Task<bool> ResendsInDoubtAsync(DatabaseTransaction transaction, Guid organizationId, string channel, CancellationToken cancellationToken) =>
        await transaction.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM automation_alert_settings WHERE organization_id = @organizationId AND @channel = ANY(resend_in_doubt))",
            new { organizationId, channel },
            cancellationToken);

    /// <summary>Mutes a workflow's alerts until <paramref name="until"/> (null: unmutes it).</summary>
    public static Task MuteAsync(DatabaseTransaction transaction, Guid organizationId, Guid workflowId, DateTimeOffset? until, CancellationToken cancellationToken) =>
        until is null
            ? transaction.ExecuteAsync("DELETE FROM automation_alert_mutes WHERE workflow_id = @workflowId", new { workflowId }, cancellationToken)
            : transaction.ExecuteAsync(
                """
                INSERT INTO automation_alert_mutes (organization_id, workflow_id, until) VALUES (@organizationId, @workflowId, @until)
                ON CONFLICT (organization_id, workflow_id) DO UPDATE SET until = excluded.until
                """,
                new { organizationId, workflowId, until },
                cancellationToken);

    /// <summary>Settable properties: Dapper hands text[] columns over as arrays only to properties, not to a record's constructor.</summary>
    sealed class Row
    {
        public string[] Emails { get; set; } = [];

        public string[] Phones { get; set; } = [];

        public bool InApp { get; set; }

        public int PeriodMinutes { get; set; }

        public string[] ResendInDoubt { get; set; } = [];
    }
}
