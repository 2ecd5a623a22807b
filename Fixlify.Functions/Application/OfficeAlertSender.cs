using System.Globalization;
using Fixlify.Channels;
using Fixlify.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Fixlify.Application;

/// <summary>
/// Tells the office (ADR 0018). A pass (1) takes the alerts with a part to tell — a workflow version's first failure in
/// its period, the digest of the later ones when the period ends, the recovery; a provider outage and its end; a send in
/// doubt — writes one message per recipient (texts put off to the end of the organization's quiet hours) and marks the
/// part told, in one transaction, so each part is told once; then (2) claims the messages whose time has come and sends
/// them, each by one claimer. A message that cannot be sent is logged and marked failed, never alerted about: alerts do
/// not alert about themselves. A muted workflow's parts are marked told without messages (the web app still lists them).
/// </summary>
internal sealed class OfficeAlertSender(
    ServiceDatabase database, IEmailSender email, TelnyxClient telnyx, IOptions<EmailOptions> emailOptions, TimeProvider clock, ILogger<OfficeAlertSender> logger)
{
    const int Batch = 50;

    /// <returns>How many messages were sent.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        while (await TellAsync(cancellationToken) == Batch)
        {
        }

        var sent = 0;
        while (true)
        {
            IReadOnlyList<OfficeAlerts.Send> due;
            await using (var transaction = await database.BeginAsync(cancellationToken))
            {
                due = await OfficeAlerts.ClaimDueSendsAsync(transaction, Batch, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            foreach (var send in due)
            {
                var ok = await SendAsync(send, cancellationToken);
                await using var transaction = await database.BeginAsync(CancellationToken.None);
                await OfficeAlerts.SentAsync(transaction, send, ok, CancellationToken.None);
                await transaction.CommitAsync(CancellationToken.None);
                sent += ok ? 1 : 0;
            }

            if (due.Count < Batch)
            {
                return sent;
            }
        }
    }

    /// <summary>The earliest moment a put-off message or a digest falls due, for the service's sleep.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(cancellationToken);
        return await OfficeAlerts.NextDueAsync(transaction, cancellationToken);
    }

    async Task<int> TellAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(cancellationToken);
        var untold = await OfficeAlerts.ClaimUntoldAsync(transaction, Batch, cancellationToken);
        var organizations = new Dictionary<Guid, (AlertSettingsRepository.AlertSettings Settings, OrganizationSettings Organization)>();
        var now = clock.GetUtcNow();
        foreach (var alert in untold)
        {
            if (!organizations.TryGetValue(alert.OrganizationId, out var org))
            {
                var row = await BusinessRecords.LoadAsync(transaction, "organization", alert.OrganizationId, cancellationToken);
                org = (await AlertSettingsRepository.LoadAsync(transaction, alert.OrganizationId, cancellationToken),
                    row is null ? new OrganizationSettings(null, null, null, null, null, null, null, null, null, null, null) : OrganizationSettings.From(row));
                organizations[alert.OrganizationId] = org;
            }

            var opened = !alert.OpenedTold;
            var digest = alert.LaterCount > 0 && !alert.DigestTold && alert.PeriodEndsAt <= now;
            var recovery = alert.RecoveredAt is not null && (alert.OpenedTold || opened);
            var parts = new List<(string Part, string Subject, string Body)>();
            if (opened)
            {
                var (openedSubject, openedBody) = Opening(alert, org.Organization);
                parts.Add(("opened", openedSubject, openedBody));
            }

            if (digest)
            {
                var (digestSubject, digestBody) = Digest(alert, org.Organization);
                parts.Add(("digest", digestSubject, digestBody));
            }

            if (recovery && alert.Kind != "in_doubt")
            {
                var (recoverySubject, recoveryBody) = Recovery(alert, org.Organization);
                parts.Add(("recovery", recoverySubject, recoveryBody));
            }

            var sends = new List<(OfficeAlerts.Send, DateTimeOffset)>();
            if (alert.MutedUntil is null)
            {
                foreach (var (part, subject, body) in parts)
                {
                    sends.AddRange(org.Settings.Emails.Select(e => (new OfficeAlerts.Send(alert.Id, part, e, alert.OrganizationId, "email", subject, body), now)));
                    var textAt = QuietHoursEnd(org.Organization, now) ?? now;
                    sends.AddRange(org.Settings.Phones.Select(p => (new OfficeAlerts.Send(alert.Id, part, p, alert.OrganizationId, "sms", subject, body), textAt)));
                }
            }

            await OfficeAlerts.ToldAsync(transaction, alert.Id, opened, digest, recovery, sends, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return untold.Count;
    }

    async Task<bool> SendAsync(OfficeAlerts.Send send, CancellationToken cancellationToken)
    {
        try
        {
            OrganizationSettings organization;
            await using (var transaction = await database.BeginAsync(cancellationToken))
            {
                var row = await BusinessRecords.LoadAsync(transaction, "organization", send.OrganizationId, cancellationToken);
                organization = row is null ? throw new InvalidOperationException("the organization no longer exists") : OrganizationSettings.From(row);
            }

            if (send.Channel == "email")
            {
                var from = Text(organization.EmailFromAddress) ?? Text(emailOptions.Value.FromAddress)
                    ?? throw new InvalidOperationException("no sender address (email_from_address, Email__FromAddress)");
                var message = new MimeMessage();
                message.From.Add(new MailboxAddress(Text(organization.Name) ?? "Fixlify", from));
                message.To.Add(MailboxAddress.Parse(send.Recipient));
                message.Subject = send.Subject;
                message.MessageId = $"{send.AlertId:N}.{send.Part}@{from[(from.LastIndexOf('@') + 1)..]}";
                message.Headers.Add("Auto-Submitted", "auto-generated");
                message.Body = new TextPart("plain") { Text = send.Body };
                await email.SendAsync(message, cancellationToken);
            }
            else
            {
                var fromNumber = RecipientAddress.NormalizePhone(organization.SmsFromNumber, organization.CountryCode);
                if (fromNumber is null && string.IsNullOrWhiteSpace(organization.SmsMessagingProfileId))
                {
                    throw new InvalidOperationException("the business has no SMS number");
                }

                var answer = await telnyx.SendAsync(new TelnyxMessage(fromNumber, organization.SmsMessagingProfileId, send.Recipient, $"{send.Subject}. {send.Body}"), cancellationToken);
                if (answer is not ProviderAnswer.Accepted)
                {
                    throw new InvalidOperationException($"Telnyx did not take it ({answer.GetType().Name})");
                }
            }

            Log.AlertSent(logger, send.AlertId, send.Part, send.Channel);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Logged, never alerted: an alert about a failed alert could fail the same way, forever.
            Log.AlertNotSent(logger, send.AlertId, send.Part, send.Channel, e.Message);
            return false;
        }
    }

    static (string, string) Opening(OfficeAlerts.Untold alert, OrganizationSettings organization)
    {
        var at = Time(alert.FirstAt, organization);
        switch (alert.Kind)
        {
            case "outage":
                var waiting = alert.Waiting is > 0 ? $" {Messages(alert.Waiting.Value)} waiting." : "";
                return ($"{alert.Words} since {at}", $"{alert.Words} since {at}.{waiting} They go out once it answers again; nothing is lost.");
            case "in_doubt":
                return ($"A message may not have gone out ({alert.WorkflowName ?? "an automation"})",
                    $"The app stopped while sending a message of \"{alert.WorkflowName ?? "an automation"}\" at {at}, so it cannot tell whether it arrived. "
                    + "It is not sent twice on its own: open Needs attention to resend it or dismiss it.");
            default:
                var words = FailureWords.For(alert.Error);
                return ($"\"{alert.WorkflowName}\" failed: {words.Cause}",
                    $"{words.Cause}. {words.Advice}\n\nFirst failure at {at}. Later failures in the next {Period(alert)} are counted into one summary.");
        }
    }

    static (string, string) Digest(OfficeAlerts.Untold alert, OrganizationSettings organization) =>
        ($"\"{alert.WorkflowName}\": {Runs(alert.LaterCount)} more failed",
            $"{Runs(alert.LaterCount)} of \"{alert.WorkflowName}\" failed after the first, between {Time(alert.FirstAt, organization)} and {Time(alert.LastAt, organization)}. "
            + FailureWords.For(alert.Error).Advice);

    static (string, string) Recovery(OfficeAlerts.Untold alert, OrganizationSettings organization) => alert.Kind == "outage"
        ? ($"{(alert.Words ?? "Messages can't be sent").Split(" can't be sent")[0]} are sending again",
            $"It answers again since {Time(alert.RecoveredAt!.Value, organization)}; the waiting messages are going out.")
        : ($"\"{alert.WorkflowName}\" works again", $"A run of \"{alert.WorkflowName}\" completed at {Time(alert.RecoveredAt!.Value, organization)}.");

    static string Period(OfficeAlerts.Untold alert)
    {
        var minutes = (int)Math.Round((alert.PeriodEndsAt - alert.FirstAt).TotalMinutes);
        return minutes % 60 == 0 ? (minutes == 60 ? "hour" : $"{minutes / 60} hours") : $"{minutes} minutes";
    }

    static string Runs(int count) => count == 1 ? "1 run" : $"{count} runs";

    static string Messages(int count) => count == 1 ? "1 message is" : $"{count} messages are";

    /// <summary>A moment in the organization's zone, as the office reads it: "08:02" today, else "Dec 7, 08:02".</summary>
    internal static string Time(DateTimeOffset at, OrganizationSettings organization)
    {
        var zone = SmsQuietHours.Zone(organization.TimeZone);
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).Date;
        return local.ToString(local.Date == today ? "HH:mm" : "MMM d, HH:mm", CultureInfo.InvariantCulture);
    }

    static DateTimeOffset? QuietHoursEnd(OrganizationSettings organization, DateTimeOffset now) =>
        SmsQuietHours.NextAllowed(
            now, SmsQuietHours.ParseTime(organization.QuietHoursStart, SmsQuietHours.DefaultStart), SmsQuietHours.ParseTime(organization.QuietHoursEnd, SmsQuietHours.DefaultEnd),
            SmsQuietHours.Zone(organization.TimeZone));

    static string? Text(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
