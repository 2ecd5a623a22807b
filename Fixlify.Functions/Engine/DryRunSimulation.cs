namespace Fixlify.Engine;

/// <summary>
/// What a dry run is told happens while its waits wait, by the wait step's id: the client's reply to a wait_for_reply,
/// the event a wait_for_event waits for, each some time after the wait began. A wait with nothing simulated, or whose
/// simulated signal comes after its timeout, times out.
/// </summary>
/// <param name="Moves">
/// A delay that follows a record's date (e.g. "1 hour before Job › Start"), by step id: the record's date moves some time
/// after the wait began (a job rescheduled), as a run is told of it; the wait follows once.
/// </param>
internal sealed record DryRunSimulation(
    IReadOnlyDictionary<string, SimulatedReply> Replies, IReadOnlyDictionary<string, TimeSpan> Events, IReadOnlyDictionary<string, SimulatedMove>? Moves = null)
{
    public static DryRunSimulation None { get; } = new(new Dictionary<string, SimulatedReply>(), new Dictionary<string, TimeSpan>());

    public IReadOnlyDictionary<string, SimulatedMove> MovesByStep => Moves ?? new Dictionary<string, SimulatedMove>();
}

/// <summary>A simulated move of a delay's record date: <see cref="After"/> the wait began, the date becomes <see cref="To"/> (UTC; null: cleared).</summary>
internal sealed record SimulatedMove(TimeSpan After, DateTime? To);

/// <summary>A simulated reply: <see cref="After"/> the wait began, the text, the text as the keywords are compared with it, and whether it is an opt-out keyword.</summary>
internal sealed record SimulatedReply(TimeSpan After, string Text, string Keyword, bool OptedOut);
