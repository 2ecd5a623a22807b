using System.Globalization;
using Fixlify.Data;
using Fixlify.Workflows;

namespace Fixlify.Application;

/// <summary>
/// The records that already qualify for a workflow's trigger, as a person reads them: how many, a sentence saying so
/// ("12 invoices are already overdue."), and a few named in words ("Invoice #1042 · Acme Plumbing · 10 days overdue").
/// The trigger's filters (an invoice's minimum amount, a job's type…) apply as the dispatcher applies them.
/// </summary>
internal sealed record ExistingRecords(bool Applies, int Count, string Summary, IReadOnlyList<string> Samples, IReadOnlyList<Guid> Ids)
{
    /// <summary>How many records a preview names.</summary>
    public const int SampleCount = 5;

    public static async Task<ExistingRecords> FindAsync(DatabaseTransaction transaction, WorkflowRecord workflow, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!QualifyingRecords.TriggerTypes.Contains(workflow.TriggerType))
        {
            return new(false, 0, "Nothing already qualifies: this automation starts only on what happens from now on.", [], []);
        }

        var found = (await QualifyingRecords.ListAsync(transaction, workflow.OrganizationId, workflow.Id, workflow.TriggerType, workflow.TriggerConfig, now, cancellationToken))
            .Where(r => TriggerSettings.Admit(workflow.TriggerConfig, new() { ["new"] = r.Row.DeepClone() }, false, 0, int.MaxValue) == EventAdmission.Starts)
            .ToList();
        var summary = Sentence(workflow, found.Count);
        return new(true, found.Count, summary, [.. found.Take(SampleCount).Select(r => Words(workflow.TriggerType, r, now))], [.. found.Select(r => r.Id)]);
    }

    static string Sentence(WorkflowRecord workflow, int count)
    {
        var some = count >= QualifyingRecords.Limit ? $"At least {count:N0}" : count.ToString("N0", CultureInfo.InvariantCulture);
        var one = count == 1;
        return (workflow.TriggerType, count) switch
        {
            (_, 0) => "Nothing already qualifies: the automation starts with what happens from now on.",
            ("invoice_overdue", _) => $"{some} {(one ? "invoice is" : "invoices are")} already overdue.",
            ("job_overdue", _) => $"{some} {(one ? "job is" : "jobs are")} already past {(one ? "its" : "their")} end.",
            ("client_inactive", _) => $"{some} {(one ? "client has" : "clients have")} already had no job for {workflow.TriggerConfig["inactiveDays"]} days.",
            ("job_created", _) => $"{some} {(one ? "job is" : "jobs are")} already booked.",
            _ => $"{some} {(one ? "record already qualifies" : "records already qualify")}.",
        };
    }

    /// <summary>"Invoice #1042 · Acme Plumbing · 10 days overdue", "Job “Fix leak” · Alex Kim · booked for Tuesday, December 8 at 10:00 AM".</summary>
    static string Words(string triggerType, QualifyingRecords.Qualifying record, DateTimeOffset now)
    {
        var name = record.EntityType == "client" ? record.ClientName ?? "A client" : StopWhen.Name(record.EntityType, record.Row);
        var parts = new List<string> { name };
        if (record.EntityType != "client" && record.ClientName is { } client)
        {
            parts.Add(client);
        }

        parts.Add(triggerType switch
        {
            "invoice_overdue" => $"{Days(record.Days)} overdue",
            "job_overdue" => record.Days > 0 ? $"{Days(record.Days)} past its end" : $"{Hours(now - record.At)} past its end",
            "client_inactive" => $"no job for {Days(record.Days)}",
            _ => $"booked for {Local(record.At, record.TimeZone)}",
        });
        return string.Join(" · ", parts);
    }

    static string Days(int days) => days == 1 ? "1 day" : $"{days} days";

    static string Hours(TimeSpan span) => span.TotalHours < 1 ? "less than an hour" : (int)span.TotalHours == 1 ? "1 hour" : $"{(int)span.TotalHours} hours";

    static string Local(DateTimeOffset at, string timeZone)
    {
        var local = TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(timeZone));
        return local.ToString("dddd, MMMM d 'at' h:mm tt", CultureInfo.GetCultureInfo("en-US"));
    }
}
