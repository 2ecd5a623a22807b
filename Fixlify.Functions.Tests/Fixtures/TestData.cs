using Dapper;
using Npgsql;

namespace Fixlify.Tests.Fixtures;

/// <summary>Business rows for tests, written as the owner (no row-level security in the way).</summary>
public static class TestData
{
    public static async Task<Guid> OrganizationAsync(NpgsqlConnection connection, string name = "Test Plumbing", string timeZone = "America/New_York") =>
        await connection.ExecuteScalarAsync<Guid>(
            """
            INSERT INTO organizations (name, time_zone, email_from_name, email_from_address, email_reply_to, sms_from_number, webhook_secret)
            VALUES (@name, @timeZone, @name, 'office@test.example', 'reply@test.example', '+15550001111', 'whsec_dGVzdC13ZWJob29rLXNlY3JldC0wMTIzNDU2Nzg5')
            RETURNING id
            """,
            new { name, timeZone });

    public static async Task<Guid> ClientAsync(NpgsqlConnection connection, Guid organizationId, string firstName = "Alex", string? email = "alex@example.com", string? phone = "+15550002222") =>
        await connection.ExecuteScalarAsync<Guid>(
            "INSERT INTO clients (organization_id, first_name, last_name, email, phone) VALUES (@organizationId, @firstName, 'Rivera', @email, @phone) RETURNING id",
            new { organizationId, firstName, email, phone });

    public static async Task<Guid> TechnicianAsync(NpgsqlConnection connection, Guid organizationId, string firstName = "Maria", bool active = true) =>
        await connection.ExecuteScalarAsync<Guid>(
            "INSERT INTO technicians (organization_id, first_name, last_name, email, phone, is_active) VALUES (@organizationId, @firstName, 'Lopez', 'tech@test.example', '+15550003333', @active) RETURNING id",
            new { organizationId, firstName, active });

    public static async Task<Guid> JobAsync(NpgsqlConnection connection, Guid organizationId, Guid? clientId, string status = "scheduled", DateTimeOffset? start = null, Guid? technicianId = null) =>
        await connection.ExecuteScalarAsync<Guid>(
            """
            INSERT INTO jobs (organization_id, client_id, technician_id, title, job_type, status, scheduled_start, scheduled_end, total)
            VALUES (@organizationId, @clientId, @technicianId, 'Fix leak', 'repair', @status, @start, @start + interval '2 hours', 150.00)
            RETURNING id
            """,
            new { organizationId, clientId, technicianId, status, start = start ?? DateTimeOffset.UtcNow.AddDays(1) });

    public static async Task<Guid> InvoiceAsync(NpgsqlConnection connection, Guid organizationId, Guid? clientId, string status = "draft", DateOnly? dueDate = null, decimal total = 500m) =>
        await connection.ExecuteScalarAsync<Guid>(
            """
            INSERT INTO invoices (organization_id, client_id, number, status, total, due_date)
            VALUES (@organizationId, @clientId, 'INV-' || floor(random() * 1000000)::text, @status, @total, @dueDate)
            RETURNING id
            """,
            new { organizationId, clientId, status, total, dueDate = (dueDate ?? DateOnly.FromDateTime(DateTime.UtcNow.AddDays(14))).ToDateTime(TimeOnly.MinValue) });

    public static async Task<Guid> EstimateAsync(NpgsqlConnection connection, Guid organizationId, Guid? clientId, string status = "draft") =>
        await connection.ExecuteScalarAsync<Guid>(
            "INSERT INTO estimates (organization_id, client_id, number, status, total) VALUES (@organizationId, @clientId, 'EST-' || floor(random() * 1000000)::text, @status, 900) RETURNING id",
            new { organizationId, clientId, status });

    /// <summary>
    /// What the relay and the scheduler do before they claim events: every change the capture triggers copied becomes
    /// its events (Migrations/0032). For tests that read automation_events right after a write: returns once no change
    /// is left, also when a running relay took some (they are events when its transaction commits). The events are
    /// announced as the scheduler's are (an idle relay is woken for them) unless <paramref name="announce"/> is false.
    /// </summary>
    public static async Task ExpandChangesAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction = null, bool announce = true)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (true)
        {
            await connection.ExecuteAsync("SELECT fixlify_expand_changes(2147483647, @announce)", new { announce }, transaction);
            if (!await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT FROM automation_changes)", transaction: transaction)
                || DateTimeOffset.UtcNow > deadline)
            {
                return;
            }

            await Task.Delay(20);
        }
    }
}
