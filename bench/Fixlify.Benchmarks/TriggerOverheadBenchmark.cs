using System.Data;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;

namespace Fixlify.Benchmarks;

/// <summary>
/// What the event-capture triggers cost, with them on and off in alternating rounds of the same run (medians of
/// <see cref="Rounds"/>): write throughput on jobs (half INSERTs, half status UPDATEs, 4 client connections, each
/// write its own transaction as the API does it), and the time of one 2,000-row status UPDATE (the 8:00 wave).
/// A listener on <c>automation_events</c> counts the notifications each statement sends. The triggers measured are
/// whatever the migrations installed on jobs (every trigger named <c>capture…</c>), so the same program measures
/// the schema before and after a change of the capture.
/// </summary>
public static partial class TriggerOverheadBenchmark
{
    const int Clients = 4;
    const int Rounds = 9;
    const int BulkRows = 2_000;
    const double SingleRowTarget = 0.90;
    const double BulkTarget = 1.5;
    static readonly TimeSpan RoundLength = TimeSpan.FromSeconds(5);
    static readonly string[] Cycle = ["scheduled", "in_progress", "completed", "scheduled"];

    /// <summary>The floor, for the breakdown: a row trigger that only copies the new row into the outbox (no diff, no NOTIFY).</summary>
    const string CopyOnly = """
        CREATE FUNCTION bench_copy_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO automation_events (organization_id, event_type, entity_type, entity_id, payload)
            VALUES (NEW.organization_id, 'job_written', 'job', NEW.id, jsonb_build_object('new', to_jsonb(NEW)));
            RETURN NULL;
        END $$;
        CREATE TRIGGER bench_copy_only AFTER INSERT OR UPDATE ON jobs FOR EACH ROW EXECUTE FUNCTION bench_copy_only();
        """;

    enum Variant { On, Off, WithoutNotify, CopyOnly }

