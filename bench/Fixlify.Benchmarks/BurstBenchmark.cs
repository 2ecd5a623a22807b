using System.Diagnostics;
using System.Net;
using Dapper;
using netDumbster.smtp;
using Npgsql;

namespace Fixlify.Benchmarks;

/// <summary>
/// The 8:00 wave, as `make run` runs it (standalone host, task hub on Azurite, the relay, the scheduler's tick, a real
/// SMTP server): one UPDATE completes 2,000 jobs of 2,000 clients, an active job_completed workflow emails each client a
/// thank-you. Prints the time until the 2,000th email arrived, emails a minute along the way, and event → first step
/// latency (p50/p99, from the outbox's occurred_at to the first step row's start).
/// </summary>
public static class BurstBenchmark
{
    const int Jobs = 2_000;

    public static async Task RunAsync(BenchEnvironment environment)
    {
        if (string.IsNullOrEmpty(environment.StorageConnectionString))
        {
            return;
        }

        var jobs = int.TryParse(Environment.GetEnvironmentVariable("FIXLIFY_BENCH_JOBS"), out var n) ? n : Jobs;
        Console.WriteLine($"== Burst: one UPDATE completes {jobs:N0} jobs; a job_completed workflow emails each client (Azurite, relay, real SMTP)");
        using var smtp = Configuration.Configure().WithAddress(IPAddress.Loopback).WithPort(OrchestrationBenchmark.FreePort()).Build();
        var wave = await EmailWave.StartAsync(environment, "burst", smtp.Configuration.Port, jobs + 1, null, "--Logging:LogLevel:Default=Warning");
        var (owner, organization) = (wave.Owner, wave.Organization);
        try
        {
            await using var connectionForWrites = new NpgsqlConnection(owner);
            await connectionForWrites.OpenAsync();

            // Warm up: one job through the whole path.
            await connectionForWrites.ExecuteAsync(
                "UPDATE jobs SET status = 'completed' WHERE id = (SELECT id FROM jobs WHERE organization_id = @organization ORDER BY created_at LIMIT 1)", new { organization });
            await WaitForEmailsAsync(smtp, 1, TimeSpan.FromMinutes(3), null);

            var stopwatch = Stopwatch.StartNew();
            await connectionForWrites.ExecuteAsync("UPDATE jobs SET status = 'completed' WHERE organization_id = @organization AND status = 'scheduled'", new { organization });
            var minutes = new List<int>();
            var first = Task.Run(async () =>
            {
                while (smtp.ReceivedEmailCount < 2 && stopwatch.Elapsed < TimeSpan.FromMinutes(10))
                {
                    await Task.Delay(20);
                }

                return stopwatch.Elapsed;
            });
            var drained = await WaitForEmailsAsync(smtp, jobs + 1, TimeSpan.FromMinutes(10), minutes);
            var elapsed = stopwatch.Elapsed;

            var latencies = (await connectionForWrites.QueryAsync<double>(
                """
                SELECT extract(epoch FROM s.started_at - e.occurred_at) * 1000
                  FROM automation_execution_logs l
                  JOIN automation_events e ON e.id = l.event_id
                  JOIN automation_execution_steps s ON s.execution_id = l.id AND s.sequence = 1
                 WHERE l.organization_id = @organization
                """,
                new { organization })).Order().ToList();
            Console.WriteLine(drained
                ? $"   {jobs:N0} emails sent {elapsed.TotalSeconds:0} s after the UPDATE (target ≤ 120 s)"
                : $"   not drained: {smtp.ReceivedEmailCount - 1:N0} of {jobs:N0} emails after {elapsed.TotalSeconds:0} s");
            Console.WriteLine($"   first email {(await first).TotalSeconds:0.0} s after the UPDATE (target for a burst of 100: ≤ 5 s)");
            Console.WriteLine($"   emails by minute: {string.Join(", ", minutes)}");
            if (latencies.Count > 0)
            {
                Console.WriteLine($"   event → first step: p50 {Percentile(latencies, 0.50) / 1000:0.0} s, p99 {Percentile(latencies, 0.99) / 1000:0.0} s ({latencies.Count:N0} executions)");
            }

            Console.WriteLine();
        }
        finally
        {
            await wave.StopAsync();
            smtp.Stop();
        }
    }

    /// <summary>Waits until the SMTP server holds <paramref name="count"/> emails; records the count received in each minute.</summary>
    static async Task<bool> WaitForEmailsAsync(SimpleSmtpServer smtp, int count, TimeSpan timeout, List<int>? minutes)
    {
        var stopwatch = Stopwatch.StartNew();
        var lastMinute = stopwatch.Elapsed;
        var atLastMinute = smtp.ReceivedEmailCount;
        while (smtp.ReceivedEmailCount < count)
        {
            if (stopwatch.Elapsed > timeout)
            {
                return false;
            }

            if (minutes is not null && stopwatch.Elapsed - lastMinute >= TimeSpan.FromMinutes(1))
            {
                minutes.Add(smtp.ReceivedEmailCount - atLastMinute);
                atLastMinute = smtp.ReceivedEmailCount;
                lastMinute = stopwatch.Elapsed;
            }

            await Task.Delay(100);
        }

        minutes?.Add(smtp.ReceivedEmailCount - atLastMinute);
        return true;
    }

    static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
