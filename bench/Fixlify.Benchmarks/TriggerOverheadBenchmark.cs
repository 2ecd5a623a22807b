using System.Data;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Dapper;
using Fixlify.Data;
using Fixlify.Triggers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fixlify.Benchmarks;

/// <summary>
/// What the event-capture triggers cost, with them on and off in alternating rounds of the same run (medians of
/// <see cref="Rounds"/>): write throughput on jobs (half INSERTs, half status UPDATEs, 4 client connections, each
/// write its own transaction as the API does it), first alone and then with the outbox relay running, and the time of
/// one 2,000-row status UPDATE (the 8:00 wave). A listener on <c>automation_events</c> counts the notifications each
/// statement sends. "On" is whatever capture triggers the migrations installed on jobs (every trigger named
/// <c>capture…</c>); measured beside it in the same rounds: the row triggers of Migrations/0004 (before statement
/// capture), the installed capture notifying on every statement (no idle-relay protocol), without any NOTIFY,
/// statement triggers that only copy the new rows into the outbox, and (when the installed capture copies the whole old
/// row, Migrations/0032) the same capture copying only the old values of the changed columns.
/// </summary>
public static partial class TriggerOverheadBenchmark
{
    const int Clients = 4;
    const int Rounds = 11;
    const int BulkRows = 2_000;
    const double SingleRowTarget = 0.88;
    const double RelayedTarget = 0.85;
    const double BulkTarget = 1.55;
    static readonly TimeSpan RoundLength = TimeSpan.FromSeconds(3);
    static readonly TimeSpan BusyPollInterval = TimeSpan.FromMilliseconds(20);
    static readonly string[] Cycle = ["scheduled", "in_progress", "completed", "scheduled"];

    /// <summary>The floor: statement triggers that only copy the new rows into the outbox (no diff, no NOTIFY).</summary>
    const string CopyOnly = """
        CREATE FUNCTION bench_copy_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO automation_events (organization_id, event_type, entity_type, entity_id, payload)
            SELECT n.organization_id, 'job_written', 'job', n.id, jsonb_build_object('new', n) FROM new_rows n;
            RETURN NULL;
        END $$;
        CREATE TRIGGER bench_copy_inserts AFTER INSERT ON jobs REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bench_copy_only();
        CREATE TRIGGER bench_copy_updates AFTER UPDATE ON jobs REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bench_copy_only();
        """;

    /// <summary>Before statement capture: 0004's row trigger function, on jobs only, under a bench name.</summary>
    const string RowTriggerName = "bench_row_capture";

    enum Variant { On, Off, NotifyEveryStatement, RowTriggers, WithoutNotify, CopyOnly, ChangedColumnsOnly }

    static string Label(Variant variant) => variant switch
    {
        Variant.On => "on",
        Variant.Off => "off",
        Variant.NotifyEveryStatement => "NOTIFY every statement",
        Variant.RowTriggers => "row triggers (0004)",
        Variant.WithoutNotify => "without NOTIFY",
        Variant.ChangedColumnsOnly => "old changed columns only",
        _ => "copy only",
    };

