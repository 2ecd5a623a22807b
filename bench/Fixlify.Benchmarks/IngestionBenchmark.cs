using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Engine;
using Fixlify.Data;
using Fixlify.Hosting;
using Fixlify.Triggers;
using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fixlify.Benchmarks;

/// <summary>
/// Event ingestion: events per second the relay passes to a no-op sender and the scheduler path claims and dispatches,
/// and the latency from a committed job update to its workflow's first activity on the standalone in-memory host,
/// with the original design's one-minute poll computed for the same commits as the comparison.
/// </summary>
public static class IngestionBenchmark
{
    const int Events = 20_000;
    const int LatencyEvents = 1_000;
    static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(100);

    public static async Task RunAsync(BenchEnvironment environment)
    {
        Console.WriteLine("== Event ingestion");
        var database = await environment.FreshDatabaseAsync("bench_ingest");
        var owner = environment.ConnectionString(database);
        await using var app = await StartHostAsync(environment, database);
        var services = app.Services;
        Guid organization;
        await using (var connection = new NpgsqlConnection(owner))
        {
            organization = await connection.ExecuteScalarAsync<Guid>("INSERT INTO organizations (name) VALUES ('Bench') RETURNING id");
        }

        // Relay: a backlog of events to a sender that does nothing.
        await WriteEventsAsync(owner, organization, Events);
        var relay = new OutboxRelay(services.GetRequiredService<ServiceDatabase>(), services.GetRequiredService<PostgresListener>(), new NoOpEventPublisher(), Options.Create(new RelayOptions { BatchSize = 500 }), NullLogger<OutboxRelay>.Instance);
        var stopwatch = Stopwatch.StartNew();
        var relayed = await relay.DrainAsync(CancellationToken.None);
        var relayRate = relayed / stopwatch.Elapsed.TotalSeconds;

        // Relay: a backlog of captured writes (job INSERTs through the capture triggers), whatever the capture leaves for
        // the relay to do (since Migrations/0032: turning each copied change into its event).
        await CaptureJobsAsync(owner, organization, Events);
        stopwatch.Restart();
        var captured = await relay.DrainAsync(CancellationToken.None);
        var capturedRate = captured / stopwatch.Elapsed.TotalSeconds;

        // Scheduler path: the same backlog claimed from the outbox and dispatched (no workflow matches: the dispatcher's lookups only).
        stopwatch.Restart();
        var report = await services.GetRequiredService<SchedulerTick>().RunAsync(services.GetRequiredService<DurableTaskClient>(), CancellationToken.None);
        var claimRate = report.Leftovers / stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine($"   relay to a no-op sender (batches of 500):          {relayRate,9:0} events/s ({relayed} events)");
        Console.WriteLine($"   relay, a backlog of captured job INSERTs:          {capturedRate,9:0} events/s ({captured} events)");
        Console.WriteLine($"   scheduler path, claim + dispatch + mark processed: {claimRate,9:0} events/s ({report.Leftovers} events)");

        // Latency: job → completed, committed one by one; measured to the execution's StartExecution.
        var steps = new JsonArray(new JsonObject { ["id"] = "s1", ["type"] = "action", ["actionType"] = "noop", ["config"] = new JsonObject() });
        await using (var transaction = await services.GetRequiredService<TenantDatabase>().BeginAsync(organization, CancellationToken.None))
        {
            await WorkflowRepository.InsertAsync(transaction, organization, new WorkflowRepository.WorkflowFields(
                "on completion", null, "job_completed", [], [], [], steps, true, null), null, CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }

        // The standalone host's relay without Service Bus: woken by NOTIFY, it dispatches directly.
        var live = new OutboxRelay(
            services.GetRequiredService<ServiceDatabase>(),
            services.GetRequiredService<PostgresListener>(),
            new DirectEventPublisher(services.GetRequiredService<EventDispatcher>(), services.GetRequiredService<DurableTaskClient>()),
            Options.Create(new RelayOptions()),
            NullLogger<OutboxRelay>.Instance);
        await live.StartAsync(CancellationToken.None);
        await using var writer = new NpgsqlConnection(owner);
        await writer.OpenAsync();
        var jobs = (await writer.QueryAsync<Guid>(
            "INSERT INTO jobs (organization_id, title, status) SELECT @organization, 'latency ' || i, 'in_progress' FROM generate_series(1, @n) i RETURNING id",
            new { organization, n = LatencyEvents })).ToList();
        foreach (var job in jobs)
        {
            var started = Stopwatch.GetTimestamp();
            await writer.ExecuteAsync("UPDATE jobs SET status = 'completed' WHERE id = @job", new { job });
            var rest = Spacing - Stopwatch.GetElapsedTime(started);
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest);
            }
        }

