using System.Text.Json.Serialization;

namespace Fixlify.Engine;

/// <summary>How a handler says its step ended (<see cref="ActionOutcome.Status"/>); written in snake_case where it is shown.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ActionStatus>))]
internal enum ActionStatus
{
    [JsonStringEnumMemberName("completed")]
    Completed,

    /// <summary>Deliberately not sent: opted out, capped, no address or subscription.</summary>
    [JsonStringEnumMemberName("suppressed")]
    Suppressed,

    [JsonStringEnumMemberName("skipped")]
    Skipped,

    /// <summary>Not yet: ask again at <see cref="ActionOutcome.NotBefore"/> (quiet hours, a provider's rate limit).</summary>
    [JsonStringEnumMemberName("deferred")]
    Deferred,
}

/// <summary>The spelling of <see cref="ActionStatus"/> in logs, dry-run reports and a step's <c>tried</c> list.</summary>
internal static class ActionStatuses
{
    public static string Text(this ActionStatus status) => status switch
    {
        ActionStatus.Completed => "completed",
        ActionStatus.Suppressed => "suppressed",
        ActionStatus.Skipped => "skipped",
        _ => "deferred",
    };
}
