namespace Fixlify.Engine;

/// <summary>How the dispatcher schedules the orchestrations of many executions started together (<c>Engine</c> section).</summary>
internal sealed class SchedulingOptions
{
    public const string Section = "Engine";

    public const int DefaultConcurrency = 64;

    /// <summary>
    /// How many orchestrations are scheduled at once (each is a few round trips to the task hub's storage).
    /// <c>Engine__SchedulingConcurrency</c>, 1-256; the default is chosen by <c>scripts/bench.sh engine</c>'s "starting an
    /// instance" figures (docs/operations.md).
    /// </summary>
    public int SchedulingConcurrency { get; set; } = DefaultConcurrency;
}
