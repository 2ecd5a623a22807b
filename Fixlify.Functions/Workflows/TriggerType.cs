using System.Diagnostics.CodeAnalysis;

namespace Fixlify.Workflows;

/// <summary>
/// A trigger type: one of the closed set of events a workflow can start on, with the catalog's data on it — the records
/// its context holds, its words (the builder's palette, menus and summary), whether the scheduler computes it from the
/// clock, and the business entity it is about. Read from a stored name once (<see cref="TryParse"/>, <see cref="Find"/>)
/// and written back by <see cref="Name"/>: the stored workflows, the API and the database keep the same names.
/// </summary>
internal sealed class TriggerType
{
    static readonly string[] JobRecords = ["job", "client", "technician"];
    static readonly string[] InvoiceRecords = ["invoice", "client", "job"];
    static readonly string[] EstimateRecords = ["estimate", "client", "job"];
    static readonly string[] ClientRecords = ["client"];
    static readonly string[] AnyRecords = ["job", "client", "technician", "invoice", "estimate"];
    static readonly string[] ScheduleRecords = ["technicians"];

    TriggerType(string name, string[] records, TriggerWords words, bool timeDriven = false)
    {
        Name = name;
        Records = records;
        Words = words;
        IsTimeDriven = timeDriven;
        var cut = name.IndexOf('_', StringComparison.Ordinal);
        var entity = cut > 0 ? name[..cut] : name;
        Entity = entity is "job" or "invoice" or "client" or "estimate" ? entity : null;
    }

    /// <summary>The stored name (<c>invoice_overdue</c>).</summary>
    public string Name { get; }

    /// <summary>The business records the execution's context holds for it.</summary>
    public IReadOnlyList<string> Records { get; }

    public TriggerWords Words { get; }

    /// <summary>Computed by the scheduler from the clock (written per workflow), not captured from a record's change.</summary>
    public bool IsTimeDriven { get; }

    /// <summary>The business entity it is about (job, invoice, client, estimate), or null (a schedule, by hand).</summary>
    public string? Entity { get; }

    /// <summary>An event a write to a record causes (<c>invoice_paid</c>, <c>job_rescheduled</c>, …): what a workflow can wait for.</summary>
    public bool IsRecordEvent => Entity is not null && !IsTimeDriven;

