using Fixlify.Channels;
using Fixlify.Data;
using Fixlify.Workflows;

namespace Fixlify.Application;

/// <summary>
/// Names who the organization's alerts go to (email addresses, phone numbers read in its country, the web app), how long
/// one alert covers a workflow version, and which channels resend an in-doubt message by themselves. Every problem is
/// named by its field, in words.
/// </summary>
internal sealed class SaveAlertSettings(TenantDatabase database)
{
    public const int MaxRecipients = 10;

    internal sealed record Request(
        Guid OrganizationId, IReadOnlyList<string>? Emails, IReadOnlyList<string>? Phones, bool? InApp, int? PeriodMinutes, IReadOnlyList<string>? ResendInDoubt,
        IReadOnlyList<FieldError> Problems, Actor By);

    internal abstract record Result
    {
        internal sealed record Saved(AlertSettingsRepository.AlertSettings Settings) : Result;

        internal sealed record Invalid(IReadOnlyList<FieldError> Errors) : Result;
    }

    public async Task<Result> ExecuteAsync(Request request, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>(request.Problems);
        await using var transaction = await database.BeginAsync(request.OrganizationId, cancellationToken);
        var current = await AlertSettingsRepository.LoadAsync(transaction, request.OrganizationId, cancellationToken);
        var region = await ClientPhoneLookup.RegionAsync(transaction, request.OrganizationId, cancellationToken);

        var emails = new List<string>();
        foreach (var (email, i) in (request.Emails ?? current.Emails).Select((e, i) => (e.Trim(), i)))
        {
            if (!RecipientAddress.IsEmail(email))
            {
                errors.Add(new FieldError($"emails[{i}]", $"'{email}' is not an email address; write it like office@example.com."));
            }
            else if (!emails.Contains(email, StringComparer.OrdinalIgnoreCase))
            {
                emails.Add(email);
            }
        }

        var phones = new List<string>();
        foreach (var (phone, i) in (request.Phones ?? current.Phones).Select((p, i) => (p, i)))
        {
            if (RecipientAddress.NormalizePhone(phone, region) is not { } number)
            {
                errors.Add(new FieldError($"phones[{i}]", $"'{RecipientAddress.MaskPhone(phone)}' is not a phone number; write it like +15550104567 or (555) 010-4567."));
            }
            else if (!phones.Contains(number))
            {
                phones.Add(number);
            }
        }

        if (emails.Count > MaxRecipients)
        {
            errors.Add(new FieldError("emails", $"At most {MaxRecipients} email addresses."));
        }

        if (phones.Count > MaxRecipients)
        {
            errors.Add(new FieldError("phones", $"At most {MaxRecipients} phone numbers."));
        }

        var period = request.PeriodMinutes ?? current.PeriodMinutes;
        if (period is < 5 or > 1440)
        {
            errors.Add(new FieldError("periodMinutes", "One alert covers between 5 minutes and 24 hours (1,440 minutes)."));
        }

        var resend = new List<string>();
        foreach (var (name, i) in (request.ResendInDoubt ?? current.ResendInDoubt).Select((n, i) => (n, i)))
        {
            if (!MessageChannels.TryParse(name, out var channel) || channel == MessageChannel.Push)
            {
                errors.Add(new FieldError($"resendInDoubt[{i}]", "Choose email or sms: the channels whose in-doubt messages are resent by themselves."));
            }
            else if (!resend.Contains(channel.Name()))
            {
                resend.Add(channel.Name());
            }
        }

        if (errors.Count > 0)
        {
            return new Result.Invalid(errors);
        }

        var settings = new AlertSettingsRepository.AlertSettings(emails, phones, request.InApp ?? current.InApp, period, resend);
        await AlertSettingsRepository.SaveAsync(transaction, request.OrganizationId, settings, cancellationToken);
        await AuditTrail.RecordAsync(
            transaction, request.OrganizationId, request.By,
            new AuditTrail.Change(AuditAction.SettingChanged, SubjectName: "who is told of failures", Before: InWords(current), After: InWords(settings)),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new Result.Saved(settings);
    }

    /// <summary>The settings in a short line for the audit trail (counts, never the numbers themselves).</summary>
    static string InWords(AlertSettingsRepository.AlertSettings settings) =>
        $"{Plural(settings.Emails.Count, "email address", "email addresses")}, {Plural(settings.Phones.Count, "phone number", "phone numbers")}"
        + (settings.InApp ? ", the web app" : "") + $", one alert per {settings.PeriodMinutes} minutes";

    static string Plural(int count, string one, string many) => $"{count} {(count == 1 ? one : many)}";
}