    public static async Task RunAsync(BenchEnvironment environment)
    {
        var database = await environment.FreshDatabaseAsync("bench_triggers");
        var owner = environment.ConnectionString(database);
        var app = environment.ConnectionString(database, "fixlify_app");
        await using var service = new ServiceDatabase(Options.Create(new PostgresOptions { ServiceConnectionString = environment.ConnectionString(database, "fixlify_service") }));
        var relayListener = new PostgresListener(service, Options.Create(new PostgresListenerOptions()), NullLogger<PostgresListener>.Instance);

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

        // Rounds of single-row writes: each variant in turn from an empty outbox, the order rotated per round; the
        // notifications counted per variant.
        async Task<(RoundFigures Figures, Dictionary<Variant, (long Writes, long Notifications)> Sent)> SingleRowRoundsAsync(
            Variant[] variants, Func<Variant, Task<(double Rate, long Writes)>> measure)
        {
            var figures = new RoundFigures(variants);
            var sent = variants.ToDictionary(v => v, _ => (Writes: 0L, Notifications: 0L));
            for (var round = 1; round <= Rounds; round++)
            {
                foreach (var variant in figures.Order(round))
                {
                    await EmptyOutboxAsync(owner);
                    await capture.ApplyAsync(owner, variant);
                    var measured = await measure(variant);
                    figures.Add(variant, measured.Rate);
                    var received = await listener.SyncAsync();
                    sent[variant] = (sent[variant].Writes + measured.Writes, sent[variant].Notifications + received);
                }

                Console.WriteLine($"   round {round}: on {figures.Last(Variant.On),6:0} writes/s   off {figures.Last(Variant.Off),6:0} writes/s   ratios: {figures.LastRatios()}");
            }

            await capture.ApplyAsync(owner, Variant.On);
            return (figures, sent);
        }

        static string PerStatement(Dictionary<Variant, (long Writes, long Notifications)> sent, params Variant[] variants) =>
            string.Join(", ", variants.Select(v => $"{Label(v)} {(double)sent[v].Notifications / sent[v].Writes:0.000} ({sent[v].Notifications} for {sent[v].Writes} writes)"));

        // 1. Single-row writes, no relay connected.
        Console.WriteLine($"   single-row writes, no relay connected: {Clients} connections, 50% INSERT / 50% status UPDATE, one transaction per write, {RoundLength.TotalSeconds:0} s per variant, order rotated per round");
        await MeasureAsync(app, organization, jobs, TimeSpan.FromSeconds(2)); // warm-up
        await listener.SyncAsync();
        var (alone, aloneSent) = await SingleRowRoundsAsync(
            [Variant.On, Variant.Off, Variant.NotifyEveryStatement, Variant.RowTriggers, Variant.WithoutNotify, Variant.CopyOnly, .. capture.ChangedColumnsVariant],
            _ => MeasureAsync(app, organization, jobs, RoundLength));
        var ratio = alone.Ratio(Variant.On);
        Console.WriteLine($"   single-row median: on {alone.Median(Variant.On):0} writes/s, off {alone.Median(Variant.Off):0} writes/s → ratio {ratio:0.000} (target ≥ {SingleRowTarget:0.00}): {(ratio >= SingleRowTarget ? "met" : "NOT met")}");
        Console.WriteLine($"   median ratios (median of the rounds' ratios): {alone.Ratios()}");
        Console.WriteLine($"   notifications per statement (no relay): {PerStatement(aloneSent, Variant.On, Variant.NotifyEveryStatement, Variant.RowTriggers)}");

        // 2. The same writes with the outbox relay running (to a sender that does nothing), as in production: woken by
        // notifications; and, for the bound of sending no NOTIFY at all, the capture without NOTIFY and the relay polling
        // every BusyPollInterval instead.
        Console.WriteLine($"   single-row writes with the relay running (no-op sender): off (relay idle), {Label(Variant.WithoutNotify)} (relay polling every {BusyPollInterval.TotalMilliseconds:0} ms), the others woken by NOTIFY");
        var (relayed, relayedSent) = await SingleRowRoundsAsync(
            [Variant.On, Variant.Off, Variant.NotifyEveryStatement, Variant.RowTriggers, Variant.WithoutNotify],
            async variant =>
            {
                var poll = variant == Variant.WithoutNotify ? BusyPollInterval : TimeSpan.FromSeconds(30);
                using var relay = new OutboxRelay(service, relayListener, new NoOpEventPublisher(), Options.Create(new RelayOptions { PollInterval = poll }), NullLogger<OutboxRelay>.Instance);
                await relay.StartAsync(CancellationToken.None);
                var measured = await MeasureAsync(app, organization, jobs, RoundLength);
                await relay.StopAsync(CancellationToken.None);
                return measured;
            });
        var relayedRatio = relayed.Ratio(Variant.On);
        Console.WriteLine($"   with the relay, median: on {relayed.Median(Variant.On):0} writes/s, off {relayed.Median(Variant.Off):0} writes/s → ratio {relayedRatio:0.000} (target ≥ {RelayedTarget:0.00}): {(relayedRatio >= RelayedTarget ? "met" : "NOT met")}");
        Console.WriteLine($"   median ratios (median of the rounds' ratios): {relayed.Ratios()}");
        Console.WriteLine($"   notifications per statement (relay running): {PerStatement(relayedSent, Variant.On, Variant.NotifyEveryStatement, Variant.RowTriggers)}");

        // 3. One 2,000-row status UPDATE, each in its own transaction, from a vacuumed table and an empty outbox, with an
        // idle relay (woken by the UPDATE's notification once it commits).
        Console.WriteLine($"   {BulkRows:N0}-row status UPDATE (scheduled ↔ in_progress), one statement, one transaction, relay idle, order rotated per round");
        using var idleRelay = new OutboxRelay(service, relayListener, new NoOpEventPublisher(), Options.Create(new RelayOptions()), NullLogger<OutboxRelay>.Instance);
        await idleRelay.StartAsync(CancellationToken.None);
        var bulk = new RoundFigures([Variant.On, Variant.Off, Variant.RowTriggers, Variant.CopyOnly, .. capture.ChangedColumnsVariant]);
        var bulkNotifications = new Dictionary<Variant, long> { [Variant.On] = 0, [Variant.RowTriggers] = 0 };
        await BulkUpdateAsync(owner, app, bulkOrganization); // warm-up
        await listener.SyncAsync();
        for (var round = 1; round <= Rounds; round++)
        {
            foreach (var variant in bulk.Order(round))
            {
                await capture.ApplyAsync(owner, variant);
                bulk.Add(variant, await BulkUpdateAsync(owner, app, bulkOrganization));
                var notifications = await listener.SyncAsync();
                if (bulkNotifications.ContainsKey(variant))
                {
                    bulkNotifications[variant] += notifications;
                }
            }

            Console.WriteLine($"   round {round}: on {bulk.Last(Variant.On),7:0.0} ms   off {bulk.Last(Variant.Off),7:0.0} ms   time ratios: {bulk.LastRatios()}");
        }

        await capture.ApplyAsync(owner, Variant.On);
        var bulkRatio = bulk.Ratio(Variant.On);
        Console.WriteLine($"   {BulkRows:N0}-row median: on {bulk.Median(Variant.On):0.0} ms, off {bulk.Median(Variant.Off):0.0} ms → time ratio {bulkRatio:0.00} (target ≤ {BulkTarget:0.00}): {(bulkRatio <= BulkTarget ? "met" : "NOT met")}");
        Console.WriteLine($"   median time ratios (median of the rounds' ratios): {bulk.Ratios()}");
        Console.WriteLine($"   notifications per statement ({BulkRows:N0}-row UPDATE, relay idle): on {(double)bulkNotifications[Variant.On] / Rounds:0.0}, {Label(Variant.RowTriggers)} {(double)bulkNotifications[Variant.RowTriggers] / Rounds:0.0}");
        await idleRelay.StopAsync(CancellationToken.None);
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
        await EmptyOutboxAsync(owner);
        await using (var connection = new NpgsqlConnection(owner))
        {
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

    /// <summary>Every measurement starts from an empty outbox, as a relay that keeps up leaves it.</summary>
    static async Task EmptyOutboxAsync(string owner)
    {
        await using var connection = new NpgsqlConnection(owner);
        // The changes first, as the relay turning them into events locks them (a TRUNCATE of the events first deadlocks with it).
        await connection.ExecuteAsync(
            "DO $$ BEGIN IF to_regclass('automation_changes') IS NOT NULL THEN TRUNCATE automation_changes, automation_events; ELSE TRUNCATE automation_events; END IF; END $$");
    }

    [GeneratedRegex(@"PERFORM\s+pg_notify\([^;]*\);")]
    private static partial Regex NotifyStatement();

    [GeneratedRegex(@"CREATE FUNCTION fixlify_capture_event\(\).*?END \$\$;", RegexOptions.Singleline)]
    private static partial Regex RowCaptureFunction();

    /// <summary>The figures of each variant, round by round, and their order in each round (rotated, so none always goes first).</summary>
    sealed class RoundFigures(Variant[] variants)
    {
        readonly Dictionary<Variant, List<double>> _values = variants.ToDictionary(v => v, _ => new List<double>());

        public IEnumerable<Variant> Order(int round) => variants.Select((v, i) => (v, i)).OrderBy(p => (p.i + round) % variants.Length).Select(p => p.v);

        public void Add(Variant variant, double value) => _values[variant].Add(value);

        public double Last(Variant variant) => _values[variant][^1];

        public double LastRatio(Variant variant) => Last(variant) / Last(Variant.Off);

        public double Median(Variant variant)
        {
            var sorted = _values[variant].Order().ToList();
            return sorted[sorted.Count / 2];
        }

        public double Ratio(Variant variant) => Median(variant) / Median(Variant.Off);

        /// <summary>The median of the rounds' own ratios: each pairs figures measured seconds apart, so it drifts less with the machine's load.</summary>
        public double RoundRatio(Variant variant)
        {
            var ratios = _values[variant].Zip(_values[Variant.Off], (v, off) => v / off).Order().ToList();
            return ratios[ratios.Count / 2];
        }

        /// <summary>Each variant but off ÷ off, in this round.</summary>
        public string LastRatios() => string.Join("   ", variants.Where(v => v != Variant.Off).Select(v => $"{Label(v)} {LastRatio(v):0.000}"));

        /// <summary>Each variant's median ÷ off's median, and the median of its rounds' ratios.</summary>
        public string Ratios() => string.Join(", ", variants.Where(v => v != Variant.Off).Select(v => $"{Label(v)} {Ratio(v):0.000} ({RoundRatio(v):0.000})"));
    }

    /// <summary>
    /// The capture triggers on jobs and their functions' definitions (with the function they announce their events
    /// through), 0004's row trigger function, and how to switch between the variants measured.
    /// </summary>
    sealed record Capture(string[] Triggers, string[] Functions, string RowTrigger, string OldChangedColumns)
    {
        const string WakeupNeeded = "fixlify_relay_wakeup_needed()";

        /// <summary>The copy of the whole old row (Migrations/0032), which the changed-columns variant replaces.</summary>
        const string OldRow = "to_jsonb(o)";

        /// <summary>The variant copying only the old values of the changed columns, when the installed capture copies the whole old row.</summary>
        public Variant[] ChangedColumnsVariant => Functions.Any(f => f.Contains(OldRow, StringComparison.Ordinal)) ? [Variant.ChangedColumnsOnly] : [];

        public static async Task<Capture> ReadAsync(NpgsqlConnection connection)
        {
            var rows = (await connection.QueryAsync<(string Trigger, string Function)>(
                """
                SELECT t.tgname, pg_get_functiondef(t.tgfoid)
                  FROM pg_trigger t WHERE t.tgrelid = 'jobs'::regclass AND t.tgname LIKE 'capture%' ORDER BY t.tgname
                """)).ToList();
            var functions = rows.Select(r => r.Function).Distinct().ToList();
            if (await connection.ExecuteScalarAsync<string?>("SELECT pg_get_functiondef(to_regprocedure('fixlify_announce_events(bigint, text)'))") is { } announce
                && functions.Any(f => f.Contains("fixlify_announce_events", StringComparison.Ordinal)))
            {
                functions.Add(announce);
            }

            // {column: old value} of the changed columns only, each compared with its own type (0010's expression).
            var oldChangedColumns = await connection.ExecuteScalarAsync<string>(
                """
                SELECT string_agg(format('CASE WHEN n.%1$I IS DISTINCT FROM o.%1$I THEN jsonb_build_object(%1$L, o.%1$I) ELSE ''{}'' END', a.attname), ' || ' ORDER BY a.attname::text)
                  FROM pg_attribute a WHERE a.attrelid = 'jobs'::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attname <> 'updated_at'
                """) ?? "";
            return rows.Count == 0 || !functions.Any(f => NotifyStatement().IsMatch(f) && f.Contains(WakeupNeeded, StringComparison.Ordinal))
                ? throw new InvalidOperationException("no capture trigger on jobs, or none that notifies while a relay waits idle")
                : new([.. rows.Select(r => r.Trigger)], [.. functions], ReadRowTrigger(), $"({oldChangedColumns})");
        }

        static string ReadRowTrigger()
        {
            using var stream = typeof(DatabaseMigrator).Assembly.GetManifestResourceStream("Fixlify.Data.Migrations.0004_event_capture.sql")
                ?? throw new InvalidOperationException("0004_event_capture.sql is not embedded");
            using var reader = new StreamReader(stream);
            var function = RowCaptureFunction().Match(reader.ReadToEnd());
            return function.Success
                ? function.Value.Replace("fixlify_capture_event", RowTriggerName, StringComparison.Ordinal)
                : throw new InvalidOperationException("0004_event_capture.sql has no fixlify_capture_event()");
        }

        public async Task ApplyAsync(string owner, Variant variant)
        {
            await using var connection = new NpgsqlConnection(owner);
            await connection.OpenAsync();
            await connection.ExecuteAsync(
                $"""
                DROP TRIGGER IF EXISTS bench_copy_inserts ON jobs; DROP TRIGGER IF EXISTS bench_copy_updates ON jobs; DROP FUNCTION IF EXISTS bench_copy_only();
                DROP TRIGGER IF EXISTS {RowTriggerName} ON jobs; DROP FUNCTION IF EXISTS {RowTriggerName}();
                """);
            foreach (var function in Functions)
            {
                await connection.ExecuteAsync(variant switch
                {
                    Variant.WithoutNotify => NotifyStatement().Replace(function.Replace(WakeupNeeded, "false", StringComparison.Ordinal), "NULL;"),
                    Variant.NotifyEveryStatement => function.Replace(WakeupNeeded, "true", StringComparison.Ordinal),
                    Variant.ChangedColumnsOnly => function.Replace(OldRow, OldChangedColumns, StringComparison.Ordinal),
                    _ => function,
                });
            }

            foreach (var trigger in Triggers)
            {
                var enabled = variant is Variant.On or Variant.WithoutNotify or Variant.NotifyEveryStatement or Variant.ChangedColumnsOnly;
                await connection.ExecuteAsync($"ALTER TABLE jobs {(enabled ? "ENABLE" : "DISABLE")} TRIGGER {trigger}");
            }

            if (variant == Variant.CopyOnly)
            {
                await connection.ExecuteAsync(CopyOnly);
            }
            else if (variant == Variant.RowTriggers)
            {
                await connection.ExecuteAsync(RowTrigger);
                await connection.ExecuteAsync($"CREATE TRIGGER {RowTriggerName} AFTER INSERT OR UPDATE ON jobs FOR EACH ROW EXECUTE FUNCTION {RowTriggerName}('job')");
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
