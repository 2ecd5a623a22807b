using System.Text.Json.Serialization;

namespace Fixlify.Data;

/// <summary>Where an execution is; stored and shown in snake_case (<c>processing</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ExecutionStatus>))]
internal enum ExecutionStatus
{
    /// <summary>Logged; its orchestration is scheduled but has not begun.</summary>
    [JsonStringEnumMemberName("pending")]
    Pending,

    [JsonStringEnumMemberName("processing")]
    Processing,

    /// <summary>Waiting: for a time (a delay, quiet hours, a rate limit's reset, a retry's backoff), a client's reply or a record's event.</summary>
    [JsonStringEnumMemberName("waiting")]
    Waiting,

    [JsonStringEnumMemberName("completed")]
    Completed,

    [JsonStringEnumMemberName("failed")]
    Failed,

    [JsonStringEnumMemberName("cancelled")]
    Cancelled,

    /// <summary>Its record is in the workflow's hold-out group (<c>Workflows/HoldOutGroup</c>): it ended at once, nothing sent, to compare with.</summary>
    [JsonStringEnumMemberName("held_out")]
    HeldOut,
    /// <summary>Logged while its automation was paused: nothing runs until it is resumed (migration 0047).</summary>
    [JsonStringEnumMemberName("paused")]
    Paused,
}

/// <summary>The database's and the API's spelling of <see cref="ExecutionStatus"/>.</summary>
internal static class ExecutionStatuses
{
    /// <summary>Every status as the database and the API spell it, in the order of the enum.</summary>
    public static readonly IReadOnlyList<string> AllText = [.. Enum.GetValues<ExecutionStatus>().Select(Text)];

    public static readonly IReadOnlyList<ExecutionStatus> Final = [ExecutionStatus.Completed, ExecutionStatus.Failed, ExecutionStatus.Cancelled, ExecutionStatus.HeldOut];

    /// <summary>The final statuses as SQL text, for <c>status = ANY(@final)</c>.</summary>
    public static readonly string[] FinalText = [.. Final.Select(Text)];

    public static bool IsFinal(this ExecutionStatus status) => Final.Contains(status);

    public static string Text(this ExecutionStatus status) => status switch
    {
        ExecutionStatus.Pending => "pending",
        ExecutionStatus.Processing => "processing",
        ExecutionStatus.Waiting => "waiting",
        ExecutionStatus.Completed => "completed",
        ExecutionStatus.Failed => "failed",
        ExecutionStatus.HeldOut => "held_out",
        ExecutionStatus.Paused => "paused",
        _ => "cancelled",
    };

    /// <summary>The status a stored text names (the old <c>retry</c> reads as processing).</summary>
    public static ExecutionStatus Parse(string text) => text switch
    {
        "pending" => ExecutionStatus.Pending,
        "processing" or "retry" => ExecutionStatus.Processing,
        "waiting" => ExecutionStatus.Waiting,
        "completed" => ExecutionStatus.Completed,
        "failed" => ExecutionStatus.Failed,
        "cancelled" => ExecutionStatus.Cancelled,
        "held_out" => ExecutionStatus.HeldOut,
        "paused" => ExecutionStatus.Paused,
        _ => throw new FormatException($"'{text}' is not an execution status."),
    };
}
