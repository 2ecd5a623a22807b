namespace Fixlify.Engine;

/// <summary>How a wait that follows a record's date treats a new moment already past (<c>Engine</c> section).</summary>
internal sealed class MovedWaitOptions
{
    public const string Section = "Engine";

    public static readonly TimeSpan DefaultGrace = TimeSpan.FromHours(1);

    /// <summary>
    /// When a record's date moves to a moment already past by no more than this, the waiting step goes on now (the reminder
    /// is sent late); by more, it is skipped with the reason. <c>Engine__MovedWaitGrace</c>, default 01:00:00.
    /// </summary>
    public TimeSpan MovedWaitGrace { get; set; } = DefaultGrace;
}
