using Fixlify.Data;
using Fixlify.Engine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fixlify.Application;

/// <summary>
/// The providers' circuits, per organization, kept in PostgreSQL (automation_provider_circuits, RLS like the rest; ADR 0019):
/// failures that are not a message's fault count; <see cref="HoldOptions.OpenAfter"/> in a row, or a step's last attempt,
/// open the circuit, and the office is told (<see cref="IProviderOutages.OpenedAsync"/>) once the opening is committed;
/// while it is open, steps for the provider are held; one held step at a time probes it every
/// <see cref="HoldOptions.ProbeInterval"/>; the first message it takes closes it (<see cref="IProviderOutages.ClosedAsync"/>,
/// once) and the held steps go, oldest first, <see cref="HoldOptions.ReleaseBatch"/> at a time.
/// </summary>
internal sealed class ProviderCircuitBreaker(
    TenantDatabase database, IProviderOutages outages, TimeProvider clock, IOptions<HoldOptions> options, ILogger<ProviderCircuitBreaker> logger) : IProviderCircuits
{
    /// <summary>How long after a probe began the other held steps ask how it went (at most half the probe interval).</summary>
    static readonly TimeSpan ProbeSettles = TimeSpan.FromSeconds(5);

    public async Task<ProviderHold?> HoldIfOpenAsync(ActionRequest action, Provider provider, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginAsync(action.OrganizationId, cancellationToken);
        if (await ProviderCircuits.FindAsync(transaction, action.OrganizationId, provider.Key, cancellationToken) is not { IsOpen: true } circuit)
        {
            return null;
        }

        var hold = await HoldAsync(transaction, action, provider, circuit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return hold;
    }

    public async Task<ProviderHold?> FailedAsync(ActionRequest action, Provider provider, string cause, bool lastAttempt, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        ProviderHold hold;
        ProviderOutage? opened = null;
        await using (var transaction = await database.BeginAsync(action.OrganizationId, cancellationToken))
        {
            var circuit = await ProviderCircuits.FailedAsync(transaction, action.OrganizationId, provider.Key, cause, now, cancellationToken);
            if (!circuit.IsOpen)
            {
                if (circuit.Failures < settings.OpenAfter && !lastAttempt)
                {
                    await transaction.CommitAsync(cancellationToken);
                    return null;
                }

                if (await ProviderCircuits.OpenAsync(transaction, action.OrganizationId, provider.Key, now, now + settings.ProbeInterval, cancellationToken))
                {
                    opened = new ProviderOutage(action.OrganizationId, provider.Key, provider.Label, cause, AsUtc(circuit.FailingSince ?? now), 0);
                }
            }

            hold = await HoldAsync(transaction, action, provider, circuit, cancellationToken);
            if (opened is not null)
            {
                opened = opened with { Held = await ProviderCircuits.HeldCountAsync(transaction, action.OrganizationId, provider.Key, cancellationToken) };
            }

            await transaction.CommitAsync(cancellationToken);
        }

        if (opened is not null)
        {
            Log.CircuitOpened(logger, provider.Key, action.OrganizationId, cause);
            await TellAsync(() => outages.OpenedAsync(opened, cancellationToken), opened);
        }

        return hold;
    }

    public async Task AnsweredAsync(Guid organizationId, Provider provider, CancellationToken cancellationToken)
    {
        ProviderOutage closed;
        await using (var transaction = await database.BeginAsync(organizationId, cancellationToken))
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var was = await ProviderCircuits.AnsweredAsync(transaction, organizationId, provider.Key, now, cancellationToken);
            if (was is null)
            {
                await transaction.CommitAsync(cancellationToken);
                return;
            }

            var held = await ProviderCircuits.HeldCountAsync(transaction, organizationId, provider.Key, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            closed = new ProviderOutage(organizationId, provider.Key, provider.Label, was.Cause ?? "was not answering", AsUtc(was.FailingSince ?? now), held);
        }

        Log.CircuitClosed(logger, provider.Key, organizationId, closed.Held);
        await TellAsync(() => outages.ClosedAsync(closed, cancellationToken), closed);
    }

    public async Task<HoldCheck> CheckAsync(CheckHoldInput input, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var provider = Provider.Parse(input.Provider);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await database.BeginAsync(input.OrganizationId, cancellationToken);
        if (await ProviderCircuits.HeldAtAsync(transaction, input.ExecutionId, input.StepKey, cancellationToken) is not { } held)
        {
            return HoldCheck.Now;
        }

        var heldAt = AsUtc(held);
        var circuit = await ProviderCircuits.FindAsync(transaction, input.OrganizationId, provider.Key, cancellationToken);
        var giveUpAt = heldAt + settings.MaxHold;
        HoldCheck answer;
        if (now >= giveUpAt)
        {
            var zone = await Organizations.TimeZoneAsync(transaction, input.OrganizationId, cancellationToken);
            await ProviderCircuits.ReleaseAsync(transaction, input.ExecutionId, input.StepKey, cancellationToken);
            answer = HoldCheck.Expired(HoldReasons.GaveUp(provider, circuit?.Cause, settings.MaxHold, heldAt, zone, now));
        }
        else if (circuit is not { IsOpen: true })
        {
            // It answers again: the oldest held steps go first, a batch at a time.
            var ahead = await ProviderCircuits.AheadAsync(transaction, input.OrganizationId, provider.Key, heldAt, input.ExecutionId, cancellationToken);
            if (ahead < settings.ReleaseBatch)
            {
                await ProviderCircuits.ReleaseAsync(transaction, input.ExecutionId, input.StepKey, cancellationToken);
                answer = HoldCheck.Now;
            }
            else
            {
                answer = HoldCheck.Later(Earliest(now + settings.ReleaseInterval, giveUpAt));
            }
        }
        else if (await ProviderCircuits.ClaimProbeAsync(transaction, input.OrganizationId, provider.Key, now, now + settings.ProbeInterval, cancellationToken))
        {
            // This step tries the provider (it stays held: a failure holds it again, a success closes the circuit).
            answer = HoldCheck.Now;
        }
        else
        {
            // Asks again just after the next probe has had time to answer: one check per probe while it stays down, and the
            // first check after it answers again lets the step go.
            var settle = settings.ProbeInterval / 2 < ProbeSettles ? settings.ProbeInterval / 2 : ProbeSettles;
            var next = circuit.ProbeAt is { } probeAt && AsUtc(probeAt) > now ? AsUtc(probeAt) + settle : now + settings.CheckInterval;
            answer = HoldCheck.Later(Earliest(next, giveUpAt));
        }

        await transaction.CommitAsync(cancellationToken);
        return answer;
    }

    async Task<ProviderHold> HoldAsync(DatabaseTransaction transaction, ActionRequest action, Provider provider, ProviderCircuits.Circuit circuit, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var heldAt = AsUtc(await ProviderCircuits.HoldAsync(transaction, action.OrganizationId, action.ExecutionId, action.StepKey, provider.Key, now, cancellationToken));
        var zone = await Organizations.TimeZoneAsync(transaction, action.OrganizationId, cancellationToken);
        var reason = HoldReasons.Held(provider, circuit.Cause ?? "is not answering", AsUtc(circuit.FailingSince ?? heldAt), zone, now);
        return new ProviderHold(provider.Key, reason, heldAt);
    }

    async Task TellAsync(Func<Task> tell, ProviderOutage outage)
    {
        try
        {
            await tell();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The transition is committed; a listener that fails must not fail the send.
            Log.OutageNotTold(logger, outage.Provider, outage.OrganizationId, e.Message);
        }
    }

    static DateTime Earliest(DateTime a, DateTime b) => a < b ? a : b;

    static DateTime AsUtc(DateTime value) => DateTime.SpecifyKind(value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value, DateTimeKind.Utc);
}
