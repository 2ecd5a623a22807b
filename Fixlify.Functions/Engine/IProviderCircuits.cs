namespace Fixlify.Engine;

/// <summary>
/// The circuits of the providers messages go out through, per organization (ADR 0019): a failure that is not the
/// message's fault counts; after repeated ones (or a step's last attempt) the circuit opens and steps are held instead of
/// failing; one held step at a time probes it; the first answer closes it and the held steps go out, oldest first, paced.
/// </summary>
internal interface IProviderCircuits
{
    /// <summary>Before sending: null when the provider may be tried; else the step is held now (its circuit is open), saying why.</summary>
    Task<ProviderHold?> HoldIfOpenAsync(ActionRequest action, Provider provider, CancellationToken cancellationToken);

    /// <summary>
    /// The provider failed for a reason that is not the message's (<paramref name="cause"/>, in words: "is not answering").
    /// Null: retry as usual; else the circuit is open (by this failure, or <paramref name="lastAttempt"/>: the step's retries
    /// are spent) and the step is held.
    /// </summary>
    Task<ProviderHold?> FailedAsync(ActionRequest action, Provider provider, string cause, bool lastAttempt, CancellationToken cancellationToken);

    /// <summary>The provider took a message: its circuit closes if it was open.</summary>
    Task AnsweredAsync(Guid organizationId, Provider provider, CancellationToken cancellationToken);

    /// <summary>A held step asks whether it may go now (the provider answers, or it is its turn to probe), wait, or give up.</summary>
    Task<HoldCheck> CheckAsync(CheckHoldInput input, CancellationToken cancellationToken);
}
