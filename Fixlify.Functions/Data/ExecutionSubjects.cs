namespace Fixlify.Data;

/// <summary>
/// What executions are about, in words: for each execution's record (a job, invoice, estimate or client, as its trigger
/// names it), one query of the caller's organization reads the record's words and its client as they are now.
/// </summary>
internal static class ExecutionSubjects
{
    /// <summary>The records an execution can be about.</summary>
    public static readonly IReadOnlyList<string> Records = ["job", "invoice", "estimate", "client"];

    /// <summary>Each execution's subject, by execution id; an execution whose record was deleted is left out.</summary>
    public static async Task<IReadOnlyDictionary<Guid, ExecutionSubject>> FindAsync(
        DatabaseTransaction transaction, IReadOnlyDictionary<Guid, (string Record, Guid Id)> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return new Dictionary<Guid, ExecutionSubject>();
        }

        Guid[] Ids(string record) => [.. records.Values.Where(r => r.Record == record).Select(r => r.Id).Distinct()];
        var rows = await transaction.QueryAsync<Row>(
            """
            SELECT 'job' AS record, j.id, j.title AS label, c.id AS client_id, c.first_name, c.last_name, c.company
              FROM jobs j LEFT JOIN clients c ON c.id = j.client_id WHERE j.id = ANY(@jobs)
            UNION ALL
            SELECT 'invoice', i.id, i.number, c.id, c.first_name, c.last_name, c.company
              FROM invoices i LEFT JOIN clients c ON c.id = i.client_id WHERE i.id = ANY(@invoices)
            UNION ALL
            SELECT 'estimate', e.id, e.number, c.id, c.first_name, c.last_name, c.company
              FROM estimates e LEFT JOIN clients c ON c.id = e.client_id WHERE e.id = ANY(@estimates)
            UNION ALL
            SELECT 'client', c.id, NULL, c.id, c.first_name, c.last_name, c.company FROM clients c WHERE c.id = ANY(@clients)
            """,
            new { jobs = Ids("job"), invoices = Ids("invoice"), estimates = Ids("estimate"), clients = Ids("client") },
            cancellationToken);
        var found = rows.ToDictionary(r => (r.Record, r.Id));
        var subjects = new Dictionary<Guid, ExecutionSubject>();
        foreach (var (executionId, record) in records)
        {
            if (found.TryGetValue(record, out var row))
            {
                var client = row.ClientName;
                subjects[executionId] = new ExecutionSubject(row.Record, row.Id, row.Record == "client" ? client : row.Label, row.ClientId, client);
            }
        }

        return subjects;
    }

    sealed record Row(string Record, Guid Id, string? Label, Guid? ClientId, string? FirstName, string? LastName, string? Company)
    {
        public string? ClientName => ClientId is null ? null
            : string.Join(' ', new[] { FirstName, LastName }.Where(n => !string.IsNullOrWhiteSpace(n))) is { Length: > 0 } name ? name : Company;
    }
}
