namespace Fixlify.Workflows;

/// <summary>
/// A trigger type in words: the palette's label, what it does, and the start of the automation's summary sentence, whose
/// <c>{key}</c> placeholders are filled from the workflow's trigger settings.
/// </summary>
public sealed record TriggerWords(string Label, string Description, string Sentence);

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

    /// <summary>Trigger type → its words (the builder's palette, menus and summary; a test checks every type has them).</summary>
    public static IReadOnlyDictionary<string, TriggerWords> Words { get; } = new Dictionary<string, TriggerWords>(StringComparer.Ordinal)
    {
        ["job_created"] = new("A job is created", "Starts when a new job is added.", "When a job is created"),
        ["job_status_changed"] = new("A job's status changes", "Starts when a job moves from one status to another (you can choose which).", "When a job's status changes"),
        ["job_completed"] = new("A job is completed", "Starts when a job is marked completed.", "When a job is completed"),
        ["job_cancelled"] = new("A job is cancelled", "Starts when a job is cancelled.", "When a job is cancelled"),
        ["job_technician_assigned"] = new("A technician is assigned", "Starts when a technician is assigned to a job, or the job gets another technician.", "When a technician is assigned to a job"),
        ["job_rescheduled"] = new("A job is rescheduled", "Starts when a job's start or end time changes.", "When a job is rescheduled"),
        ["job_overdue"] = new("A job is running late", "Starts when a scheduled job has not started some minutes after its start time.", "When a job is running late"),
        ["invoice_created"] = new("An invoice is created", "Starts when a new invoice is added.", "When an invoice is created"),
        ["invoice_sent"] = new("An invoice is sent", "Starts when an invoice is sent to the client.", "When an invoice is sent"),
        ["invoice_paid"] = new("An invoice is paid", "Starts when an invoice is paid in full.", "When an invoice is paid"),
        ["invoice_partially_paid"] = new("An invoice is partly paid", "Starts when a payment covers part of an invoice.", "When an invoice is partly paid"),
        ["invoice_voided"] = new("An invoice is voided", "Starts when an invoice is voided.", "When an invoice is voided"),
        ["invoice_overdue"] = new("An invoice is overdue", "Starts when an unpaid invoice is a number of days past its due date.", "When an invoice is {daysOverdue} days overdue"),
        ["client_created"] = new("A client is added", "Starts when a new client is added.", "When a client is added"),
        ["client_updated"] = new("A client's details change", "Starts when a client's details are changed.", "When a client's details change"),
        ["client_inactive"] = new("A client has been quiet", "Starts when a client has had no job for a number of days.", "When a client has had no job for {inactiveDays} days"),
        ["estimate_created"] = new("An estimate is created", "Starts when a new estimate is added.", "When an estimate is created"),
        ["estimate_sent"] = new("An estimate is sent", "Starts when an estimate is sent to the client.", "When an estimate is sent"),
        ["estimate_accepted"] = new("An estimate is accepted", "Starts when the client accepts an estimate.", "When an estimate is accepted"),
        ["estimate_declined"] = new("An estimate is declined", "Starts when the client declines an estimate.", "When an estimate is declined"),
        ["scheduled"] = new("At a date and time", "Starts once, at the date and time you choose.", "At the chosen date and time"),
        ["recurring"] = new("On a repeating schedule", "Starts again and again on a schedule, such as every Monday at 8:00 AM.", "On its schedule"),
        ["manual"] = new("When you start it", "Starts only when someone runs it by hand (or tries it on a record).", "When started by hand"),
    };
}
