using Dapper;
using Fixlify.Data;
using Fixlify.Tests.Fixtures;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fixlify.Tests.Data;

/// <summary>The app's login sees one organization at a time and cannot step outside it.</summary>
public sealed class RowLevelSecurityTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    static readonly string[] TenantTables =
    [
        "clients", "technicians", "jobs", "invoices", "estimates", "tasks", "push_subscriptions",
        "automation_workflows", "automation_execution_logs", "automation_metrics", "automation_events", "automation_deliveries",
        "sms_suppressions",
    ];

    [Fact]
    public async Task AppRole_SeesOnlyItsOrganizationsRows()
    {
        var (a, b) = await TwoOrganizationsWithDataAsync();
        await using var tenants = Tenants();

        foreach (var (mine, theirs) in new[] { (a, b), (b, a) })
        {
            await using var transaction = await tenants.BeginAsync(mine, CancellationToken.None);
            foreach (var table in TenantTables.Append("organizations"))
            {
                var column = table == "organizations" ? "id" : "organization_id";
                var foreign = await transaction.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table} WHERE {column} <> @mine", new { mine }, CancellationToken.None);
                Assert.True(foreign == 0, $"{table}: sees {foreign} row(s) of another organization");
            }

            Assert.Equal(2, await transaction.ExecuteScalarAsync<long>("SELECT count(*) FROM jobs", null, CancellationToken.None));
            Assert.Equal(0, await transaction.ExecuteAsync("UPDATE jobs SET status = 'cancelled' WHERE organization_id = @theirs", new { theirs }, CancellationToken.None));
        }
    }

    [Fact]
    public async Task AppRole_WithoutOrganizationSet_SeesNoRows()
    {
        await TwoOrganizationsWithDataAsync();
        await using var connection = await database.OpenAsync(database.AppConnectionString);

        foreach (var table in TenantTables.Append("organizations"))
        {
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}"));
        }
    }

    [Fact]
    public async Task AppRole_CannotWriteIntoAnotherOrganization()
    {
        var (a, b) = await TwoOrganizationsWithDataAsync();
        await using var tenants = Tenants();
        await using var transaction = await tenants.BeginAsync(a, CancellationToken.None);

        var error = await Assert.ThrowsAsync<PostgresException>(() => transaction.ExecuteAsync(
            "INSERT INTO clients (organization_id, first_name) VALUES (@b, 'Mallory')", new { b }, CancellationToken.None));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Theory]
    [InlineData("ALTER TABLE jobs DISABLE ROW LEVEL SECURITY")]
    [InlineData("ALTER TABLE jobs NO FORCE ROW LEVEL SECURITY")]
    [InlineData("DROP POLICY tenant_isolation ON jobs")]
    [InlineData("ALTER ROLE fixlify_app BYPASSRLS")]
    [InlineData("SET ROLE fixlify_service")]
    public async Task AppRole_CannotTurnOffRowLevelSecurity(string attempt)
    {
        await using var connection = await database.OpenAsync(database.AppConnectionString);
        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(attempt));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task AppRole_RowSecurityOff_IsRefusedRatherThanBypassed()
    {
        await TwoOrganizationsWithDataAsync();
        await using var connection = await database.OpenAsync(database.AppConnectionString);
        await connection.ExecuteAsync("SET row_security = off");

        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteScalarAsync<long>("SELECT count(*) FROM jobs"));
        Assert.Contains("row-level security", error.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Roles_AreNotSuperusersAndAppOwnsNoTable()
    {
        await using var connection = await database.OpenAsync();
        var roles = (await connection.QueryAsync<(string Name, bool Super, bool Bypass)>(
            "SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname IN ('fixlify_app', 'fixlify_service', 'fixlify_owner')")).ToList();
        Assert.Equal(3, roles.Count);
        Assert.All(roles, r => Assert.False(r.Super || r.Bypass, r.Name));

        var owners = (await connection.QueryAsync<string>(
            "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schemaversions'")).ToList();
        Assert.Equal(["fixlify_owner"], owners);

        var unforced = await connection.QueryAsync<string>(
            "SELECT relname FROM pg_class WHERE relname = ANY(@tables) AND NOT (relrowsecurity AND relforcerowsecurity)",
            new { tables = TenantTables.Append("organizations").Append("automation_templates").ToArray() });
        Assert.Empty(unforced);
    }

    [Fact]
    public async Task ServiceRole_SeesEveryOrganization()
    {
        var (a, b) = await TwoOrganizationsWithDataAsync();
        await using var connection = await database.OpenAsync(database.ServiceConnectionString);

        var organizations = await connection.QueryAsync<Guid>("SELECT DISTINCT organization_id FROM jobs WHERE organization_id IN (@a, @b)", new { a, b });
        Assert.Equal(new[] { a, b }.Order(), organizations.Order());
    }

    TenantDatabase Tenants() => new(Options.Create(new PostgresOptions { ConnectionString = database.AppConnectionString }));

    async Task<(Guid A, Guid B)> TwoOrganizationsWithDataAsync()
    {
        await using var connection = await database.OpenAsync();
        var ids = new List<Guid>();
        foreach (var name in new[] { "Org A", "Org B" })
        {
            var organization = await TestData.OrganizationAsync(connection, name);
            var client = await TestData.ClientAsync(connection, organization);
            var technician = await TestData.TechnicianAsync(connection, organization);
            await TestData.JobAsync(connection, organization, client, technicianId: technician);
            await TestData.JobAsync(connection, organization, client, "completed");
            await TestData.InvoiceAsync(connection, organization, client, "sent");
            await TestData.EstimateAsync(connection, organization, client);
            var workflow = await connection.ExecuteScalarAsync<Guid>(
                "INSERT INTO automation_workflows (organization_id, name, trigger_type) VALUES (@organization, 'w', 'job_completed') RETURNING id", new { organization });
            await connection.ExecuteAsync(
                """
                INSERT INTO tasks (organization_id, title) VALUES (@organization, 'Call back');
                INSERT INTO push_subscriptions (organization_id, user_id, endpoint, p256dh, auth) VALUES (@organization, gen_random_uuid(), 'https://push.example/' || gen_random_uuid(), 'k', 'a');
                INSERT INTO automation_execution_logs (workflow_id, organization_id, trigger_type, trigger_data, status) VALUES (@workflow, @organization, 'job_completed', '{}', 'completed');
                INSERT INTO automation_metrics (workflow_id, organization_id, period_start, period_end) VALUES (@workflow, @organization, now(), now());
                INSERT INTO automation_deliveries (organization_id, execution_id, step_key, channel) VALUES (@organization, gen_random_uuid(), 's1', 'email');
                INSERT INTO sms_suppressions (organization_id, phone_e164, source) VALUES (@organization, '+15550109999', 'api');
                """,
                new { organization, workflow });
            ids.Add(organization);
        }

        return (ids[0], ids[1]);
    }
}
