using Fixlify.Data;
using Fixlify.Workflows;

namespace Fixlify.Engine;

/// <param name="Since">When the step before the wait began (UTC; the wait's own start for a reply wait): an event on the record at
/// or after it ends the wait.</param>
/// <param name="ExpiresAt">When the wait times out (UTC).</param>
/// <param name="Pending">Steps the walker settled since the last activity, the waiting step among them.</param>
internal sealed record StartWaitInput(
    Guid ExecutionId, Guid OrganizationId, string StepKey, DateTime Since, DateTime ExpiresAt, WaitTarget Target, IReadOnlyList<StepRecord> Pending);

/// <summary>How a wait starts: it waits (both null), its event had already happened (<see cref="Signal"/>), or it cannot wait, and why.</summary>
internal sealed record WaitStart(WaitSignal? Signal, string? NotWaiting);

/// <summary>
/// Activity: starts a wait step. Records the steps so far and the execution as waiting, and writes the wait the inbound SMS
/// route (a reply from the client the text went to) or the dispatcher (an event on the record) looks up, in one
/// transaction. A reply can only be told apart when the text was sent by SMS to a number that is a client's; otherwise
/// the step does not wait. A reply wait first takes a reply the inbound route kept because it came between the text and
/// this start (<see cref="ExecutionWaits.TakeKeptReplyAsync"/>), and then does not wait. An event wait then looks once in the outbox for its event since the step
/// before it began (one that committed while that step ran, or just before the wait did, may have been dispatched when no
/// wait was there to find), and at its record: already in the state its event puts it in (an invoice already paid), the
/// wait ends at once.
/// </summary>
internal sealed class StartWait(TenantDatabase database, ExecutionUpdateNotifier updates)
{
    /// <summary>Test seam: runs before the wait starts, where a reply may come after the text but before the wait is written.</summary>
    internal Func<StartWaitInput, CancellationToken, Task>? BeforeStart { get; set; }

    /// <summary>Whether two dates are the same instant (to the microsecond PostgreSQL keeps); both null is the same.</summary>
    static bool SameInstant(DateTime? current, DateTimeOffset? expected) =>
        current is null || expected is null
            ? current is null && expected is null
            : Math.Abs((DateTime.SpecifyKind(current.Value, DateTimeKind.Utc) - expected.Value.UtcDateTime).Ticks) < 10;

    public async Task<WaitStart> RunAsync(StartWaitInput input, CancellationToken cancellationToken)
    {
        if (BeforeStart is { } beforeStart)
        {
            await beforeStart(input, cancellationToken);
        }

        var start = new WaitStart(null, null);
        await using (var transaction = await database.BeginAsync(input.OrganizationId, cancellationToken))
        {
            ExecutionWaits.NewWait? wait = null;
            switch (input.Target)
            {
                case ReplyTarget reply:
                    var delivery = await ExecutionWaits.TextDeliveryAsync(transaction, input.ExecutionId, reply.TextKey, cancellationToken);
                    if (delivery is null)
                    {
                        start = new WaitStart(null, "the message did not go by SMS, so no reply to it can come");
                    }
                    else if (delivery.Status != DeliveryStatus.Sent)
                    {
                        start = new WaitStart(null, $"the text was not sent ({delivery.Status.Text()}), so there is no reply to wait for");
                    }
                    else if (delivery.ClientId is not { } client)
                    {
                        start = new WaitStart(null, "the number texted is no client's, so a reply from it cannot be matched to this execution");
                    }
                    else
                    {
                        // A reply that came after the text but before this wait is written was kept by the inbound route.
                        await ExecutionWaits.LockRepliesAsync(transaction, [client], cancellationToken);
                        var kept = await ExecutionWaits.TakeKeptReplyAsync(
                            transaction, input.OrganizationId, client, delivery.SentAt, input.ExecutionId, input.StepKey, cancellationToken);
                        if (kept is not null)
                        {
                            start = new WaitStart(WaitSignal.Reply(kept.ReceivedAt, kept.Text), null);
                        }
                        else
                        {
                            wait = new ExecutionWaits.NewWait(
                                input.ExecutionId, input.StepKey, input.OrganizationId, ExecutionWaits.Reply, client, null, null, null, input.Since, input.ExpiresAt);
                        }
                    }

                    break;
                case AnchorTarget anchor:
                    // The record's date as it is now: moved already (between the moment's computing and now), the wait ends at once.
                    var current = await ExecutionWaits.RecordDateAsync(transaction, anchor.EntityType, anchor.EntityId, anchor.Field, cancellationToken);
                    if (!SameInstant(current, anchor.Expected))
                    {
                        start = new WaitStart(new WaitSignal(DateTime.UtcNow, EventType: anchor.EventType, Moved: true, MovedTo: current), null);
                    }
                    else
                    {
                        wait = new ExecutionWaits.NewWait(
                            input.ExecutionId, input.StepKey, input.OrganizationId, ExecutionWaits.Anchor, null, anchor.EntityType, anchor.EntityId, anchor.EventType,
                            input.Since, input.ExpiresAt);
                    }

                    break;
                case EventTarget target:
                    wait = new ExecutionWaits.NewWait(
                        input.ExecutionId, input.StepKey, input.OrganizationId, ExecutionWaits.Event, null, target.EntityType, target.EntityId, target.EventType,
                        input.Since, input.ExpiresAt);
                    break;
            }

            var status = wait is null && input.Target is not AnchorTarget ? ExecutionStatus.Processing : ExecutionStatus.Waiting;
            if (!await ExecutionStepRepository.RecordAsync(transaction, input.ExecutionId, input.OrganizationId, input.Pending, status, cancellationToken))
            {
                return new WaitStart(null, "the execution has already ended");
            }

            if (wait is not null)
            {
                await ExecutionWaits.StartAsync(transaction, wait, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        updates.Changed(input.OrganizationId);
        if (input.Target is EventTarget awaited && start.NotWaiting is null)
        {
            // After the wait is committed: an event committed later finds the wait, one committed earlier is found here.
            await using var transaction = await database.BeginAsync(input.OrganizationId, cancellationToken);
            if (await ExecutionWaits.HappenedSinceAsync(transaction, input.OrganizationId, awaited.EntityId, awaited.EventType, input.Since, cancellationToken) is { } past)
            {
                await ExecutionWaits.EndAsync(transaction, input.ExecutionId, input.StepKey, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return new WaitStart(new WaitSignal(DateTime.SpecifyKind(past.OccurredAt, DateTimeKind.Utc), EventType: awaited.EventType, EventId: past.Id), null);
            }

            if (RecordStates.Of(awaited.EventType) is { } state
                && await ExecutionWaits.InStateAsync(transaction, state.Entity, awaited.EntityId, state.Status, cancellationToken) is { } since)
            {
                await ExecutionWaits.EndAsync(transaction, input.ExecutionId, input.StepKey, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return new WaitStart(new WaitSignal(DateTime.SpecifyKind(since, DateTimeKind.Utc), EventType: awaited.EventType), null);
            }
        }

        return start;
    }
}
