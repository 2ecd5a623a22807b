namespace Fixlify.Engine;

/// <summary>
/// What a dry run is told happens while its waits wait, by the wait step's id: the client's reply to a wait_for_reply,
/// the event a wait_for_event waits for, each some time after the wait began. A wait with nothing simulated, or whose
/// simulated signal comes after its timeout, times out.
/// </summary>
internal sealed record DryRunSimulation(IReadOnlyDictionary<string, SimulatedReply> Replies, IReadOnlyDictionary<string, TimeSpan> Events)
{
    public static DryRunSimulation None { get; } = new(new Dictionary<string, SimulatedReply>(), new Dictionary<string, TimeSpan>());
}

/// <summary>A simulated reply: <see cref="After"/> the wait began, the text, the text as the keywords are compared with it, and whether it is an opt-out keyword.</summary>
internal sealed record SimulatedReply(TimeSpan After, string Text, string Keyword, bool OptedOut);
