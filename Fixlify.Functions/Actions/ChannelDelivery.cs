using System.Diagnostics;
using System.Text.Json.Nodes;
using Fixlify.Channels;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Telemetry;
using Fixlify.Workflows;
using static Fixlify.Telemetry.TelemetryTags;

namespace Fixlify.Actions;

/// <summary>A message about to go out on a channel: the step (and its key), and where it goes.</summary>
/// <param name="StepKey">The ledger key: the step's key, or <c>&lt;step key&gt;/&lt;channel&gt;</c> inside send_message.</param>
/// <param name="Channel">The channel it goes by (its name, as stored, from <see cref="MessageChannels.Name"/>).</param>
/// <param name="Address">
/// The rendered recipient: an email address, or a phone number as the template wrote it (normalized to E.164 in the
/// organization's <c>country_code</c> before anything else), which finds the client it belongs to; null for push.
/// </param>
/// <param name="ClientId">For a message with no address (push), the client it is about, if it counts against one.</param>
internal sealed record DeliveryRequest(ActionRequest Action, string StepKey, MessageChannel Channel, string? Address, Guid? ClientId = null)
{
    /// <summary>How errors name the recipient field, e.g. <c>send_sms: 'to'</c>.</summary>
    public string AddressField { get; init; } = "to";

    /// <summary>
    /// Asked inside the claim, after the opt-out check and before the cap: a Suppressed outcome (recorded) or a
    /// Deferred one (nothing recorded: the step asks again later) stops the send; null lets it go on.
    /// </summary>
    public Func<DeliveryTarget, DatabaseTransaction, CancellationToken, Task<ActionOutcome?>>? Precheck { get; init; }

    /// <summary>
    /// The message as it will go (for an email its MIME text, for a text its sender, number and words), kept with the
    /// claim while the send is unrecorded, so a send in doubt can be shown to the office and resent by hand (ADR 0018).
    /// </summary>
    public Func<DeliveryTarget, CancellationToken, Task<JsonObject>>? Message { get; init; }

    /// <summary>
    /// Opens the way to the provider before the delivery is claimed (an SMTP connection, logged in): the claim is taken as
    /// late as possible, right before the message goes on the wire, so a process that dies while waiting for the provider
    /// leaves nothing in doubt (ADR 0005). A failure here is the provider's, counted by its circuit like a failed send.
    /// </summary>
    public Func<CancellationToken, Task>? Connect { get; init; }
}

/// <summary>The client a message goes to, as the database shows it now.</summary>
internal sealed record DeliveryClient(Guid Id, string? TimeZone, bool EmailOptOut, bool SmsOptOut);

/// <summary>
/// The organization (its row, fresh), the client (if the recipient is one) and the address (E.164 for a text) a message
/// goes to.
/// </summary>
internal sealed record DeliveryTarget(OrganizationSettings Organization, DeliveryClient? Client, string? Address = null)
{
    /// <summary>The zone the message's dates and times are written in: the recipient client's, else the organization's (IANA id).</summary>
    public string? TimeZone => TemplateRenderer.KnownZone(Client?.TimeZone, Organization.TimeZone);

    /// <summary>The organization's region (<c>country_code</c>), which national-format numbers are read in.</summary>
    public string? Region => Organization.CountryCode;
}

/// <summary>Where a message would go, and why it would not (null: it would): a dry run's view of a delivery.</summary>
internal sealed record DeliveryPreview(DeliveryTarget Target, ActionOutcome? Verdict);

/// <summary>
/// Sends a message at most once per (execution, step key), honouring opt-outs and the organization's daily cap:
/// claim the automation_deliveries row as <c>sending</c> and commit; send; mark it <c>sent</c> with the provider's id.
/// A send that throws gives the claim back, so the retry may send. A later attempt that finds <c>sent</c> returns what
/// was recorded; one that finds <c>sending</c> (the process died between sending and recording) does not send again
/// and reports the delivery as in doubt: it is marked, and the office is alerted to decide (resend or dismiss), unless the
/// organization chose to resend that channel's in-doubt messages by itself (at-least-once; ADR 0018).
/// </summary>
internal sealed class ChannelDelivery(TenantDatabase database, IProviderCircuits circuits, OfficeAlertSignal? alerts = null)
{
    /// <summary>Channels that count against the daily cap: every message channel.</summary>
    static readonly string[] CappedChannels = [.. MessageChannels.All.Select(c => c.Name())];

