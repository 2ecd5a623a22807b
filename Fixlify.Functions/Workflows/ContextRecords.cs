using System.Text.Json.Nodes;

namespace Fixlify.Workflows;

/// <summary>A business record a context holds (<c>invoice</c>), in words: its label and its fields.</summary>
internal sealed record ContextRecord(string Name, string Label, IReadOnlyList<RecordField> Fields)
{
    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["label"] = Label,
        ["fields"] = new JsonArray([.. Fields.Select(f => (JsonNode?)f.ToJson(Name))]),
    };
}

/// <summary>
/// The business records a workflow's context may hold, each column with its label and kind, and the statuses of each
/// record as the database's check constraints allow them (a test compares the two). <see cref="ContextSchema.RecordFields"/>
/// is made from this list; the builder's catalog lists it as <c>records</c>.
/// </summary>
internal static class ContextRecords
{
    public static IReadOnlyList<FieldChoice> ClientStatuses { get; } = [new("lead", "Lead"), new("active", "Active"), new("inactive", "Inactive")];

    public static IReadOnlyList<FieldChoice> JobStatuses { get; } =
    [
        new("draft", "Draft"), new("scheduled", "Scheduled"), new("in_progress", "In progress"), new("on_hold", "On hold"),
        new("completed", "Completed"), new("cancelled", "Cancelled"),
    ];

    public static IReadOnlyList<FieldChoice> JobPriorities { get; } = [new("low", "Low"), new("normal", "Normal"), new("high", "High"), new("urgent", "Urgent")];

    public static IReadOnlyList<FieldChoice> InvoiceStatuses { get; } =
        [new("draft", "Draft"), new("sent", "Sent"), new("partially_paid", "Partly paid"), new("paid", "Paid"), new("void", "Void")];

    public static IReadOnlyList<FieldChoice> EstimateStatuses { get; } =
        [new("draft", "Draft"), new("sent", "Sent"), new("accepted", "Accepted"), new("declined", "Declined"), new("expired", "Expired")];

    /// <summary>Record name → the choices its <c>status</c> column allows (as its table's check constraint does).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<FieldChoice>> Statuses { get; } = new Dictionary<string, IReadOnlyList<FieldChoice>>
    {
        ["client"] = ClientStatuses, ["job"] = JobStatuses, ["invoice"] = InvoiceStatuses, ["estimate"] = EstimateStatuses,
    };

    static RecordField Id(string label) => new("id", label, FieldKind.Id, Hidden: true);

    static readonly RecordField Organization = new("organization_id", "Organization", FieldKind.Id, Hidden: true, Refers: "organization");
    static readonly RecordField Created = new("created_at", "Created", FieldKind.Datetime);
    static readonly RecordField Updated = new("updated_at", "Last changed", FieldKind.Datetime);

