namespace Fixlify.Workflows;

/// <summary>
/// What a workflow's goal reads from the business's records (<c>triggerConfig.goal.kind</c>), each with the records its
/// trigger must be about, its words and whether it has a value in money.
/// </summary>
internal sealed class GoalKind
{
    GoalKind(string name, string? entity, string words, string noun, bool hasValue)
    {
        Name = name;
        Entity = entity;
        Words = words;
        Noun = noun;
        HasValue = hasValue;
    }

    /// <summary>The stored name (<c>invoice_paid</c>).</summary>
    public string Name { get; }

    /// <summary>The entity the trigger must be about (its record is the one read); null: any record.</summary>
    public string? Entity { get; }

    /// <summary>What is reached, in the builder's words, before "within N days": "the invoice is paid".</summary>
    public string Words { get; }

    /// <summary>What is counted, in the plural: "invoices paid".</summary>
    public string Noun { get; }

    /// <summary>Whether reaching it has an amount of money (the amount paid, the job's or estimate's total).</summary>
    public bool HasValue { get; }

    public static readonly GoalKind InvoicePaid = new("invoice_paid", "invoice", "the invoice is paid", "invoices paid", hasValue: true);
    public static readonly GoalKind AppointmentConfirmed = new("appointment_confirmed", "job", "the client confirms the appointment before the job", "appointments confirmed", hasValue: false);
    public static readonly GoalKind JobBooked = new("job_booked", null, "the client books a new job", "clients booked a new job", hasValue: true);
    public static readonly GoalKind TaskDone = new("task_done", null, "a task about the record is done", "tasks done", hasValue: false);
    public static readonly GoalKind EstimateAccepted = new("estimate_accepted", "estimate", "the estimate is accepted", "estimates accepted", hasValue: true);
    public static readonly GoalKind Rule = new("rule", null, "the record meets the rule", "records met the rule", hasValue: false);

    public static IReadOnlyList<GoalKind> All { get; } = [InvoicePaid, AppointmentConfirmed, JobBooked, TaskDone, EstimateAccepted, Rule];

    public static GoalKind? Find(string? name) => All.FirstOrDefault(k => k.Name == name);

    /// <summary>Whether a workflow started by <paramref name="trigger"/> can have this goal (its record is the one the goal reads).</summary>
    public bool Fits(TriggerType trigger) => trigger.Entity is { } entity && (Entity is null || Entity == entity);

    public override string ToString() => Name;
}