    /// <summary>Test seam: runs after a successful send and before it is recorded, where a crash would leave the claim in doubt.</summary>
    internal Func<string, CancellationToken, Task>? AfterSend { get; set; }

    public async Task<ActionOutcome> DeliverAsync(
        DeliveryRequest delivery, Func<DeliveryTarget, CancellationToken, Task<ChannelSendResult>> send, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await DeliverOnceAsync(delivery, send, cancellationToken);
            AutomationMetrics.Sent(delivery.Channel.Name(), outcome.Status switch
            {
                ActionStatus.Completed => "sent",
                ActionStatus.Deferred => "deferred",
                _ => "suppressed",
            });
            return outcome;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            AutomationMetrics.Sent(delivery.Channel.Name(), "failed");
            throw;
        }
    }

    async Task<ActionOutcome> DeliverOnceAsync(
        DeliveryRequest delivery, Func<DeliveryTarget, CancellationToken, Task<ChannelSendResult>> send, CancellationToken cancellationToken)
    {
        var action = delivery.Action;
        var provider = Engine.Provider.For(delivery.Channel);
        if (!action.Released && await circuits.HoldIfOpenAsync(action, provider, cancellationToken) is { } open)
        {
            // The provider is not answering (its circuit is open): held, not tried (ADR 0019).
            throw new ProviderHeldException(open);
        }

        if (delivery.Connect is { } connect)
        {
            try
            {
                await connect(cancellationToken);
            }
            catch (Exception e) when (ProviderFailures.Cause(e) is { } cause)
            {
                if (!await LedgerAnswersAsync(delivery, cancellationToken))
                {
                    if (await circuits.FailedAsync(action, provider, cause, action.FinalAttempt, CancellationToken.None) is { } held)
                    {
                        throw new ProviderHeldException(held, e);
                    }

                    throw;
                }
            }
        }

        DeliveryTarget target;
        var resend = false;
        await using (var transaction = await database.BeginForAsync(action, cancellationToken))
        {
            if (await DeliveryLedger.FindAsync(transaction, action.ExecutionId, delivery.StepKey, cancellationToken) is { } earlier)
            {
                if (earlier.Status != DeliveryStatus.Sending)
                {
                    return FromEarlier(earlier, delivery.Channel.Name());
                }

                if (!await AlertSettingsRepository.ResendsInDoubtAsync(transaction, action.OrganizationId, delivery.Channel.Name(), cancellationToken))
                {
                    // Never twice (the default): the office decides, and is told so.
                    await OfficeAlerts.InDoubtAsync(transaction, action.OrganizationId, action.ExecutionId, delivery.StepKey, cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                    alerts?.Raise();
                    return FromEarlier(earlier, delivery.Channel.Name());
                }

                resend = true;
            }

            var organization = await OrganizationAsync(transaction, action, cancellationToken);
            var address = Address(delivery, organization);
            var client = await FindClientAsync(transaction, delivery, address, organization, ActionContext.RecordId(action.Context, "client"), cancellationToken);
            if (client is not null)
            {
                // Serializes the cap check and the claim of one client's messages across all executions.
                await transaction.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtextextended(@id::text, 4242))", new { id = client.Id }, cancellationToken);
            }

            target = new DeliveryTarget(organization, client, address);
            if (await VerdictAsync(transaction, delivery, target, at: null, cancellationToken) is { } verdict)
            {
                if (resend && verdict.Status == ActionStatus.Suppressed)
                {
                    // The client opted out since the claim: the in-doubt message is not resent.
                    var reason = new JsonObject { ["channel"] = delivery.Channel.Name(), ["reason"] = verdict.Summary ?? "not sent" };
                    await DeliveryLedger.CompleteAsync(transaction, action.ExecutionId, delivery.StepKey, DeliveryStatus.Suppressed, null, reason, cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                    return Suppressed(reason, verdict.Summary ?? "not sent");
                }

                return verdict.Status == ActionStatus.Suppressed
                    ? await SuppressAsync(transaction, delivery, target, verdict.Summary ?? "not sent", cancellationToken)
                    : verdict;
            }

            var message = delivery.Message is { } compose ? await compose(target, cancellationToken) : null;
            if (!(resend
                    ? await DeliveryLedger.ReclaimAsync(transaction, action.ExecutionId, delivery.StepKey, message, cancellationToken)
                    : await DeliveryLedger.ClaimAsync(
                        transaction, action.OrganizationId, action.ExecutionId, delivery.StepKey, delivery.Channel.Name(), DeliveryStatus.Sending, client?.Id, cancellationToken, message)))
            {
                var other = await DeliveryLedger.FindAsync(transaction, action.ExecutionId, delivery.StepKey, cancellationToken);
                return other is null ? throw new InvalidOperationException("The delivery claim vanished; try again.") : FromEarlier(other, delivery.Channel.Name());
            }

            await transaction.CommitAsync(cancellationToken);
        }

        ChannelSendResult result;
        using (var span = AutomationTelemetry.StartSpan(
                   $"send {delivery.Channel.Name()}", ActivityKind.Client, null, Tag(TelemetryTags.Organization, action.OrganizationId),
                   Tag(TelemetryTags.Execution, action.ExecutionId), Tag(TelemetryTags.Step, delivery.StepKey), Tag(TelemetryTags.Channel, delivery.Channel.Name())))
        {
            try
            {
                result = await send(target, cancellationToken);
            }
            catch (Exception e)
            {
                span.Failed(e);
                await ReleaseAsync(delivery);
                if (ProviderFailures.Cause(e) is { } cause
                    && await circuits.FailedAsync(action, provider, cause, action.FinalAttempt, CancellationToken.None) is { } held)
                {
                    throw new ProviderHeldException(held, e);
                }

                throw;
            }
        }

        if (result is ChannelSendLater later)
        {
            await ReleaseAsync(delivery);
            if (await circuits.FailedAsync(action, provider, "asks to slow down (HTTP 429)", lastAttempt: false, cancellationToken) is { } slowed)
            {
                throw new ProviderHeldException(slowed);
            }

            return ActionOutcome.Deferred(later.RetryAt, later.Summary);
        }

        await circuits.AnsweredAsync(action.OrganizationId, provider, cancellationToken);

        if (AfterSend is { } afterSend && result is ChannelSent)
        {
            await afterSend(delivery.Channel.Name(), cancellationToken);
        }

        var output = (JsonObject)result.Output.DeepClone();
        output["channel"] ??= delivery.Channel.Name();

        // The message went out: recording it is what keeps it from being in doubt, so a database that is away for a
        // moment (a restart) is waited for, for up to RecordPatience, before giving up.
        for (var wait = TimeSpan.FromMilliseconds(250); ; wait *= 2)
        {
            try
            {
                await RecordAsync(delivery, target, result, output, cancellationToken);
                break;
            }
            catch (Exception e) when (DatabaseTransaction.ServerClosedConnection(e) && wait < RecordPatience && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(wait, cancellationToken);
            }
        }

        return result is ChannelSent ? ActionOutcome.Completed(output, result.Summary) : Suppressed(output, result.Summary);
    }

    /// <summary>How long recording a message that went out waits for the database to come back (the waits double from 250 ms).</summary>
    static readonly TimeSpan RecordPatience = TimeSpan.FromSeconds(30);

    async Task RecordAsync(DeliveryRequest delivery, DeliveryTarget target, ChannelSendResult result, JsonObject output, CancellationToken cancellationToken)
    {
        var action = delivery.Action;
        await using (var transaction = await database.BeginForAsync(action, cancellationToken))
        {
            if (result is ChannelOptedOut && delivery.Channel == MessageChannel.Sms && target.Address is { } number)
            {
                // The provider knows better: the number goes on the list (its clients marked), as the execution's own write.
                await SmsSuppressionList.AddAsync(
                    transaction, action.OrganizationId, number, target.Region, SmsSuppressionList.Carrier, result.Summary, at: null, cancellationToken);
            }
            else if (result is ChannelOptedOut && target.Client is { } optedOut)
            {
                await transaction.ExecuteAsync("UPDATE clients SET email_opt_out = true WHERE id = @id", new { id = optedOut.Id }, cancellationToken);
            }

            var sent = result as ChannelSent;
            await DeliveryLedger.CompleteAsync(
                transaction, action.ExecutionId, delivery.StepKey, sent is null ? DeliveryStatus.Suppressed : DeliveryStatus.Sent, sent?.ProviderId, output, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The checks <see cref="DeliverAsync"/> makes before sending, as of <paramref name="at"/>, in a read-only transaction
    /// (a dry run): where the message would go, and why it would not go (null: it would). Nothing is claimed or sent.
    /// </summary>
    public async Task<DeliveryPreview> PreviewAsync(DeliveryRequest delivery, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var action = delivery.Action;
        await using var transaction = await database.BeginReadOnlyAsync(action.OrganizationId, cancellationToken);
        var organization = await OrganizationAsync(transaction, action, cancellationToken);
        var address = Address(delivery, organization);
        var client = await FindClientAsync(transaction, delivery, address, organization, ActionContext.RecordId(action.Context, "client"), cancellationToken);
        var target = new DeliveryTarget(organization, client, address);
        return new DeliveryPreview(target, await VerdictAsync(transaction, delivery, target, at, cancellationToken));
    }

    /// <summary>
    /// Why the message must not go now: the number is on the organization's SMS suppression list, the client opted out,
    /// the handler's own check (quiet hours, no subscription), or the daily cap (counted over the 24 hours before
    /// <paramref name="at"/>, or before the database's now); null: it may.
    /// </summary>
    static async Task<ActionOutcome?> VerdictAsync(
        DatabaseTransaction transaction, DeliveryRequest delivery, DeliveryTarget target, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        var client = target.Client;
        if (delivery.Channel == MessageChannel.Sms && target.Address is { } number
            && await SmsSuppressionList.ContainsAsync(transaction, delivery.Action.OrganizationId, number, cancellationToken))
        {
            return ActionOutcome.Suppressed($"{RecipientAddress.MaskPhone(number)} is on the organization's SMS opt-out list");
        }

        if (client is not null && OptedOut(client, delivery.Channel))
        {
            return ActionOutcome.Suppressed($"the client opted out of {(delivery.Channel == MessageChannel.Sms ? "SMS" : delivery.Channel.Name())}");
        }

        if (delivery.Precheck is not null && await delivery.Precheck(target, transaction, cancellationToken) is { } verdict)
        {
            return verdict;
        }

        if (client is not null && target.Organization.DailyMessageCap is { } cap)
        {
            var sent = await transaction.ExecuteScalarAsync<long>(
                """
                SELECT count(*) FROM automation_deliveries
                 WHERE client_id = @client AND status IN ('sent', 'sending') AND channel = ANY(@channels)
                   AND created_at > coalesce(@at, now()) - interval '24 hours'
                """,
                new { client = client.Id, channels = CappedChannels, at },
                cancellationToken);
            if (sent >= cap)
            {
                return ActionOutcome.Suppressed($"daily message cap reached: the client already got {sent} message(s) in the last 24 hours (cap {cap})");
            }
        }

        return null;
    }

    static bool OptedOut(DeliveryClient client, MessageChannel channel) => channel switch
    {
        MessageChannel.Sms => client.SmsOptOut,
        MessageChannel.Email => client.EmailOptOut,
        _ => false,
    };

    /// <summary>
    /// The recipient's address as the channel uses it: for a text, the E.164 number read in the organization's
    /// <c>country_code</c> (a number that cannot be read fails the step, naming the field, the value masked).
    /// </summary>
    static string? Address(DeliveryRequest delivery, OrganizationSettings organization)
    {
        if (delivery.Channel != MessageChannel.Sms || delivery.Address is not { } written)
        {
            return delivery.Address;
        }

        var region = organization.CountryCode;
        return RecipientAddress.NormalizePhone(written, region)
            ?? throw new PermanentActionException(
                $"{delivery.AddressField} is not a phone number: {RecipientAddress.MaskPhone(written)} (read as an international number, or a national one in {region ?? "no region"}).");
    }

    /// <summary>
    /// The client the message goes to: for a text, the clients whose phone is the same number (the execution's own client
    /// first; opted out when any of them is); for an email, the one with the address; else the one named.
    /// </summary>
    static async Task<DeliveryClient?> FindClientAsync(
        DatabaseTransaction transaction, DeliveryRequest delivery, string? address, OrganizationSettings organization, Guid? contextClient, CancellationToken cancellationToken)
    {
        if (delivery.Channel == MessageChannel.Sms && address is not null)
        {
            var clients = await ClientPhoneLookup.FindAsync(
                transaction, delivery.Action.OrganizationId, address, organization.CountryCode, cancellationToken);
            if (clients.Count == 0)
            {
                return null;
            }

            var chosen = clients.FirstOrDefault(c => c.Id == contextClient) ?? clients[0];
            return new DeliveryClient(chosen.Id, chosen.TimeZone, chosen.EmailOptOut, clients.Any(c => c.SmsOptOut));
        }

        var match = delivery.Channel switch
        {
            MessageChannel.Email when address is not null => "lower(email) = lower(@address)",
            _ when delivery.ClientId is not null => "id = @named",
            _ => null,
        };
        if (match is null)
        {
            return null;
        }

        return await transaction.QuerySingleOrDefaultAsync<DeliveryClient>(
            $"""
            SELECT id, time_zone, email_opt_out, sms_opt_out FROM clients
             WHERE {match}
             ORDER BY (id = @contextClient) DESC NULLS LAST, created_at
             LIMIT 1
            """,
            new { address, named = delivery.ClientId, contextClient },
            cancellationToken);
    }

    static async Task<ActionOutcome> SuppressAsync(DatabaseTransaction transaction, DeliveryRequest delivery, DeliveryTarget target, string reason, CancellationToken cancellationToken)
    {
        var action = delivery.Action;
        var client = target.Client;
        var output = new JsonObject { ["channel"] = delivery.Channel.Name(), ["reason"] = reason };
        if (await DeliveryLedger.RecordAsync(transaction, action.OrganizationId, action.ExecutionId, delivery.StepKey, delivery.Channel.Name(), DeliveryStatus.Suppressed, client?.Id, null, output, cancellationToken))
        {
            if (delivery.Channel == MessageChannel.Sms && target.Address is { } number && client is { SmsOptOut: false }
                && await SmsSuppressionList.ContainsAsync(transaction, action.OrganizationId, number, cancellationToken))
            {
                // On the list but not marked (a client added since the opt-out): the flag the office sees catches up.
                await SmsSuppressionList.MarkClientsAsync(transaction, action.OrganizationId, number, target.Region, optedOut: true, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return Suppressed(output, reason);
        }

        var other = await DeliveryLedger.FindAsync(transaction, action.ExecutionId, delivery.StepKey, cancellationToken);
        return other is null ? Suppressed(output, reason) : FromEarlier(other, delivery.Channel.Name());
    }

    /// <summary>The organization's settings as its row is now. Throws <see cref="PermanentActionException"/> when it is gone.</summary>
    static async Task<OrganizationSettings> OrganizationAsync(DatabaseTransaction transaction, ActionRequest action, CancellationToken cancellationToken) =>
        OrganizationSettings.From(await BusinessRecords.LoadAsync(transaction, "organization", action.OrganizationId, cancellationToken)
            ?? throw new PermanentActionException("The organization no longer exists."));

    /// <summary>
    /// Whether the ledger already has this delivery (sent, suppressed, or claimed by an attempt that died): a replay that
    /// needs no provider to answer, so a provider that cannot be reached does not hold it. Read only when connecting failed.
    /// </summary>
    async Task<bool> LedgerAnswersAsync(DeliveryRequest delivery, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginForAsync(delivery.Action, cancellationToken);
        return await DeliveryLedger.FindAsync(transaction, delivery.Action.ExecutionId, delivery.StepKey, cancellationToken) is not null;
    }

    async Task ReleaseAsync(DeliveryRequest delivery)
    {
        // Not cancellable: a claim left behind would keep the retry from sending.
        await using var transaction = await database.BeginForAsync(delivery.Action, CancellationToken.None);
        await DeliveryLedger.ReleaseAsync(transaction, delivery.Action.ExecutionId, delivery.StepKey, CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
    }

    static ActionOutcome FromEarlier(DeliveryLedger.Delivery earlier, string channel)
    {
        var recorded = earlier.Result?.DeepClone() as JsonObject ?? new JsonObject { ["channel"] = channel };
        return earlier.Status switch
        {
            DeliveryStatus.Sent => ActionOutcome.Completed(recorded, $"{channel} already sent"),
            DeliveryStatus.Suppressed => Suppressed(recorded, recorded["reason"]?.ToString() ?? "not sent"),
            DeliveryStatus.Skipped => ActionOutcome.Skipped(recorded["reason"]?.ToString() ?? "skipped"),
            _ => ActionOutcome.Completed(
                new JsonObject
                {
                    ["channel"] = channel,
                    ["inDoubt"] = true,
                    ["reason"] = "an earlier attempt began sending and did not record the result; it is not sent again, so the recipient may or may not have it",
                    ["claimedAt"] = earlier.UpdatedAt,
                },
                $"{channel} delivery in doubt"),
        };
    }

    static ActionOutcome Suppressed(JsonObject output, string reason) => new(ActionStatus.Suppressed, output, reason);
}
