using System.Text.Json.Serialization;

namespace Fixlify.Data;

/// <summary>Where one step of an execution is; stored and shown in snake_case.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StepStatus>))]
internal enum StepStatus
{
    [JsonStringEnumMemberName("processing")]
    Processing,

    /// <summary>Waiting for a time (a delay, quiet hours, a rate limit, a retry's backoff), a reply or an event.</summary>
    [JsonStringEnumMemberName("waiting")]
    Waiting,

    [JsonStringEnumMemberName("completed")]
    Completed,

    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>Not run: its guard (onlyIf) was false.</summary>
    [JsonStringEnumMemberName("skipped")]
    Skipped,

    /// <summary>Deliberately not sent: opted out, capped, no address or subscription.</summary>
    [JsonStringEnumMemberName("suppressed")]
    Suppressed,
}

/// <summary>The database's and the API's spelling of <see cref="StepStatus"/>.</summary>
internal static class StepStatuses
{
    public static string Text(this StepStatus status) => status switch
    {
        StepStatus.Processing => "processing",
        StepStatus.Waiting => "waiting",
        StepStatus.Completed => "completed",
        StepStatus.Failed => "failed",
        StepStatus.Skipped => "skipped",
        _ => "suppressed",
    };

    public static StepStatus Parse(string text) => text switch
    {
        "processing" => StepStatus.Processing,
        "waiting" => StepStatus.Waiting,
        "completed" => StepStatus.Completed,
        "failed" => StepStatus.Failed,
        "skipped" => StepStatus.Skipped,
        "suppressed" => StepStatus.Suppressed,
        _ => throw new FormatException($"'{text}' is not a step status."),
    };
}
