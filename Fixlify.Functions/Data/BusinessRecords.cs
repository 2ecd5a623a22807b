using System.Text.Json.Nodes;

namespace Fixlify.Data;

/// <summary>Business rows as JSON objects (their columns as keys), for an execution's context.</summary>
internal static class BusinessRecords
{
    /// <summary>Context name → table. Only these can be read.</summary>
    public static readonly IReadOnlyDictionary<string, string> Tables = new Dictionary<string, string>
    {
        ["organization"] = "organizations",
        ["client"] = "clients",
        ["job"] = "jobs",
        ["invoice"] = "invoices",
        ["estimate"] = "estimates",
        ["technician"] = "technicians",
    };

    /// <summary>The row, or null when it does not exist in the transaction's organization. Secrets are left out.</summary>
    public static async Task<JsonObject?> LoadAsync(DatabaseTransaction transaction, string record, Guid id, CancellationToken cancellationToken)
    {
        var table = Tables[record];
        var json = await transaction.QuerySingleOrDefaultAsync<string>(
            $"SELECT (to_jsonb(t) - 'webhook_secret')::text FROM {table} t WHERE id = @id", new { id }, cancellationToken);
        return json is null ? null : JsonNode.Parse(json) as JsonObject;
    }

    /// <summary>
    /// The organization's active technicians, for schedule-driven workflows, each with <c>upcoming_jobs</c>: their open jobs
    /// (scheduled, in progress, on hold) starting within the next 7 days, earliest first, at most 100, each with id, title,
    /// job_type, status, priority, scheduled_start, scheduled_end, client_name and address (a weekly schedule email).
    /// </summary>
    public static async Task<JsonArray> ActiveTechniciansAsync(DatabaseTransaction transaction, CancellationToken cancellationToken)
    {
        var json = await transaction.QuerySingleAsync<string>(
            """
            SELECT coalesce(jsonb_agg(to_jsonb(t) || jsonb_build_object('upcoming_jobs', upcoming.jobs) ORDER BY t.first_name), '[]')::text
              FROM technicians t
              CROSS JOIN LATERAL (
                  SELECT coalesce(jsonb_agg(to_jsonb(j) ORDER BY j.scheduled_start), '[]') AS jobs
                    FROM (SELECT j.id, j.title, j.job_type, j.status, j.priority, j.scheduled_start, j.scheduled_end,
                                 concat_ws(' ', c.first_name, c.last_name) AS client_name, c.address
                            FROM jobs j LEFT JOIN clients c ON c.id = j.client_id
                           WHERE j.technician_id = t.id AND j.status IN ('scheduled', 'in_progress', 'on_hold')
                             AND j.scheduled_start >= now() AND j.scheduled_start < now() + interval '7 days'
                           ORDER BY j.scheduled_start
                           LIMIT 100) j) upcoming
             WHERE t.is_active
            """,
            null,
            cancellationToken);
        return JsonNode.Parse(json) as JsonArray ?? [];
    }
}