    public static async Task RunAsync(BenchEnvironment environment)
    {
        var database = await environment.FreshDatabaseAsync("bench_triggers");
        var owner = environment.ConnectionString(database);
        var app = environment.ConnectionString(database, "fixlify_app");

        Guid organization, bulkOrganization;
        Guid[] jobs;
        Capture capture;
        await using (var connection = new NpgsqlConnection(owner))
        {
            organization = await connection.ExecuteScalarAsync<Guid>("INSERT INTO organizations (name) VALUES ('Bench') RETURNING id");
            bulkOrganization = await connection.ExecuteScalarAsync<Guid>("INSERT INTO organizations (name) VALUES ('Bench bulk') RETURNING id");
            jobs = [.. await connection.QueryAsync<Guid>(
                "INSERT INTO jobs (organization_id, title) SELECT @organization, 'job ' || i FROM generate_series(1, 400) i RETURNING id", new { organization })];
            await connection.ExecuteAsync(
                """
                INSERT INTO jobs (organization_id, title, job_type, status, scheduled_start, scheduled_end, total)
                SELECT @bulkOrganization, 'Annual service ' || i, 'maintenance', 'scheduled', now() + interval '1 day', now() + interval '1 day 2 hours', 150
                  FROM generate_series(1, @BulkRows) i
                """,
                new { bulkOrganization, BulkRows });
            capture = await Capture.ReadAsync(connection);
            var settings = await connection.QueryAsync<(string, string)>("SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit')");
            Console.WriteLine($"== Event-capture trigger overhead (PostgreSQL {string.Join(", ", settings.Select(s => $"{s.Item1}={s.Item2}"))})");
            Console.WriteLine($"   triggers on jobs: {string.Join(", ", capture.Triggers)}");
        }

        await using var listener = await NotificationCounter.StartAsync(owner);

        // Single-row writes.
        Console.WriteLine($"   single-row writes: {Clients} connections, 50% INSERT / 50% status UPDATE, one transaction per write, {RoundLength.TotalSeconds:0} s per variant, order rotated per round");
        await MeasureAsync(app, organization, jobs, TimeSpan.FromSeconds(2)); // warm-up
        await listener.SyncAsync();
        var rates = Enum.GetValues<Variant>().ToDictionary(v => v, _ => new List<double>());
        long onWrites = 0, onNotifications = 0;
        for (var round = 1; round <= Rounds; round++)
        {
            var order = Enum.GetValues<Variant>().Select((v, i) => (v, i)).OrderBy(p => (p.i + round) % 4).Select(p => p.v);
            foreach (var variant in order)
            {
                if (variant == Variant.WithoutNotify && !capture.Notifies)
                {
                    rates[variant].Add(double.NaN);
                    continue;
                }

                await capture.ApplyAsync(owner, variant);
                var (rate, writes) = await MeasureAsync(app, organization, jobs, RoundLength);
                rates[variant].Add(rate);
                var notifications = await listener.SyncAsync();
                if (variant == Variant.On)
                {
                    (onWrites, onNotifications) = (onWrites + writes, onNotifications + notifications);
                }
            }

            await capture.ApplyAsync(owner, Variant.On);
            var (on, off) = (rates[Variant.On][^1], rates[Variant.Off][^1]);
            Console.WriteLine($"   round {round}: on {on,6:0} writes/s   off {off,6:0} writes/s   ratio {on / off:0.000}   (without NOTIFY {rates[Variant.WithoutNotify][^1] / off:0.000}, copy only {rates[Variant.CopyOnly][^1] / off:0.000})");
        }

        var ratio = Median(rates[Variant.On]) / Median(rates[Variant.Off]);
        Console.WriteLine($"   single-row median: on {Median(rates[Variant.On]):0} writes/s, off {Median(rates[Variant.Off]):0} writes/s → ratio {ratio:0.000} (target ≥ {SingleRowTarget:0.00}): {(ratio >= SingleRowTarget ? "met" : "NOT met")}");
        Console.WriteLine($"   breakdown: the same capture without its pg_notify keeps {Median(rates[Variant.WithoutNotify]) / Median(rates[Variant.Off]):0.000}; a row trigger that only copies the row into the outbox keeps {Median(rates[Variant.CopyOnly]) / Median(rates[Variant.Off]):0.000}");
        Console.WriteLine($"   notifications per statement (single-row, triggers on): {(double)onNotifications / onWrites:0.000} ({onNotifications} for {onWrites} writes)");

        // One 2,000-row status UPDATE, each in its own transaction, from a vacuumed table and an empty outbox.
        Console.WriteLine($"   {BulkRows:N0}-row status UPDATE (scheduled ↔ in_progress), one statement, one transaction, on/off order alternating per round");
        var bulk = new Dictionary<Variant, List<double>> { [Variant.On] = [], [Variant.Off] = [] };
        long bulkNotifications = 0;
        await BulkUpdateAsync(owner, app, bulkOrganization); // warm-up
        await listener.SyncAsync();
        for (var round = 1; round <= Rounds; round++)
        {
            foreach (var variant in round % 2 == 1 ? new[] { Variant.On, Variant.Off } : [Variant.Off, Variant.On])
            {
                await capture.ApplyAsync(owner, variant);
                bulk[variant].Add(await BulkUpdateAsync(owner, app, bulkOrganization));
                var notifications = await listener.SyncAsync();
                bulkNotifications += variant == Variant.On ? notifications : 0;
            }

            await capture.ApplyAsync(owner, Variant.On);
            Console.WriteLine($"   round {round}: on {bulk[Variant.On][^1],7:0.0} ms   off {bulk[Variant.Off][^1],7:0.0} ms   ratio {bulk[Variant.On][^1] / bulk[Variant.Off][^1]:0.00}");
        }

        var bulkRatio = Median(bulk[Variant.On]) / Median(bulk[Variant.Off]);
        Console.WriteLine($"   {BulkRows:N0}-row median: on {Median(bulk[Variant.On]):0.0} ms, off {Median(bulk[Variant.Off]):0.0} ms → time ratio {bulkRatio:0.00} (target ≤ {BulkTarget:0.0}): {(bulkRatio <= BulkTarget ? "met" : "NOT met")}");
        Console.WriteLine($"   notifications per statement ({BulkRows:N0}-row UPDATE, triggers on): {(double)bulkNotifications / Rounds:0.0}");
        Console.WriteLine();
    }

