using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using netDumbster.smtp;
using Npgsql;

namespace Fixlify.Benchmarks;

/// <summary>
/// How long the held messages take to drain after an outage (issue 25, ADR 0019), as `make run` runs it (standalone host,
/// task hub on Azurite, the relay, a real SMTP server): the SMTP server is stopped, one UPDATE completes the jobs of
/// <c>FIXLIFY_BENCH_OUTAGE_EMAILS</c> clients (default 200) and a job_completed workflow emails each, every email is held
/// (its retries spent), the server stays down for each of <c>FIXLIFY_BENCH_OUTAGE_MINUTES</c> (default "1"; e.g. "1 5"),
/// then comes back. Prints, per outage, the time from recovery to the last email, emails per 10 s, and that each arrived once.
/// The hold settings are the defaults (`Holds__*`) unless FIXLIFY_BENCH_ARGS says otherwise.
/// </summary>
public static class OutageDrainBenchmark
{
    public static async Task RunAsync(BenchEnvironment environment)
    {
        if (string.IsNullOrEmpty(environment.StorageConnectionString))
        {
            return;
        }

        var emails = int.TryParse(Environment.GetEnvironmentVariable("FIXLIFY_BENCH_OUTAGE_EMAILS"), out var n) ? n : 200;
        var outages = (Environment.GetEnvironmentVariable("FIXLIFY_BENCH_OUTAGE_MINUTES") ?? "1")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(m => double.Parse(m, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        foreach (var minutes in outages)
        {
            await RunOnceAsync(environment, emails, TimeSpan.FromMinutes(minutes));
        }
    }

    static async Task RunOnceAsync(BenchEnvironment environment, int emails, TimeSpan outage)
    {
        Console.WriteLine($"== Outage: the SMTP server down {outage.TotalMinutes:0.#} min while {emails:N0} emails are due (Azurite, relay, real SMTP, default hold settings)");
        var port = OrchestrationBenchmark.FreePort();
        var smtp = Configuration.Configure().WithAddress(IPAddress.Loopback).WithPort(port).Build();
        var wave = await EmailWave.StartAsync(
            environment, "outage", port, emails, new JsonObject { ["maxAttempts"] = 2, ["firstInterval"] = "PT5S" },
            "--Smtp:Timeout=00:00:05", "--Logging:LogLevel:Default=Error");
        var (owner, organization) = (wave.Owner, wave.Organization);
        try
        {
            await using var connectionForWrites = new NpgsqlConnection(owner);
            await connectionForWrites.OpenAsync();
            smtp.Stop();
            var down = Stopwatch.StartNew();
            await connectionForWrites.ExecuteAsync("UPDATE jobs SET status = 'completed' WHERE organization_id = @organization", new { organization });
            while (down.Elapsed < outage)
            {
                await Task.Delay(500);
            }

            var held = await connectionForWrites.ExecuteScalarAsync<int>("SELECT count(*) FROM automation_held_steps WHERE organization_id = @organization", new { organization });
            var failed = await connectionForWrites.ExecuteScalarAsync<int>(
                "SELECT count(*) FROM automation_execution_logs WHERE organization_id = @organization AND status = 'failed'", new { organization });
            smtp = Configuration.Configure().WithAddress(IPAddress.Loopback).WithPort(port).Build();
            var recovered = Stopwatch.StartNew();
            var tens = new List<int>();
            var last = 0;
            var lastTen = TimeSpan.Zero;
            while (smtp.ReceivedEmailCount < emails && recovered.Elapsed < TimeSpan.FromMinutes(15))
            {
                if (recovered.Elapsed - lastTen >= TimeSpan.FromSeconds(10))
                {
                    tens.Add(smtp.ReceivedEmailCount - last);
                    last = smtp.ReceivedEmailCount;
                    lastTen = recovered.Elapsed;
                }

                await Task.Delay(100);
            }

            var drainedIn = recovered.Elapsed;
            tens.Add(smtp.ReceivedEmailCount - last);
            var distinct = smtp.ReceivedEmail.SelectMany(m => m.ToAddresses).Select(a => a.Address).Distinct().Count();
            Console.WriteLine($"   at recovery: {held:N0} steps held, {failed:N0} executions failed");
            Console.WriteLine(smtp.ReceivedEmailCount >= emails
                ? $"   all {emails:N0} emails sent {drainedIn.TotalSeconds:0.0} s after the server came back ({distinct:N0} recipients, {smtp.ReceivedEmailCount:N0} emails)"
                : $"   not drained: {smtp.ReceivedEmailCount:N0} of {emails:N0} emails {drainedIn.TotalSeconds:0} s after the server came back");
            Console.WriteLine($"   emails per 10 s after recovery: {string.Join(", ", tens)}");
            Console.WriteLine();
        }
        finally
        {
            await wave.StopAsync();
            smtp.Stop();
        }
    }
}
