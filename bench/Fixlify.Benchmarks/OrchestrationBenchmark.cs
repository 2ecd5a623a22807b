using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Dapper;
using DurableTask.Core;
using Fixlify.Engine;
using Fixlify.Data;
using Fixlify.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fixlify.Benchmarks;

/// <summary>
/// The engine on the standalone host, all in one run: executions per second of a 5-step no-op workflow as a plain loop
/// over the same walker and activities (no Durable Task), in memory and on Azurite; the history an execution leaves
/// (5 steps; a 50-iteration loop of an api_call answering 100 KB); and what recording a step costs in a 10- and a
/// 1,000-iteration execution, a row per step against the old rewrite of the whole actions_executed array.
/// Set FIXLIFY_BENCH_ENGINE to one of loop, memory, azurite, history, recording to run only that part.
/// </summary>
public static class OrchestrationBenchmark
{
    const int Steps = 5;

    public static async Task RunAsync(BenchEnvironment environment)
    {
        var only = Environment.GetEnvironmentVariable("FIXLIFY_BENCH_ENGINE");
        bool Part(string name) => only is null || only.Split(',').Contains(name);
        Console.WriteLine($"== Engine ({Steps}-step no-op workflow, standalone host; work items counted by the sidecar)");
        var database = await environment.FreshDatabaseAsync("bench_engine");
        double? loop = null;
        if (Part("loop"))
        {
            loop = (await ThroughputAsync(environment, database, "InMemory", Count(1000), directLoop: true, Steps)).Rate;
            Console.WriteLine($"   plain loop over the same walker and activities: {loop,7:0.0} executions/s");
        }

        if (Part("memory"))
        {
            var memory = await ThroughputAsync(environment, database, "InMemory", Count(1000), directLoop: false, Steps);
            Console.WriteLine($"   Durable Task, in memory:                        {memory.Rate,7:0.0} executions/s ({memory.Rate * memory.WorkItems,6:0} work items/s){Ratio(memory.Rate, loop)}");
        }

        if (Part("azurite") && !string.IsNullOrEmpty(environment.StorageConnectionString))
        {
            var azurite = await ThroughputAsync(environment, database, "AzureStorage", Count(300), directLoop: false, Steps);
            Console.WriteLine($"   Durable Task, Azure Storage (Azurite):          {azurite.Rate,7:0.0} executions/s ({azurite.Rate * azurite.WorkItems,6:0} work items/s){Ratio(azurite.Rate, loop)}");
        }

        if (Part("sessions") && !string.IsNullOrEmpty(environment.StorageConnectionString))
        {
            // The same run, extended sessions off then on: each episode reads the history table, or finds it in memory.
            var off = await ThroughputAsync(environment, database, "AzureStorage", Count(300), directLoop: false, Steps, "--Durable:ExtendedSessions=false");
            var on = await ThroughputAsync(environment, database, "AzureStorage", Count(300), directLoop: false, Steps, "--Durable:ExtendedSessions=true");
            Console.WriteLine($"   Azurite, ExtendedSessions off / on:             {off.Rate,7:0.0} / {on.Rate,5:0.0} executions/s, {off.CpuMs:0.0} / {on.CpuMs:0.0} ms CPU each{Ratio(on.Rate, off.Rate).Replace("to the loop", "on/off", StringComparison.Ordinal)}");
        }

        if (Part("one"))
        {
            var memory = await ThroughputAsync(environment, database, "InMemory", Count(1000), directLoop: false, 1);
            Console.WriteLine($"   one-action workflow, in memory:                 {memory.Rate,7:0.0} executions/s{Ratio(memory.Rate, loop)}");
            if (!string.IsNullOrEmpty(environment.StorageConnectionString))
            {
                var azurite = await ThroughputAsync(environment, database, "AzureStorage", Count(300), directLoop: false, 1);
                Console.WriteLine($"   one-action workflow, Azurite:                   {azurite.Rate,7:0.0} executions/s{Ratio(azurite.Rate, loop)}");
            }
        }

        if (Part("starts"))
        {
            await StartsAsync(environment, database, "InMemory");
            if (!string.IsNullOrEmpty(environment.StorageConnectionString))
            {
                await StartsAsync(environment, database, "AzureStorage");
            }
        }

        Console.WriteLine("   anchors: Durable Task Scheduler ~1,400 and Azure Storage ~250 work items/s on a 2-core EP2 worker (Microsoft's benchmark)");
        if (Part("history") && !string.IsNullOrEmpty(environment.StorageConnectionString))
        {
            await HistoryAsync(environment, database);
        }

        if (Part("recording"))
        {
            await RecordingAsync(environment, database);
        }

        Console.WriteLine();
    }

    static string Ratio(double rate, double? loop) => loop is { } l ? $"   ratio to the loop {rate / l:0.00}" : "";

    /// <summary>How a run went: executions per second, this process's CPU per execution (ms), work items per execution.</summary>
    sealed record Throughput(double Rate, double CpuMs, double WorkItems);

