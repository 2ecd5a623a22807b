using Fixlify.Workflows;

namespace Fixlify.Engine;

/// <summary>
/// What ends a wait early, raised as a Durable external event to the waiting execution's orchestration (instance id =
/// execution id) under <see cref="EventName"/>: the client's reply (<see cref="Text"/>, the reply as
/// <c>SmsKeywords.Normalize</c> writes it in <see cref="Keyword"/>, and whether it was an opt-out keyword), or an event on the
/// record (<see cref="EventType"/>, <see cref="EventId"/>). <see cref="At"/>: when it happened, UTC. To a delay that follows
/// a record's date: the date may have moved (the dispatcher's signal: look again), or it did (<see cref="Moved"/>, to
/// <see cref="MovedTo"/>, null when the record has no such date any more).
/// </summary>
internal sealed record WaitSignal(
    DateTime At, string? Text = null, string? Keyword = null, bool OptedOut = false, string? EventType = null, Guid? EventId = null,
    bool Moved = false, DateTime? MovedTo = null)
{
    /// <summary>The external event a waiting step listens for: one per step key, so a late signal never ends another wait.</summary>
    public static string EventName(string stepKey) => $"wait:{stepKey}";

    /// <summary>The client's reply <paramref name="text"/>, received at <paramref name="receivedAt"/> (UTC), as a signal.</summary>
    public static WaitSignal Reply(DateTime receivedAt, string? text) =>
        new(DateTime.SpecifyKind(receivedAt, DateTimeKind.Utc), text, SmsKeywords.Normalize(text), SmsKeywords.Classify(text) == SmsKeyword.OptOut);
}
