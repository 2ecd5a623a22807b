namespace Fixlify.Data;

/// <summary>One business record as the dry-run picker lists it: what it is called and a line about it.</summary>
internal sealed record RecordSummary(string Type, Guid Id, string Label, string? Detail, DateTimeOffset CreatedAt);

/// <summary>
/// The organization's jobs, invoices, clients or estimates, newest first, searched by what a person remembers of them
/// (a job's title, an invoice's or estimate's number, a client's name, company or email — and for the others, their
/// client's name or email). Runs in the caller's transaction, so row-level security keeps it to their organization.
/// </summary>
internal static class RecordSearch
{
    public static readonly IReadOnlyList<string> Types = ["job", "invoice", "client", "estimate", "technician"];

    sealed record Row(Guid Id, string Label, string? Detail, DateTime CreatedAt);

    /// <summary>
    /// Up to <paramref name="limit"/> records of <paramref name="type"/> (one of <see cref="Types"/>) created before the
    /// <paramref name="after"/> key; <paramref name="query"/> matches case-insensitively anywhere in those fields.
    /// </summary>
    public static async Task<IReadOnlyList<RecordSummary>> FindAsync(
        DatabaseTransaction transaction, string type, string? query, (DateTimeOffset At, Guid Id)? after, int limit, CancellationToken cancellationToken)
    {
        var (select, searched) = type switch
        {
            "job" => ("""
                      SELECT r.id, r.title AS label, concat_ws(' · ', r.status, nullif(concat_ws(' ', c.first_name, c.last_name), '')) AS detail, r.created_at
                        FROM jobs r LEFT JOIN clients c ON c.id = r.client_id
                      """, "r.title, c.first_name, c.last_name, c.company, c.email"),
            "invoice" => ("""
                          SELECT r.id, 'Invoice ' || r.number AS label, concat_ws(' · ', r.status, to_char(r.total, 'FM999999990.00'), nullif(concat_ws(' ', c.first_name, c.last_name), '')) AS detail, r.created_at
                            FROM invoices r LEFT JOIN clients c ON c.id = r.client_id
                          """, "r.number, c.first_name, c.last_name, c.company, c.email"),
            "estimate" => ("""
                           SELECT r.id, 'Estimate ' || r.number AS label, concat_ws(' · ', r.status, to_char(r.total, 'FM999999990.00'), nullif(concat_ws(' ', c.first_name, c.last_name), '')) AS detail, r.created_at
                             FROM estimates r LEFT JOIN clients c ON c.id = r.client_id
                           """, "r.number, c.first_name, c.last_name, c.company, c.email"),
            "client" => ("""
                         SELECT r.id, concat_ws(' ', r.first_name, r.last_name) AS label, concat_ws(' · ', r.company, r.email) AS detail, r.created_at
                           FROM clients r
                         """, "r.first_name, r.last_name, r.company, r.email"),
            "technician" => ("""
                             SELECT r.id, concat_ws(' ', r.first_name, r.last_name) AS label, CASE WHEN r.is_active THEN NULL ELSE 'No longer active' END AS detail, r.created_at
                               FROM technicians r
                             """, "r.first_name, r.last_name, r.email"),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, $"Use one of {string.Join(", ", Types)}."),
        };
        var rows = await transaction.QueryAsync<Row>(
            $"""
            {select}
             WHERE (@pattern::text IS NULL OR concat_ws(' ', {searched}) ILIKE @pattern)
               AND (@at::timestamptz IS NULL OR (r.created_at, r.id) < (@at, @id))
             ORDER BY r.created_at DESC, r.id DESC
             LIMIT @limit
            """,
            new { pattern = Pattern(query), at = after?.At, id = after?.Id ?? Guid.Empty, limit },
            cancellationToken);
        return [.. rows.Select(r => new RecordSummary(type, r.Id, r.Label, string.IsNullOrEmpty(r.Detail) ? null : r.Detail, DapperConventions.Utc(r.CreatedAt)))];
    }

    /// <summary><c>o'b%</c> → <c>%o'b\%%</c>: the words as typed, LIKE's wildcards escaped.</summary>
    static string? Pattern(string? query) =>
        string.IsNullOrWhiteSpace(query)
            ? null
            : "%" + query.Trim().Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal) + "%";
}
