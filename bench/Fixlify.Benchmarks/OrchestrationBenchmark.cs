using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Actions;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Hosting;
using Fixlify.Workflows;
using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fixlify.Benchmarks;

/// <summary>
/// Orchestrations per second for a 5-step no-op workflow on the standalone host, in memory and on Azurite, against
/// a plain loop calling the same activities (same database work, no Durable Task) in the same run.
/// </summary>
public static class OrchestrationBenchmark
{
    const int Steps = 5;

    public static async Task RunAsync(BenchEnvironment environment)
    {
        Console.WriteLine($"== Orchestrations per second ({Steps}-step no-op workflow, standalone host)");
        var database = await environment.FreshDatabaseAsync("bench_engine");
        var direct = await MeasureAsync(environment, database, "InMemory", executions: 200, directLoop: true);
        var memory = await MeasureAsync(environment, database, "InMemory", executions: Count(300), directLoop: false);
        double? azurite = null;
        if (!string.IsNullOrEmpty(environment.StorageConnectionString))
        {
            azurite = await MeasureAsync(environment, database, "AzureStorage", executions: 100, directLoop: false);
        }

        Console.WriteLine($"   plain loop over the same activities: {direct,8:0.0} executions/s ({direct * (Steps * 2 + 2),7:0} activity calls/s)");
        Console.WriteLine($"   Durable Task, in memory:            {memory,8:0.0} orchestrations/s ({memory * (Steps * 2 + 2),7:0} work items/s)   ratio to loop {memory / direct:0.00}");
        if (azurite is { } a)
        {
            Console.WriteLine($"   Durable Task, Azure Storage (Azurite): {a,5:0.0} orchestrations/s ({a * (Steps * 2 + 2),7:0} work items/s)   ratio to loop {a / direct:0.00}");
        }

        Console.WriteLine("   anchors: Durable Task Scheduler ~1,400 and Azure Storage ~250 work items/s on a 2-core EP2 worker (Microsoft's benchmark)");
        Console.WriteLine();
    }

    static async Task<double> MeasureAsync(BenchEnvironment environment, string database, string backend, int executions, bool directLoop)
    {
        var args = new[]
        {
            $"--Postgres:ConnectionString={environment.ConnectionString(database, "fixlify_app")}",
            $"--Postgres:ServiceConnectionString={environment.ConnectionString(database, "fixlify_service")}",
            $"--Postgres:MigrationConnectionString={environment.ConnectionString(database)}",
            "--Standalone:MigrateOnStart=false",
            $"--Standalone:Urls=http://127.0.0.1:{FreePort()}",
            $"--Durable:Backend={backend}",
            $"--Durable:StorageConnectionString={environment.StorageConnectionString}",
            $"--Durable:TaskHub=bench{Guid.NewGuid().ToString("N")[..8]}",
            "--Durable:MaxQueuePollingInterval=00:00:00.100",
            "--Logging:LogLevel:Default=Warning",
        };
        await using var app = StandaloneHost.Build(args, services => services.AddSingleton<IActionHandler, NoOpActionHandler>());
        await app.StartAsync();
        var services = app.Services;
        Guid organization;
        WorkflowRecord workflow;
        await using (var connection = new NpgsqlConnection(environment.ConnectionString(database)))
        {
            organization = await connection.ExecuteScalarAsync<Guid>("INSERT INTO organizations (name) VALUES ('Bench') RETURNING id");
        }

        var steps = new JsonArray([.. Enumerable.Range(1, Steps).Select(i => (JsonNode)new JsonObject { ["id"] = $"s{i}", ["type"] = "action", ["actionType"] = "noop", ["config"] = new JsonObject() })]);
        var tenants = services.GetRequiredService<TenantDatabase>();
        await using (var transaction = await tenants.BeginAsync(organization, CancellationToken.None))
        {
            workflow = await WorkflowRepository.InsertAsync(transaction, organization, new WorkflowRepository.WorkflowFields("bench", null, "manual", [], [], [], steps, true, null), null, CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        }

        var starter = services.GetRequiredService<ExecutionStarter>();
        var client = services.GetRequiredService<DurableTaskClient>();
        await WarmUpAsync(starter, client, organization, workflow, tenants);

        var stopwatch = Stopwatch.StartNew();
        double rate;
        if (directLoop)
        {
            // The same walker and activities, called in order without Durable Task: the work an orchestration wraps.
            await Parallel.ForAsync(0, executions, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, ct) =>
                await DirectWorkflowEffects.RunAsync(services, organization, await CreateLogAsync(services, organization, workflow), ct));
            rate = executions / stopwatch.Elapsed.TotalSeconds;
        }
        else
        {
            var ids = await Task.WhenAll(Enumerable.Range(0, executions).Select(async _ =>
                (await starter.StartAsync(client, new ExecutionStarter.StartRequest(organization, workflow, "manual", [], null, 0), CancellationToken.None)).ExecutionId));
            await WaitForAllAsync(tenants, organization, ids);
            rate = executions / stopwatch.Elapsed.TotalSeconds;
        }

        await app.StopAsync();
        return rate;
    }

    static async Task WarmUpAsync(ExecutionStarter starter, DurableTaskClient client, Guid organization, WorkflowRecord workflow, TenantDatabase tenants)
    {
        var ids = await Task.WhenAll(Enumerable.Range(0, 5).Select(async _ =>
            (await starter.StartAsync(client, new ExecutionStarter.StartRequest(organization, workflow, "manual", [], null, 0), CancellationToken.None)).ExecutionId));
        await WaitForAllAsync(tenants, organization, ids);
    }

    /// <summary>What the starter does before it schedules: write the pending log of the workflow's version.</summary>
    static async Task<Guid> CreateLogAsync(IServiceProvider services, Guid organization, WorkflowRecord workflow)
    {
        var id = Guid.NewGuid();
        await using var transaction = await services.GetRequiredService<TenantDatabase>().BeginAsync(organization, CancellationToken.None);
        await ExecutionLogRepository.InsertAsync(
            transaction,
            new ExecutionLogRepository.NewExecution(id, workflow.Id, organization, "manual", [], workflow.Version, null, null, 0),
            CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        return id;
    }

    static int Count(int standard) => int.TryParse(Environment.GetEnvironmentVariable("FIXLIFY_BENCH_EXECUTIONS"), out var n) ? n : standard;

    static async Task WaitForAllAsync(TenantDatabase tenants, Guid organization, Guid[] ids)
    {
        var progress = Stopwatch.StartNew();
        while (true)
        {
            await using var transaction = await tenants.BeginAsync(organization, CancellationToken.None);
            var done = await transaction.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM automation_execution_logs WHERE id = ANY(@ids) AND status IN ('completed', 'failed')", new { ids }, CancellationToken.None);
            if (done == ids.Length)
            {
                return;
            }

            if (progress.Elapsed > TimeSpan.FromSeconds(10))
            {
                Console.WriteLine($"   … {done}/{ids.Length} done");
                progress.Restart();
            }

            await Task.Delay(50);
        }
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