    /// <summary>
    /// Executions per second of a linear workflow of <paramref name="steps"/> no-op actions, this process's CPU per execution
    /// (ms; PostgreSQL's and Azurite's own CPU not included) and the work items (activities and episodes) each cost.
    /// </summary>
    static async Task<Throughput> ThroughputAsync(
        BenchEnvironment environment, string database, string backend, int executions, bool directLoop, int steps, params string[] extra)
    {
        await using var host = await BenchHost.StartAsync(environment, database, backend, extra);
        var workflow = await host.WorkflowAsync(new JsonArray([.. Enumerable.Range(1, steps).Select(i => (JsonNode)new JsonObject
        {
            ["id"] = $"s{i}", ["type"] = "action", ["actionType"] = "noop", ["config"] = new JsonObject(),
        })]));
        await host.RunAllAsync(workflow, 20, directLoop);

        var (activities, episodes) = host.WorkItems;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        await host.RunAllAsync(workflow, executions, directLoop);
        var rate = executions / stopwatch.Elapsed.TotalSeconds;
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / executions;
        await Task.Delay(500); // the last episodes end after the rows say completed
        var (activitiesAfter, episodesAfter) = host.WorkItems;
        var perActivity = (activitiesAfter - activities) / (double)executions;
        var perEpisode = (episodesAfter - episodes) / (double)executions;
        Console.WriteLine($"     ({backend}{(directLoop ? ", plain loop" : "")}{string.Concat(extra.Select(e => " " + e))}, {steps} step(s): {executions} executions in {stopwatch.Elapsed.TotalSeconds:0.0} s, {cpuMs:0.0} ms of this process's CPU each"
            + (directLoop ? ")" : $", {perActivity:0.0} activities + {perEpisode:0.0} episodes = {perActivity + perEpisode:0.0} work items each)"));
        return new Throughput(rate, cpuMs, perActivity + perEpisode);
    }

    /// <summary>
    /// What starting an instance costs on <paramref name="backend"/>: 400 orchestrations scheduled through the client, that
    /// many at once (the dispatcher's parallelism), timed until the last schedule call returned. Their executions do not
    /// exist, so each then ends at its first activity.
    /// </summary>
    static async Task StartsAsync(BenchEnvironment environment, string database, string backend)
    {
        // Each ends at once, saying (as a warning) that its execution does not exist: not printed here.
        await using var host = await BenchHost.StartAsync(environment, database, backend, "--Logging:LogLevel:Fixlify.Engine.StartExecution=Error");
        var client = host.Services.GetRequiredService<DurableTaskClient>();
        var results = new List<string>();
        foreach (var parallelism in new[] { 1, 4, 16, 32, 64 })
        {
            var instances = Count(400);
            var stopwatch = Stopwatch.StartNew();
            await Parallel.ForEachAsync(
                Enumerable.Range(0, instances), new ParallelOptions { MaxDegreeOfParallelism = parallelism },
                async (_, ct) => await ExecutionStarter.ScheduleAsync(client, Guid.NewGuid(), host.Organization, ct));
            var perInstance = stopwatch.Elapsed.TotalMilliseconds / instances;
            results.Add($"{parallelism} at once {perInstance:0.00} ms ({instances / stopwatch.Elapsed.TotalSeconds:0}/s)");
            await Task.Delay(TimeSpan.FromSeconds(2)); // let them end before the next size
        }

        Console.WriteLine($"   starting an instance, {backend}: {string.Join("; ", results)}");
    }

    /// <summary>The bytes of history an execution leaves in the task hub: what each episode replays.</summary>
    static async Task HistoryAsync(BenchEnvironment environment, string database)
    {
        using var answer = await BigAnswerAsync(100 * 1024);
        await using var host = await BenchHost.StartAsync(environment, database, "AzureStorage", $"--Http:AllowLoopback=true");
        var fiveSteps = await host.WorkflowAsync(new JsonArray([.. Enumerable.Range(1, Steps).Select(i => (JsonNode)new JsonObject
        {
            ["id"] = $"s{i}", ["type"] = "action", ["actionType"] = "noop", ["config"] = new JsonObject(),
        })]));
        var bigLoop = await host.WorkflowAsync(new JsonArray(new JsonObject
        {
            ["id"] = "each", ["type"] = "loop", ["config"] = new JsonObject { ["times"] = 50 },
            ["body"] = new JsonArray(new JsonObject
            {
                ["id"] = "fetch", ["type"] = "action", ["actionType"] = "api_call",
                ["config"] = new JsonObject { ["method"] = "GET", ["url"] = answer.Url, ["saveAs"] = "quote" },
            }),
        }));
        var small = await host.HistoryBytesAsync((await host.RunAllAsync(fiveSteps, 1, directLoop: false))[0]);
        var large = await host.HistoryBytesAsync((await host.RunAllAsync(bigLoop, 1, directLoop: false))[0]);
        Console.WriteLine($"   history of a {Steps}-step execution:                  {small,9:N0} bytes");
        Console.WriteLine($"   history of a 50-iteration loop of an api_call answering {answer.Bytes / 1024} KB: {large,9:N0} bytes (the answers: {50L * answer.Bytes:N0} bytes, kept in the steps' rows)");
    }

