using Fixlify.Data;

namespace Fixlify.Application;

/// <summary>
/// The office alerts' side of <see cref="IProviderOutages"/>: an outage opens one alert ("Emails can't be sent: the email
/// server is not answering since 08:02. 12 messages are waiting."), its end tells "sending again" once (ADR 0018); the
/// alert messages that could not go out through the provider meanwhile (an email alert of an email outage) go when it ends,
/// the opening before the "sending again".
/// </summary>
internal sealed class ProviderOutageAlerts(TenantDatabase database, OfficeAlertSignal signal, Microsoft.Extensions.Logging.ILogger<ProviderOutageAlerts> logger) : IProviderOutages
{
    public async Task OpenedAsync(ProviderOutage outage, CancellationToken cancellationToken)
    {
        try
        {
            await using var transaction = await database.BeginAsync(outage.OrganizationId, cancellationToken);
            await OfficeAlerts.OutageOpenedAsync(transaction, outage.OrganizationId, outage.Provider, Words(outage), outage.Held, outage.Since, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            signal.Raise();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.AlertsFailed(logger, e.Message);
        }
    }

    public async Task ClosedAsync(ProviderOutage outage, CancellationToken cancellationToken)
    {
        try
        {
            await using var transaction = await database.BeginAsync(outage.OrganizationId, cancellationToken);
            await OfficeAlerts.OutageClosedAsync(transaction, outage.OrganizationId, outage.Provider, AlertChannel(outage.Provider), outage.Since, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            signal.Raise();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.AlertsFailed(logger, e.Message);
        }
    }

    /// <summary>
    /// The alerts' channel that goes out through the provider (null: none does): the alert messages that could not go out
    /// while it was down — the outage's own opening among them — go once it answers again.
    /// </summary>
    static string? AlertChannel(string provider) => provider switch
    {
        "smtp" => "email",
        "telnyx" => "sms",
        _ => null,
    };

    /// <summary>"Emails can't be sent: the email server is not answering".</summary>
    internal static string Words(ProviderOutage outage)
    {
        var what = outage.Provider switch
        {
            "smtp" => "Emails",
            "telnyx" => "Texts",
            "web_push" => "App notifications",
            _ => "Webhooks",
        };
        return $"{what} can't be sent: {outage.Label} {outage.Cause}";
    }
}