    public static IReadOnlyList<ContextRecord> All { get; } =
    [
        new("organization", "Your business",
        [
            Id("Business"), new("name", "Name", FieldKind.Text), new("time_zone", "Time zone", FieldKind.Text),
            new("email_from_name", "Email sender name", FieldKind.Text), new("email_from_address", "Email sender address", FieldKind.Email),
            new("email_reply_to", "Reply-to address", FieldKind.Email), new("sms_from_number", "Texting number", FieldKind.Phone),
            new("sms_messaging_profile_id", "Messaging profile", FieldKind.Id, Hidden: true),
            new("quiet_hours_start", "Quiet hours start", FieldKind.Text), new("quiet_hours_end", "Quiet hours end", FieldKind.Text),
            new("daily_message_cap", "Daily message limit", FieldKind.Number), new("country_code", "Country", FieldKind.Text),
            new("currency_code", "Currency", FieldKind.Text), Created, Updated,
        ]),
        new("client", "Client",
        [
            Id("Client"), Organization, new("first_name", "First name", FieldKind.Text), new("last_name", "Last name", FieldKind.Text),
            new("company", "Company", FieldKind.Text), new("email", "Email", FieldKind.Email), new("phone", "Phone", FieldKind.Phone),
            new("address", "Address", FieldKind.LongText), new("time_zone", "Time zone", FieldKind.Text),
            new("status", "Status", FieldKind.Choice, ClientStatuses), new("tags", "Tags", FieldKind.List),
            new("email_opt_out", "Opted out of email", FieldKind.Boolean), new("sms_opt_out", "Opted out of texts", FieldKind.Boolean),
            new("notes", "Notes", FieldKind.LongText), Created, Updated,
        ]),
        new("technician", "Technician",
        [
            Id("Technician"), Organization, new("user_id", "User", FieldKind.Id, Hidden: true), new("first_name", "First name", FieldKind.Text),
            new("last_name", "Last name", FieldKind.Text), new("email", "Email", FieldKind.Email), new("phone", "Phone", FieldKind.Phone),
            new("is_active", "Active", FieldKind.Boolean), Created, Updated,
        ]),
        new("job", "Job",
        [
            Id("Job"), Organization, new("client_id", "Client", FieldKind.Id, Hidden: true, Refers: "client"),
            new("technician_id", "Technician", FieldKind.Id, Refers: "technician"), new("title", "Title", FieldKind.Text),
            new("description", "Description", FieldKind.LongText), new("job_type", "Job type", FieldKind.Text),
            new("status", "Status", FieldKind.Choice, JobStatuses), new("priority", "Priority", FieldKind.Choice, JobPriorities),
            new("scheduled_start", "Start", FieldKind.Datetime), new("scheduled_end", "End", FieldKind.Datetime),
            new("completed_at", "Completion time", FieldKind.Datetime), new("total", "Total", FieldKind.Money), new("tags", "Tags", FieldKind.List),
            Created, Updated, new("technician_assigned_at", "Technician assigned", FieldKind.Datetime),
            new("confirmed_at", "Confirmed by the client", FieldKind.Datetime),
        ]),
        new("invoice", "Invoice",
        [
            Id("Invoice"), Organization, new("client_id", "Client", FieldKind.Id, Hidden: true, Refers: "client"),
            new("job_id", "Job", FieldKind.Id, Hidden: true, Refers: "job"), new("number", "Number", FieldKind.Text),
            new("status", "Status", FieldKind.Choice, InvoiceStatuses), new("total", "Total", FieldKind.Money),
            new("amount_paid", "Amount paid", FieldKind.Money), new("balance_due", "Balance due", FieldKind.Money), new("due_date", "Due date", FieldKind.Date), new("sent_at", "Sent", FieldKind.Datetime),
            new("paid_at", "Paid", FieldKind.Datetime), Created, Updated,
        ]),
        new("estimate", "Estimate",
        [
            Id("Estimate"), Organization, new("client_id", "Client", FieldKind.Id, Hidden: true, Refers: "client"),
            new("job_id", "Job", FieldKind.Id, Hidden: true, Refers: "job"), new("number", "Number", FieldKind.Text),
            new("status", "Status", FieldKind.Choice, EstimateStatuses), new("total", "Total", FieldKind.Money),
            new("valid_until", "Valid until", FieldKind.Date), new("sent_at", "Sent", FieldKind.Datetime), Created, Updated,
        ]),
    ];

    /// <summary>A scheduled or recurring workflow's <c>technicians</c>: the active technicians, a list.</summary>
    public static ContextRecord Technicians { get; } = new("technicians", "Active technicians", [new("technicians", "Active technicians", FieldKind.List)]);

    static readonly Dictionary<string, ContextRecord> ByName = All.ToDictionary(r => r.Name, StringComparer.Ordinal);

    /// <summary>The field <c>invoice.status</c> names, or null when it is not a column of a record.</summary>
    public static RecordField? Field(string record, string field) =>
        ByName.TryGetValue(record, out var r) ? r.Fields.FirstOrDefault(f => f.Name == field) : null;

    /// <summary>The record's label ("Invoice"), or null.</summary>
    public static string? Label(string record) => ByName.GetValueOrDefault(record)?.Label;
}