    static async Task<(double Rate, long Writes)> MeasureAsync(string connectionString, Guid organization, Guid[] jobs, TimeSpan length)
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
        return (counts.Sum() / stopwatch.Elapsed.TotalSeconds, counts.Sum());
    }

    /// <returns>The time of the UPDATE and its commit, in ms.</returns>
    static async Task<double> BulkUpdateAsync(string owner, string app, Guid organization)
    {
        await using (var connection = new NpgsqlConnection(owner))
        {
            await connection.ExecuteAsync("TRUNCATE automation_events");
            await connection.ExecuteAsync("VACUUM ANALYZE jobs");
            await connection.ExecuteAsync("CHECKPOINT", commandType: CommandType.Text);
        }

        await using var writer = new NpgsqlConnection(app);
        await writer.OpenAsync();
        var stopwatch = Stopwatch.StartNew();
        await using var transaction = await writer.BeginTransactionAsync();
        await writer.ExecuteAsync("SELECT set_config('fixlify.org_id', @organization, true)", new { organization = organization.ToString() }, transaction);
        var rows = await writer.ExecuteAsync(
            "UPDATE jobs SET status = CASE status WHEN 'scheduled' THEN 'in_progress' ELSE 'scheduled' END WHERE organization_id = @organization",
            new { organization }, transaction);
        await transaction.CommitAsync();
        var elapsed = stopwatch.Elapsed.TotalMilliseconds;
        if (rows != BulkRows)
        {
            throw new InvalidOperationException($"the bulk UPDATE changed {rows} rows, not {BulkRows}");
        }

        return elapsed;
    }

    static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    [GeneratedRegex(@"PERFORM\s+pg_notify\([^;]*\);")]
    private static partial Regex NotifyStatement();

    /// <summary>The capture triggers on jobs and their functions' definitions, and how to switch between the variants measured.</summary>
    sealed record Capture(string[] Triggers, string[] Functions)
    {
        public bool Notifies => Functions.Any(f => NotifyStatement().IsMatch(f));

        public static async Task<Capture> ReadAsync(NpgsqlConnection connection)
        {
            var rows = (await connection.QueryAsync<(string Trigger, string Function)>(
                """
                SELECT t.tgname, pg_get_functiondef(t.tgfoid)
                  FROM pg_trigger t WHERE t.tgrelid = 'jobs'::regclass AND t.tgname LIKE 'capture%' ORDER BY t.tgname
                """)).ToList();
            return rows.Count == 0
                ? throw new InvalidOperationException("no capture trigger on jobs")
                : new([.. rows.Select(r => r.Trigger)], [.. rows.Select(r => r.Function).Distinct()]);
        }

        public async Task ApplyAsync(string owner, Variant variant)
        {
            await using var connection = new NpgsqlConnection(owner);
            await connection.OpenAsync();
            await connection.ExecuteAsync("DROP TRIGGER IF EXISTS bench_copy_only ON jobs; DROP FUNCTION IF EXISTS bench_copy_only()");
            foreach (var function in Functions)
            {
                await connection.ExecuteAsync(variant == Variant.WithoutNotify ? NotifyStatement().Replace(function, "NULL;") : function);
            }

            foreach (var trigger in Triggers)
            {
                await connection.ExecuteAsync($"ALTER TABLE jobs {(variant is Variant.On or Variant.WithoutNotify ? "ENABLE" : "DISABLE")} TRIGGER {trigger}");
            }

            if (variant == Variant.CopyOnly)
            {
                await connection.ExecuteAsync(CopyOnly);
            }
        }
    }

    /// <summary>A connection LISTENing on automation_events that counts what arrives.</summary>
    sealed class NotificationCounter : IAsyncDisposable
    {
        const string Marker = "bench-marker";

        readonly NpgsqlConnection _connection;
        readonly string _connectionString;
        readonly CancellationTokenSource _stop = new();
        Task _loop = Task.CompletedTask;
        long _count;
        TaskCompletionSource _marker = new(TaskCreationOptions.RunContinuationsAsynchronously);

        NotificationCounter(string connectionString)
        {
            _connectionString = connectionString;
            _connection = new NpgsqlConnection(connectionString);
        }

        public static async Task<NotificationCounter> StartAsync(string connectionString)
        {
            var counter = new NotificationCounter(connectionString);
            await counter._connection.OpenAsync();
            counter._connection.Notification += (_, e) =>
            {
                if (e.Payload == Marker)
                {
                    counter._marker.TrySetResult();
                }
                else
                {
                    Interlocked.Increment(ref counter._count);
                }
            };
            await counter._connection.ExecuteAsync("LISTEN automation_events");
            counter._loop = Task.Run(async () =>
            {
                try
                {
                    while (true)
                    {
                        await counter._connection.WaitAsync(counter._stop.Token);
                    }
                }
                catch (OperationCanceledException)
                {
                }
            });
            return counter;
        }

        /// <summary>Waits until everything sent so far has arrived; returns how many notifications came since the last call.</summary>
        public async Task<long> SyncAsync()
        {
            _marker = new(TaskCreationOptions.RunContinuationsAsynchronously);
            await using (var sender = new NpgsqlConnection(_connectionString))
            {
                await sender.ExecuteAsync("SELECT pg_notify('automation_events', @Marker)", new { Marker });
            }

            await _marker.Task.WaitAsync(TimeSpan.FromSeconds(60));
            return Interlocked.Exchange(ref _count, 0);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            await _connection.DisposeAsync();
            _stop.Dispose();
        }
    }
}
