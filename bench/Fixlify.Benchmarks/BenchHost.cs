using System.Diagnostics;
using System.Text.Json.Nodes;
using Dapper;
using DurableTask.Core;
using Fixlify.Engine;
using Fixlify.Data;
using Fixlify.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fixlify.Benchmarks;

/// <summary>The standalone host on a benchmark's database, with the no-op action, an organization, and ways to run workflows on it.</summary>
internal sealed class BenchHost : IAsyncDisposable
{
    BenchHost(WebApplication app, Guid organization)
    {
        App = app;
        Organization = organization;
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    public Guid Organization { get; }

    public static async Task<BenchHost> StartAsync(BenchEnvironment environment, string database, string backend, params string[] extra)
    {
        string[] args =
        [
            $"--Postgres:ConnectionString={environment.ConnectionString(database, "fixlify_app")}",
            $"--Postgres:ServiceConnectionString={environment.ConnectionString(database, "fixlify_service")}",
            $"--Postgres:MigrationConnectionString={environment.ConnectionString(database)}",
            "--Standalone:MigrateOnStart=false",
            $"--Standalone:Urls=http://127.0.0.1:{OrchestrationBenchmark.FreePort()}",
            $"--Durable:Backend={backend}",
            $"--Durable:StorageConnectionString={environment.StorageConnectionString}",
            $"--Durable:TaskHub=bench{Guid.NewGuid().ToString("N")[..8]}",
            "--Durable:MaxQueuePollingInterval=00:00:00.100",
            "--Scheduler:Enabled=false",
            "--Logging:LogLevel:Default=Warning",
            .. extra,

            // Settings to try without rebuilding, e.g. FIXLIFY_BENCH_ARGS="--Durable:Concurrency=200 --Durable:PartitionCount=4".
            .. (Environment.GetEnvironmentVariable("FIXLIFY_BENCH_ARGS") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries),
        ];
        var app = StandaloneHost.Build(args, services => services.AddSingleton<IActionHandler, NoOpActionHandler>());
        await app.StartAsync();
        await using var connection = new NpgsqlConnection(environment.ConnectionString(database));
        var organization = await connection.ExecuteScalarAsync<Guid>("INSERT INTO organizations (name) VALUES ('Bench') RETURNING id");
        return new BenchHost(app, organization);
    }

    /// <summary>Saves an active manual workflow of these linear steps (its plan stored, as the API does).</summary>
    public async Task<WorkflowRecord> WorkflowAsync(JsonArray steps)
    {
        var plans = Services.GetRequiredService<WorkflowPlans>();
        await using var transaction = await Services.GetRequiredService<TenantDatabase>().BeginAsync(Organization, CancellationToken.None);
        var workflow = await WorkflowRepository.InsertAsync(
            transaction, Organization, new WorkflowRepository.WorkflowFields("bench", null, "manual", [], [], [], steps, true, null), null, CancellationToken.None);
        await plans.SaveAsync(transaction, workflow, plans.Compile(workflow), CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        return workflow;
    }

    /// <summary>
    /// Runs <paramref name="executions"/> executions of <paramref name="workflow"/> to their end: started together through
    /// the starter (one statement for the logs, orchestrations scheduled concurrently), or as a plain loop over the same
    /// walker and activities, 32 at a time. Returns their ids.
    /// </summary>
    public async Task<Guid[]> RunAllAsync(WorkflowRecord workflow, int executions, bool directLoop)
    {
        var starter = Services.GetRequiredService<ExecutionStarter>();
        var requests = Enumerable.Range(0, executions)
            .Select(_ => new ExecutionStarter.StartRequest(Organization, workflow, "manual", [], null, 0))
            .ToList();
        var plan = Services.GetRequiredService<WorkflowPlans>().Compile(workflow);
        if (directLoop)
        {
            // The logs written as the starter writes them, without scheduling anything.
            await using (var transaction = await Services.GetRequiredService<TenantDatabase>().BeginAsync(Organization, CancellationToken.None))
            {
                await ExecutionLogRepository.InsertManyAsync(
                    transaction,
                    [.. requests.Select(r => new ExecutionLogRepository.NewExecution(r.Id, workflow.Id, Organization, "manual", [], workflow.Version, null, null, 0))],
                    CancellationToken.None);
                await transaction.CommitAsync(CancellationToken.None);
            }

            await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (request, ct) =>
                await DirectWorkflowEffects.RunAsync(Services, Organization, request.Id, ct));
        }
        else
        {
            await using var transaction = await Services.GetRequiredService<TenantDatabase>().BeginAsync(Organization, CancellationToken.None);
            await starter.StartAsync(Services.GetRequiredService<DurableTaskClient>(), transaction, [.. requests.Select(r => (r, plan))], CancellationToken.None);
            await WaitForAllAsync([.. requests.Select(r => r.Id)]);
        }

        return [.. requests.Select(r => r.Id)];
    }

    async Task WaitForAllAsync(Guid[] ids)
    {
        var progress = Stopwatch.StartNew();
        var tenants = Services.GetRequiredService<TenantDatabase>();
        while (true)
        {
            await using var transaction = await tenants.BeginAsync(Organization, CancellationToken.None);
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

            await Task.Delay(20);
        }
    }

    /// <summary>The activities and orchestrator episodes the task hub completed in this host so far.</summary>
    public (long Activities, long Episodes) WorkItems
    {
        get
        {
            var tally = ((SidecarOrchestrationService)Services.GetRequiredService<IOrchestrationService>()).Tally;
            return (tally.Activities, tally.Episodes);
        }
    }

    /// <summary>The execution's orchestration history as the task hub stores it, in bytes of JSON (Azure Storage).</summary>
    public async Task<long> HistoryBytesAsync(Guid executionId)
    {
        var service = (IOrchestrationServiceClient)((SidecarOrchestrationService)Services.GetRequiredService<IOrchestrationService>()).Inner;
        var state = (await service.GetOrchestrationStateAsync(executionId.ToString(), allExecutions: false)).Single();
        return System.Text.Encoding.UTF8.GetByteCount(await service.GetOrchestrationHistoryAsync(executionId.ToString(), state.OrchestrationInstance.ExecutionId));
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