        var latencies = await WaitForLatenciesAsync(writer, organization, LatencyEvents);
        var committed = (await writer.QueryAsync<DateTime>(
            "SELECT occurred_at FROM automation_events WHERE organization_id = @organization AND event_type = 'job_completed'", new { organization })).ToList();
        var poll = committed.Select(t => (Math.Floor(t.Ticks / (double)TimeSpan.TicksPerMinute) + 1) * 60 - t.Ticks / (double)TimeSpan.TicksPerSecond).ToList();
        Console.WriteLine($"   latency, committed update → first activity ({LatencyEvents} events, one every {Spacing.TotalMilliseconds:0} ms):");
        Console.WriteLine($"      LISTEN/NOTIFY relay, standalone in memory: p50 {Percentile(latencies, 50) * 1000,7:0} ms   p99 {Percentile(latencies, 99) * 1000,7:0} ms");
        Console.WriteLine($"      original design's one-minute poll:         p50 {Percentile(poll, 50) * 1000,7:0} ms   p99 {Percentile(poll, 99) * 1000,7:0} ms   (mean {poll.Average():0.0} s; expected 30 s)");
        Console.WriteLine("   anchors: graphile-worker ~4 ms enqueue-to-start; River ~46k jobs/s on 8 cores");
        Console.WriteLine();
        await live.StopAsync(CancellationToken.None);
        await app.StopAsync();
    }

    static async Task<List<double>> WaitForLatenciesAsync(NpgsqlConnection connection, Guid organization, int count)
    {
        while (true)
        {
            var latencies = (await connection.QueryAsync<double>(
                """
                SELECT extract(epoch FROM l.started_at - e.occurred_at)::float8
                  FROM automation_execution_logs l JOIN automation_events e ON e.id = l.event_id
                 WHERE l.organization_id = @organization AND l.started_at IS NOT NULL
                """,
                new { organization })).ToList();
            if (latencies.Count >= count)
            {
                return latencies;
            }

            await Task.Delay(500);
        }
    }

    static double Percentile(List<double> values, int percent)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1)];
    }

    static async Task CaptureJobsAsync(string owner, Guid organization, int count)
    {
        await using var connection = new NpgsqlConnection(owner);
        await connection.ExecuteAsync(
            "INSERT INTO jobs (organization_id, title, status) SELECT @organization, 'backlog ' || i, 'scheduled' FROM generate_series(1, @count) i",
            new { organization, count });
    }

    static async Task WriteEventsAsync(string owner, Guid organization, int count)
    {
        await using var connection = new NpgsqlConnection(owner);
        await connection.ExecuteAsync(
            """
            INSERT INTO automation_events (organization_id, event_type, entity_type, entity_id, payload)
            SELECT @organization, 'job_created', 'job', gen_random_uuid(), jsonb_build_object('new', jsonb_build_object('title', 'job ' || i, 'status', 'scheduled'))
              FROM generate_series(1, @count) i
            """,
            new { organization, count });
    }

    static async Task<WebApplication> StartHostAsync(BenchEnvironment environment, string database)
    {
        string[] args =
        [
            $"--Postgres:ConnectionString={environment.ConnectionString(database, "fixlify_app")}",
            $"--Postgres:ServiceConnectionString={environment.ConnectionString(database, "fixlify_service")}",
            $"--Postgres:MigrationConnectionString={environment.ConnectionString(database)}",
            "--Standalone:MigrateOnStart=false",
            $"--Standalone:Urls=http://127.0.0.1:{FreePort()}",
            "--Durable:Backend=InMemory",
            "--Scheduler:Enabled=false",
            "--Relay:Enabled=false",
            "--Logging:LogLevel:Default=Warning",
        ];
        var app = StandaloneHost.Build(args, services => services.AddSingleton<IActionHandler, NoOpActionHandler>());
        await app.StartAsync();
        return app;
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
