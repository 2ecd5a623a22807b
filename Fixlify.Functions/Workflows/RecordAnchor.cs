namespace Fixlify.Workflows;

/// <summary>
/// A record's date a delay can wait for and follow when it moves: the record kind, the column, and the event a change of
/// it causes (migration 0010: a job's start or end moving is <c>job_rescheduled</c>). Only dates whose change the capture
/// writes as an event can be followed; a delay until another date waits for the moment computed when it began.
/// </summary>
internal sealed record RecordAnchor(string Entity, string Field, string EventType)
{
    static readonly IReadOnlyDictionary<string, RecordAnchor> ByPath = new Dictionary<string, RecordAnchor>(StringComparer.Ordinal)
    {
        ["job.scheduled_start"] = new("job", "scheduled_start", "job_rescheduled"),
        ["job.scheduled_end"] = new("job", "scheduled_end", "job_rescheduled"),
    };

    /// <summary>The anchor a delay's <c>until</c> path names, or null when that date cannot be followed.</summary>
    public static RecordAnchor? Of(string? path) => path is null ? null : ByPath.GetValueOrDefault(path);

    /// <summary>The date's words: "start", "end".</summary>
    public string Words => Field.Replace("scheduled_", "", StringComparison.Ordinal);
}