    public static readonly TriggerType JobCreated = new("job_created", JobRecords, new("A job is created", "Starts when a new job is added.", "When a job is created"));
    public static readonly TriggerType JobStatusChanged = new("job_status_changed", JobRecords, new("A job's status changes", "Starts when a job moves from one status to another (you can choose which).", "When a job's status changes"));
    public static readonly TriggerType JobCompleted = new("job_completed", JobRecords, new("A job is completed", "Starts when a job is marked completed.", "When a job is completed"));
    public static readonly TriggerType JobCancelled = new("job_cancelled", JobRecords, new("A job is cancelled", "Starts when a job is cancelled.", "When a job is cancelled"));
    public static readonly TriggerType JobTechnicianAssigned = new("job_technician_assigned", JobRecords, new("A technician is assigned", "Starts when a technician is assigned to a job, or the job gets another technician.", "When a technician is assigned to a job"));
    public static readonly TriggerType JobRescheduled = new("job_rescheduled", JobRecords, new("A job is rescheduled", "Starts when a job's start or end time changes.", "When a job is rescheduled"));
    public static readonly TriggerType JobOverdue = new("job_overdue", JobRecords, new("A job is running late", "Starts when a scheduled job is not done some minutes after its scheduled end.", "When a job is running late"), timeDriven: true);
    public static readonly TriggerType InvoiceCreated = new("invoice_created", InvoiceRecords, new("An invoice is created", "Starts when a new invoice is added.", "When an invoice is created"));
    public static readonly TriggerType InvoiceSent = new("invoice_sent", InvoiceRecords, new("An invoice is sent", "Starts when an invoice is sent to the client.", "When an invoice is sent"));
    public static readonly TriggerType InvoicePaid = new("invoice_paid", InvoiceRecords, new("An invoice is paid", "Starts when an invoice is paid in full.", "When an invoice is paid"));
    public static readonly TriggerType InvoicePartiallyPaid = new("invoice_partially_paid", InvoiceRecords, new("An invoice is partly paid", "Starts when a payment covers part of an invoice.", "When an invoice is partly paid"));
    public static readonly TriggerType InvoiceVoided = new("invoice_voided", InvoiceRecords, new("An invoice is voided", "Starts when an invoice is voided.", "When an invoice is voided"));
    public static readonly TriggerType InvoiceOverdue = new("invoice_overdue", InvoiceRecords, new("An invoice is overdue", "Starts when an unpaid invoice is a number of days past its due date.", "When an invoice is {daysOverdue} days overdue"), timeDriven: true);
    public static readonly TriggerType ClientCreated = new("client_created", ClientRecords, new("A client is added", "Starts when a new client is added.", "When a client is added"));
    public static readonly TriggerType ClientUpdated = new("client_updated", ClientRecords, new("A client's details change", "Starts when a client's details are changed.", "When a client's details change"));
    public static readonly TriggerType ClientInactive = new("client_inactive", ClientRecords, new("A client has been quiet", "Starts when a client has had no job for a number of days.", "When a client has had no job for {inactiveDays} days"), timeDriven: true);
    public static readonly TriggerType EstimateCreated = new("estimate_created", EstimateRecords, new("An estimate is created", "Starts when a new estimate is added.", "When an estimate is created"));
    public static readonly TriggerType EstimateSent = new("estimate_sent", EstimateRecords, new("An estimate is sent", "Starts when an estimate is sent to the client.", "When an estimate is sent"));
    public static readonly TriggerType EstimateAccepted = new("estimate_accepted", EstimateRecords, new("An estimate is accepted", "Starts when the client accepts an estimate.", "When an estimate is accepted"));
    public static readonly TriggerType EstimateDeclined = new("estimate_declined", EstimateRecords, new("An estimate is declined", "Starts when the client declines an estimate.", "When an estimate is declined"));
    public static readonly TriggerType Scheduled = new("scheduled", ScheduleRecords, new("At a date and time", "Starts once, at the date and time you choose.", "At the chosen date and time"), timeDriven: true);
    public static readonly TriggerType Recurring = new("recurring", ScheduleRecords, new("On a repeating schedule", "Starts again and again on a schedule, such as every Monday at 8:00 AM.", "On its schedule"), timeDriven: true);
    public static readonly TriggerType Manual = new("manual", AnyRecords, new("When you start it", "Starts only when someone runs it by hand (or tries it on a record).", "When started by hand"));

    /// <summary>Every trigger type, in the catalog's order.</summary>
    public static IReadOnlyList<TriggerType> All { get; } = [JobCreated, JobStatusChanged, JobCompleted, JobCancelled, JobTechnicianAssigned, JobRescheduled, JobOverdue, InvoiceCreated, InvoiceSent, InvoicePaid, InvoicePartiallyPaid, InvoiceVoided, InvoiceOverdue, ClientCreated, ClientUpdated, ClientInactive, EstimateCreated, EstimateSent, EstimateAccepted, EstimateDeclined, Scheduled, Recurring, Manual];

    /// <summary>The record events, by name in ordinal order: what a workflow can wait for.</summary>
    public static IReadOnlyList<TriggerType> RecordEvents { get; } = [.. All.Where(t => t.IsRecordEvent).OrderBy(t => t.Name, StringComparer.Ordinal)];

    static readonly Dictionary<string, TriggerType> ByName = All.ToDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>The trigger type of a stored name, or null for a name that is none.</summary>
    public static TriggerType? Find(string? name) => name is not null && ByName.TryGetValue(name, out var type) ? type : null;

    public static bool TryParse(string? name, [NotNullWhen(true)] out TriggerType? type) => (type = Find(name)) is not null;

    public override string ToString() => Name;
}
