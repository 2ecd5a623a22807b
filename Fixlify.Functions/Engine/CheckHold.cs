using Fixlify.Data;

namespace Fixlify.Engine;

/// <summary>A held step of an execution asking whether it may go: which step, and what holds it (a provider's key, or <c>paused</c>).</summary>
internal sealed record CheckHoldInput(Guid ExecutionId, Guid OrganizationId, string StepKey, string Provider);

/// <summary>
/// The answer to a held step: go now (<see cref="Go"/>), ask again at <see cref="Until"/> (UTC), or give up
/// (<see cref="GaveUp"/>: held for the longest hold, in words).
/// </summary>
internal sealed record HoldCheck(bool Go, DateTime? Until, string? GaveUp)
{
    public static HoldCheck Now { get; } = new(Go: true, Until: null, GaveUp: null);

    public static HoldCheck Later(DateTime until) => new(Go: false, until, GaveUp: null);

    public static HoldCheck Expired(string reason) => new(Go: false, Until: null, reason);
}

/// <summary>
/// Activity: a held step asks whether it may go. A step held by a paused automation goes when it is resumed; one held by a
/// provider asks its circuit (<see cref="IProviderCircuits.CheckAsync"/>).
/// </summary>
internal sealed class CheckHold(IProviderCircuits circuits, TenantDatabase database, TimeProvider clock, Microsoft.Extensions.Options.IOptions<HoldOptions> options)
{
    public async Task<HoldCheck> RunAsync(CheckHoldInput input, CancellationToken cancellationToken)
    {
        if (input.Provider != Provider.Paused.Key)
        {
            return await circuits.CheckAsync(input, cancellationToken);
        }

        await using var transaction = await database.BeginAsync(input.OrganizationId, cancellationToken);
        var paused = await PausedWorkflows.PausedSinceAsync(transaction, input.ExecutionId, cancellationToken);
        return paused is null ? HoldCheck.Now : HoldCheck.Later(clock.GetUtcNow().UtcDateTime + options.Value.CheckInterval);
    }
}
