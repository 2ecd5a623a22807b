namespace Fixlify.Workflows;

/// <summary>The events a workflow can start on, and which business records each puts in the context.</summary>
public static class TriggerTypes
{
    static readonly string[] JobRecords = ["job", "client", "technician"];
    static readonly string[] InvoiceRecords = ["invoice", "client", "job"];
    static readonly string[] EstimateRecords = ["estimate", "client", "job"];
    static readonly string[] ClientRecords = ["client"];
    static readonly string[] AnyRecords = ["job", "client", "technician", "invoice", "estimate"];
    static readonly string[] ScheduleRecords = ["technicians"];

    /// <summary>Trigger type → the records the context holds for it.</summary>
    public static IReadOnlyDictionary<string, string[]> All { get; } = new Dictionary<string, string[]>
    {
        ["job_created"] = JobRecords,
        ["job_status_changed"] = JobRecords,
        ["job_completed"] = JobRecords,
        ["job_cancelled"] = JobRecords,
        ["job_technician_assigned"] = JobRecords,
        ["job_rescheduled"] = JobRecords,
        ["job_overdue"] = JobRecords,
        ["invoice_created"] = InvoiceRecords,
        ["invoice_sent"] = InvoiceRecords,
        ["invoice_paid"] = InvoiceRecords,
        ["invoice_partially_paid"] = InvoiceRecords,
        ["invoice_voided"] = InvoiceRecords,
        ["invoice_overdue"] = InvoiceRecords,
        ["client_created"] = ClientRecords,
        ["client_updated"] = ClientRecords,
        ["client_inactive"] = ClientRecords,
        ["estimate_created"] = EstimateRecords,
        ["estimate_sent"] = EstimateRecords,
        ["estimate_accepted"] = EstimateRecords,
        ["estimate_declined"] = EstimateRecords,
        ["scheduled"] = ScheduleRecords,
        ["recurring"] = ScheduleRecords,
        ["manual"] = AnyRecords,
    };

    public static bool IsKnown(string? type) => type is not null && All.ContainsKey(type);

    /// <summary>Types the scheduler computes from the clock (written per workflow), not captured from a record's change.</summary>
    public static IReadOnlySet<string> TimeDriven { get; } =
        new HashSet<string>(["job_overdue", "invoice_overdue", "client_inactive", "scheduled", "recurring"], StringComparer.Ordinal);

    /// <summary>The events a write to a record causes (<c>invoice_paid</c>, <c>job_rescheduled</c>, …): what a workflow can wait for.</summary>
    public static IReadOnlyList<string> RecordEvents { get; } =
        [.. All.Keys.Where(t => EntityOf(t) is not null && !TimeDriven.Contains(t)).Order(StringComparer.Ordinal)];

    /// <summary>The business entity an event type is about (job, invoice, client, estimate), or null for time triggers.</summary>
    public static string? EntityOf(string type)
    {
        var cut = type.IndexOf('_', StringComparison.Ordinal);
        var entity = cut > 0 ? type[..cut] : type;
        return entity is "job" or "invoice" or "client" or "estimate" ? entity : null;
    }
}