    /// <summary>What recording one step costs in a short and a long execution: a row per step, against rewriting the whole array.</summary>
    static async Task RecordingAsync(BenchEnvironment environment, string database)
    {
        await using var connection = new NpgsqlConnection(environment.ConnectionString(database));
        await connection.OpenAsync();
        var organization = await connection.ExecuteScalarAsync<Guid>("INSERT INTO organizations (name) VALUES ('Bench recording') RETURNING id");
        var tenants = new TenantDatabase(Microsoft.Extensions.Options.Options.Create(new PostgresOptions { ConnectionString = environment.ConnectionString(database, "fixlify_app") }));
        var rows = new Dictionary<int, double>();
        var array = new Dictionary<int, double>();
        foreach (var steps in new[] { 10, 1000 })
        {
            rows[steps] = await PerStepAsync(tenants, connection, organization, steps, rowPerStep: true);
            array[steps] = await PerStepAsync(tenants, connection, organization, steps, rowPerStep: false);
        }

        Console.WriteLine($"   recording a step, a row per step:        {rows[10],6:0.00} ms in a 10-step execution, {rows[1000],6:0.00} ms in a 1,000-step one ({rows[1000] / rows[10]:0.00}×)");
        Console.WriteLine($"   recording a step, rewriting the array:   {array[10],6:0.00} ms in a 10-step execution, {array[1000],6:0.00} ms in a 1,000-step one ({array[1000] / array[10]:0.00}×; the old way)");
        await tenants.DisposeAsync();
    }

    /// <summary>The average ms to record each of <paramref name="steps"/> steps of one execution, each in its own transaction (as activities do).</summary>
    static async Task<double> PerStepAsync(TenantDatabase tenants, NpgsqlConnection connection, Guid organization, int steps, bool rowPerStep)
    {
        var execution = await connection.ExecuteScalarAsync<Guid>(
            "INSERT INTO automation_execution_logs (organization_id, trigger_type, trigger_data, status) VALUES (@organization, 'manual', '{}', 'processing') RETURNING id",
            new { organization });
        var output = new JsonObject { ["messageId"] = "<0123456789.abcdef@bench.example>", ["to"] = new JsonArray("a•••@example.com"), ["subject"] = "Your appointment tomorrow" };
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < steps; i++)
        {
            var step = new StepRecord($"each[{i}].mail", "mail", "send_email", null, i + 1, StepStatus.Completed, DateTime.UtcNow, DateTime.UtcNow, 1, output, null);
            await using var transaction = await tenants.BeginAsync(organization, CancellationToken.None);
            if (rowPerStep)
            {
                await ExecutionStepRepository.RecordAsync(transaction, execution, organization, [step], ExecutionStatus.Processing, CancellationToken.None);
            }
            else
            {
                // What each step cost before: read the array, replace or add the entry, write it all back.
                var current = await transaction.QuerySingleOrDefaultAsync<string>(
                    "SELECT coalesce(actions_executed, '[]')::text FROM automation_execution_logs WHERE id = @execution FOR UPDATE", new { execution }, CancellationToken.None);
                var entries = JsonNode.Parse(current!)!.AsArray();
                entries.Add(step.ToJson());
                await transaction.ExecuteAsync(
                    "UPDATE automation_execution_logs SET actions_executed = @entries::jsonb, status = 'processing' WHERE id = @execution",
                    new { execution, entries = entries.ToJsonString() }, CancellationToken.None);
            }

            await transaction.CommitAsync(CancellationToken.None);
        }

        return stopwatch.Elapsed.TotalMilliseconds / steps;
    }

    /// <summary>An HTTP endpoint on 127.0.0.1 answering every GET with a JSON object of about <paramref name="bytes"/> bytes.</summary>
    static async Task<BigAnswer> BigAnswerAsync(int bytes)
    {
        var port = FreePort();
        var body = new JsonObject { ["price"] = 129.5, ["notes"] = new string('x', bytes) }.ToJsonString();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapGet("/quote", () => Results.Text(body, "application/json"));
        await app.StartAsync();
        return new BigAnswer(app, $"http://127.0.0.1:{port}/quote", body.Length);
    }

    sealed record BigAnswer(WebApplication App, string Url, int Bytes) : IDisposable
    {
        public void Dispose() => App.StopAsync().GetAwaiter().GetResult();
    }

    static int Count(int standard) => int.TryParse(Environment.GetEnvironmentVariable("FIXLIFY_BENCH_EXECUTIONS"), out var n) ? n : standard;

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
