using Dapper;
using Npgsql;

namespace Fixlify.Data;

/// <summary>A small field-service business to try the API on: technicians, clients, jobs, an invoice and an estimate.</summary>
internal static class DemoOrganization
{
    public static readonly Guid Id = Guid.Parse("0d3e0000-0000-4000-8000-000000000001");

    /// <summary>Writes the demo rows that are missing. Its writes carry the origin <c>demo-seed</c>, which automations ignore.</summary>
    public static async Task SeedAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(Sql, new { org = Id }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    const string Sql = """
        SELECT set_config('fixlify.origin', 'demo-seed', true);

        INSERT INTO organizations (id, name, time_zone, country_code, email_from_name, email_from_address, email_reply_to, sms_from_number, webhook_secret)
        VALUES (@org, 'Bright Plumbing Co.', 'America/New_York', 'US', 'Bright Plumbing', 'hello@brightplumbing.example',
                'office@brightplumbing.example', '+15550100100', 'whsec_ZGVtby13ZWJob29rLXNlY3JldC0xMjM0NTY3ODkw')
        ON CONFLICT (id) DO NOTHING;

        INSERT INTO technicians (id, organization_id, first_name, last_name, email, phone) VALUES
            ('0d3e0000-0000-4000-8000-000000000101', @org, 'Maria', 'Lopez', 'maria@brightplumbing.example', '+15550100101'),
            ('0d3e0000-0000-4000-8000-000000000102', @org, 'Sam', 'Okafor', 'sam@brightplumbing.example', '+15550100102')
        ON CONFLICT (id) DO NOTHING;

        INSERT INTO clients (id, organization_id, first_name, last_name, email, phone, address, tags) VALUES
            ('0d3e0000-0000-4000-8000-000000000201', @org, 'Alex', 'Rivera', 'alex.rivera@example.com', '+15550100201', '12 Elm St, Springfield', '{residential}'),
            ('0d3e0000-0000-4000-8000-000000000202', @org, 'Priya', 'Shah', 'priya.shah@example.com', '+15550100202', '480 Oak Ave, Springfield', '{residential,vip}'),
            ('0d3e0000-0000-4000-8000-000000000203', @org, 'Tom', 'Becker', 'tom@beckerbakery.example', '(555) 010-0203', '9 Market Sq, Springfield', '{commercial}')
        ON CONFLICT (id) DO NOTHING;

        INSERT INTO jobs (id, organization_id, client_id, technician_id, title, job_type, status, scheduled_start, scheduled_end, total) VALUES
            ('0d3e0000-0000-4000-8000-000000000301', @org, '0d3e0000-0000-4000-8000-000000000201', '0d3e0000-0000-4000-8000-000000000101',
             'Replace kitchen faucet', 'repair', 'scheduled', date_trunc('hour', now()) + interval '1 day', date_trunc('hour', now()) + interval '1 day 2 hours', 240.00),
            ('0d3e0000-0000-4000-8000-000000000302', @org, '0d3e0000-0000-4000-8000-000000000202', '0d3e0000-0000-4000-8000-000000000102',
             'Water heater service', 'maintenance', 'in_progress', date_trunc('hour', now()) - interval '1 hour', date_trunc('hour', now()) + interval '1 hour', 180.00)
        ON CONFLICT (id) DO NOTHING;

        INSERT INTO invoices (id, organization_id, client_id, job_id, number, status, total, due_date, sent_at) VALUES
            ('0d3e0000-0000-4000-8000-000000000401', @org, '0d3e0000-0000-4000-8000-000000000203', NULL,
             'INV-1001', 'sent', 1250.00, current_date - 10, now() - interval '40 days')
        ON CONFLICT (id) DO NOTHING;

        INSERT INTO automation_workflows (id, organization_id, name, description, trigger_type, trigger_config, steps) VALUES
            ('0d3e0000-0000-4000-8000-000000000601', @org, 'Job completed: ask for a review',
             'When a job is completed, the office gets a task to call the client for a review.', 'job_completed', '{}',
             '[{"id": "review-call", "type": "action", "actionType": "create_task",
                "config": {"title": "Ask {{ client.first_name }} {{ client.last_name }} for a review of {{ job.title }}", "dueIn": "P1D"}}]')
        ON CONFLICT (id) DO NOTHING;

        INSERT INTO estimates (id, organization_id, client_id, number, status, total, valid_until, sent_at) VALUES
            ('0d3e0000-0000-4000-8000-000000000501', @org, '0d3e0000-0000-4000-8000-000000000201',
             'EST-2001', 'sent', 3400.00, current_date + 27, now() - interval '3 days')
        ON CONFLICT (id) DO NOTHING;
        """;
}
