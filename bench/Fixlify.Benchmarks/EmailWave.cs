using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fixlify.Benchmarks;

/// <summary>
/// The morning wave's setting, shared by the burst and outage benches: the standalone host as `make run` runs it (task
/// hub on Azurite, the relay, SMTP at a given port) on a fresh database, an organization without quiet hours, one
/// scheduled job for each of <c>clients</c> clients, and an active job_completed workflow that emails each client a
/// thank-you. Completing the jobs (one UPDATE) starts the wave.
/// </summary>
internal sealed class EmailWave
{
    EmailWave(WebApplication app, string owner, Guid organization)
    {
        App = app;
        Owner = owner;
        Organization = organization;
    }

    public WebApplication App { get; }

    /// <summary>The database owner's connection string (for the benchmark's own writes and reads).</summary>
    public string Owner { get; }

    public Guid Organization { get; }

    /// <param name="name">Names the database, the task hub and the organization ("burst": bench_burst, "Burst Plumbing").</param>
    /// <param name="retry">The email step's retry settings (null: the default).</param>
    /// <param name="settings">More host settings (<c>--Key=value</c>), before FIXLIFY_BENCH_ARGS.</param>
    public static async Task<EmailWave> StartAsync(
        BenchEnvironment environment, string name, int smtpPort, int clients, JsonObject? retry, params string[] settings)
    {
        var database = await environment.FreshDatabaseAsync($"bench_{name}");
        var owner = environment.ConnectionString(database);
        var app = StandaloneHost.Build(
        [
            $"--Postgres:ConnectionString={environment.ConnectionString(database, "fixlify_app")}",
            $"--Postgres:ServiceConnectionString={environment.ConnectionString(database, "fixlify_service")}",
            $"--Postgres:MigrationConnectionString={owner}",
            "--Standalone:MigrateOnStart=false",
            $"--Standalone:Urls=http://127.0.0.1:{OrchestrationBenchmark.FreePort()}",
            "--Durable:Backend=AzureStorage",
            $"--Durable:StorageConnectionString={environment.StorageConnectionString}",
            $"--Durable:TaskHub={name}{Guid.NewGuid().ToString("N")[..8]}",
            "--Smtp:Host=127.0.0.1",
            $"--Smtp:Port={smtpPort}",
            "--Smtp:TlsMode=None",
            .. settings,
            .. (Environment.GetEnvironmentVariable("FIXLIFY_BENCH_ARGS") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries),
        ]);
        await app.StartAsync();
        Guid organization;
        await using (var connection = new NpgsqlConnection(owner))
        {
            var office = char.ToUpperInvariant(name[0]) + name[1..];
            organization = await connection.ExecuteScalarAsync<Guid>(
                """
                INSERT INTO organizations (name, email_from_address, quiet_hours_start, quiet_hours_end)
                VALUES (@office || ' Plumbing', 'office@' || @name || '.example', '00:00', '00:00') RETURNING id
                """,
                new { office, name });
            await connection.ExecuteAsync(
                """
                WITH c AS (
                    INSERT INTO clients (organization_id, first_name, last_name, email)
                    SELECT @organization, 'Client', i::text, 'client' || i || '@' || @name || '.example' FROM generate_series(1, @clients) i
                    RETURNING id)
                INSERT INTO jobs (organization_id, client_id, title, job_type, status, scheduled_start, total)
                SELECT @organization, id, 'Boiler service', 'maintenance', 'scheduled', now(), 120 FROM c
                """,
                new { organization, clients, name });
        }

        var plans = app.Services.GetRequiredService<WorkflowPlans>();
        await using (var transaction = await app.Services.GetRequiredService<TenantDatabase>().BeginAsync(organization, CancellationToken.None))
        {
            var step = new JsonObject
            {
                ["id"] = "thanks", ["type"] = "action", ["actionType"] = "send_email",
                ["config"] = new JsonObject { ["subject"] = "Thanks, {{ client.first_name }}", ["text"] = "{{ job.title }} is done. Thank you!" },
            };
            if (retry is not null)
            {
                step["retry"] = retry;
            }

            var workflow = await WorkflowRepository.InsertAsync(
                transaction, organization, new WorkflowRepository.WorkflowFields("thank-you", null, "job_completed", [], [], [], new JsonArray(step), true, null), null, CancellationToken.None);
            await plans.SaveAsync(transaction, workflow, plans.Compile(workflow), CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }

        return new EmailWave(app, owner, organization);
    }

    public async Task StopAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
