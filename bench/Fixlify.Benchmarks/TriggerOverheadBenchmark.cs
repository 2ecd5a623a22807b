using System.Diagnostics;
using Dapper;
using Npgsql;

namespace Fixlify.Benchmarks;

/// <summary>
/// What the event-capture triggers cost: write throughput on jobs (half INSERTs, half status UPDATEs, 4 client
/// connections, each write its own transaction as the API does it) with the triggers on and off, alternating
/// rounds in the same run.
/// </summary>
public static class TriggerOverheadBenchmark
{
    const int Clients = 4;
    const int Rounds = 5;
    static readonly TimeSpan RoundLength = TimeSpan.FromSeconds(5);
    static readonly string[] Cycle = ["scheduled", "in_progress", "completed", "scheduled"];

    /// <summary>The floor, for the breakdown: a trigger that only copies the new row into the outbox (no diff, no NOTIFY).</summary>
    const string CopyOnly = """
        BEGIN
            INSERT INTO automation_events (organization_id, event_type, entity_type, entity_id, payload)
            VALUES (NEW.organization_id, TG_ARGV[0] || '_written', TG_ARGV[0], NEW.id, jsonb_build_object('new', to_jsonb(NEW)));
            RETURN NULL;
        END
        """;

    public static async Task RunAsync(BenchEnvironment environment)
    {
        var database = await environment.FreshDatabaseAsync("bench_triggers");
        var owner = environment.ConnectionString(database);
        var app = environment.ConnectionString(database, "fixlify_app");

        Guid organization;
        Guid[] jobs;
        await using (var connection = new NpgsqlConnection(owner))
        {
            organization = await connection.ExecuteScalarAsync<Guid>("INSERT INTO organizations (name) VALUES ('Bench') RETURNING id");
            jobs = [.. await connection.QueryAsync<Guid>(
                "INSERT INTO jobs (organization_id, title) SELECT @organization, 'job ' || i FROM generate_series(1, 400) i RETURNING id", new { organization })];
            var settings = await connection.QueryAsync<(string, string)>("SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit')");
            Console.WriteLine($"== Event-capture trigger overhead (PostgreSQL {string.Join(", ", settings.Select(s => $"{s.Item1}={s.Item2}"))})");
        }

        Console.WriteLine($"   {Clients} connections, 50% INSERT / 50% status UPDATE, one transaction per write, {RoundLength.TotalSeconds:0} s per round");
        await MeasureAsync(app, organization, jobs, TimeSpan.FromSeconds(2)); // warm-up

        var on = new List<double>();
        var off = new List<double>();
        var quiet = new List<double>();
        var copy = new List<double>();
        string capture;
        await using (var connection = new NpgsqlConnection(owner))
        {
            capture = await connection.ExecuteScalarAsync<string>("SELECT prosrc FROM pg_proc WHERE proname = 'fixlify_capture_event'") ?? "";
        }

        for (var round = 1; round <= Rounds; round++)
        {
            await SetTriggersAsync(owner, enabled: true);
            on.Add(await MeasureAsync(app, organization, jobs, RoundLength));
            await SetTriggersAsync(owner, enabled: false);
            off.Add(await MeasureAsync(app, organization, jobs, RoundLength));

            // For the breakdown only: the same trigger without its pg_notify.
            await ReplaceCaptureAsync(owner, capture.Replace("PERFORM pg_notify('automation_events', event_id::text);", "", StringComparison.Ordinal));
            await SetTriggersAsync(owner, enabled: true);
            quiet.Add(await MeasureAsync(app, organization, jobs, RoundLength));
            await ReplaceCaptureAsync(owner, CopyOnly);
            copy.Add(await MeasureAsync(app, organization, jobs, RoundLength));
            await ReplaceCaptureAsync(owner, capture);
            Console.WriteLine($"   round {round}: triggers on {on[^1],6:0} writes/s   off {off[^1],6:0} writes/s   ratio {on[^1] / off[^1]:0.000}   (without NOTIFY {quiet[^1] / off[^1]:0.000}, copy only {copy[^1] / off[^1]:0.000})");
        }

        var ratio = Median(on) / Median(off);
        Console.WriteLine($"   median: on {Median(on):0} writes/s, off {Median(off):0} writes/s → ratio {ratio:0.000} (target ≥ 0.85): {(ratio >= 0.85 ? "met" : "NOT met")}");
        Console.WriteLine($"   breakdown: without pg_notify the trigger keeps {Median(quiet) / Median(off):0.000} (NOTIFY serializes committing transactions: a global lock held through commit);");
        Console.WriteLine($"   a trigger that only copies the row into the outbox (no old values, no NOTIFY) keeps {Median(copy) / Median(off):0.000}: what writing the event row itself costs");
        Console.WriteLine();
    }

    static async Task<double> MeasureAsync(string connectionString, Guid organization, Guid[] jobs, TimeSpan length)
    {
        var stopwatch = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            var random = new Random(client);
            long writes = 0;
            while (stopwatch.Elapsed < length)
            {
                await using var transaction = await connection.BeginTransactionAsync();
                await connection.ExecuteAsync("SELECT set_config('fixlify.org_id', @organization, true)", new { organization = organization.ToString() }, transaction);
                if (writes % 2 == 0)
                {
                    await connection.ExecuteAsync(
                        "INSERT INTO jobs (organization_id, title, status, scheduled_start, total) VALUES (@organization, 'New job', 'scheduled', now() + interval '1 day', 120)",
                        new { organization }, transaction);
                }
                else
                {
                    await connection.ExecuteAsync(
                        "UPDATE jobs SET status = @status WHERE id = @id",
                        new { id = jobs[random.Next(jobs.Length)], status = Cycle[random.Next(1, Cycle.Length)] }, transaction);
                }

                await transaction.CommitAsync();
                writes++;
            }

            return writes;
        })));
        return counts.Sum() / stopwatch.Elapsed.TotalSeconds;
    }

    static async Task ReplaceCaptureAsync(string owner, string body)
    {
        await using var connection = new NpgsqlConnection(owner);
        await connection.ExecuteAsync($"CREATE OR REPLACE FUNCTION fixlify_capture_event() RETURNS trigger LANGUAGE plpgsql AS $body${body}$body$");
    }

    static async Task SetTriggersAsync(string owner, bool enabled)
    {
        await using var connection = new NpgsqlConnection(owner);
        await connection.ExecuteAsync($"ALTER TABLE jobs {(enabled ? "ENABLE" : "DISABLE")} TRIGGER capture_automation_events");
    }

    static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
