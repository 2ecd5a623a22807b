using System.Text.Json.Nodes;

namespace Fixlify.Workflows;

/// <summary>A state a record can be in: its kind (job, invoice, estimate) and status, with the words a person reads.</summary>
/// <param name="Words">How a person says the record reached it: "was paid", "was cancelled".</param>
internal sealed record RecordState(string Entity, string Status, string Words);

/// <summary>
/// The record events that mean a record is now in a status (<c>invoice_paid</c>: the invoice's status is <c>paid</c>),
/// as the capture writes them (migration 0010, <c>fixlify_update_events</c>). A wait for such an event ends at once when
/// its record is already in the status; an exit condition ("stop when the invoice is paid") names one of these states.
/// Transitional statuses (an invoice <c>sent</c>, <c>partially_paid</c>) are not states a record stays in, so not here.
/// </summary>
internal static class RecordStates
{
    /// <summary>Event type → the state it puts its record in.</summary>
    public static IReadOnlyDictionary<string, RecordState> ByEvent { get; } = new Dictionary<string, RecordState>(StringComparer.Ordinal)
    {
        ["job_completed"] = new("job", "completed", "was completed"),
        ["job_cancelled"] = new("job", "cancelled", "was cancelled"),
        ["invoice_paid"] = new("invoice", "paid", "was paid"),
        ["invoice_voided"] = new("invoice", "void", "was voided"),
        ["estimate_accepted"] = new("estimate", "accepted", "was accepted"),
        ["estimate_declined"] = new("estimate", "declined", "was declined"),
    };

    /// <summary>The state <paramref name="eventType"/> puts its record in, or null when it is no state (a reschedule, a new record).</summary>
    public static RecordState? Of(string eventType) => ByEvent.GetValueOrDefault(eventType);

    /// <summary>Whether the record in <paramref name="context"/> (<c>invoice</c>, <c>job</c>, …) is in <paramref name="state"/>.</summary>
    public static bool Holds(RecordState state, JsonObject context) =>
        string.Equals(context[state.Entity]?["status"]?.ToString(), state.Status, StringComparison.Ordinal);
}
