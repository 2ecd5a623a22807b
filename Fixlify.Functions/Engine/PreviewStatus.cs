namespace Fixlify.Engine;

/// <summary>What a step would do in a dry run (<see cref="ActionPreview.Status"/>).</summary>
internal enum PreviewStatus
{
    WouldRun,

    /// <summary>Would deliberately not be sent: opted out, capped, no push subscription.</summary>
    Suppressed,

    Skipped,

    /// <summary>Not before <see cref="ActionPreview.NotBefore"/> (quiet hours): the dry run moves its clock there and asks again.</summary>
    Deferred,
}

/// <summary>The dry-run report's spelling of <see cref="PreviewStatus"/> (snake_case).</summary>
internal static class PreviewStatuses
{
    public const string WouldRunText = "would_run";

    public static string Text(this PreviewStatus status) => status switch
    {
        PreviewStatus.WouldRun => WouldRunText,
        PreviewStatus.Suppressed => "suppressed",
        PreviewStatus.Skipped => "skipped",
        _ => "deferred",
    };

    /// <summary>The preview status of a step a check stops with <paramref name="status"/>.</summary>
    public static PreviewStatus Of(ActionStatus status) => status switch
    {
        ActionStatus.Suppressed => PreviewStatus.Suppressed,
        ActionStatus.Skipped => PreviewStatus.Skipped,
        ActionStatus.Deferred => PreviewStatus.Deferred,
        _ => PreviewStatus.WouldRun,
    };
}
