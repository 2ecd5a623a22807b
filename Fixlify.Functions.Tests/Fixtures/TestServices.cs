using System.Diagnostics;
using System.Reflection;
using Fixlify.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Fixlify.Tests.Fixtures;

/// <summary>
/// The real services the tests run against, started once per test run. `make test` starts them and passes
/// their addresses in FIXLIFY_TEST_PG_PORT and FIXLIFY_TEST_AZURITE; a plain `dotnet test` starts its own
/// with the same scripts and stops them when the run ends.
/// </summary>
public static class TestServices
{
    static readonly Lazy<int> Port = new(StartPostgres, LazyThreadSafetyMode.ExecutionAndPublication);
    static readonly Lazy<string> Azurite = new(StartAzurite, LazyThreadSafetyMode.ExecutionAndPublication);
    static readonly Lazy<string> Template = new(CreateTemplate, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string RepositoryRoot { get; } = typeof(TestServices).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    public static int PostgresPort => Port.Value;

    /// <summary>Storage connection string of the run's Azurite (Durable Task hubs on Azure Storage).</summary>
    public static string AzuriteConnectionString => Azurite.Value;

    /// <summary>A connection string to <paramref name="database"/> as the cluster's superuser or one of the app's roles.</summary>
    public static string ConnectionString(string database, string user = "fixlify", bool pooling = true) =>
        $"Host=127.0.0.1;Port={PostgresPort};Database={database};Username={user};Pooling={pooling};Maximum Pool Size=20;Timeout=30";

    /// <summary>A database with every migration applied, made by copying a template migrated once per run.</summary>
    public static string TemplateDatabase => Template.Value;

    static string CreateTemplate()
    {
        const string name = "fixlify_template";
        using (var admin = new NpgsqlConnection(ConnectionString("postgres", pooling: false)))
        {
            admin.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
            drop.ExecuteNonQuery();
        }

        DatabaseMigrator.Migrate(ConnectionString(name, pooling: false), NullLogger.Instance);
        return name;
    }

    static int StartPostgres()
    {
        var fromMake = Environment.GetEnvironmentVariable("FIXLIFY_TEST_PG_PORT");
        if (int.TryParse(fromMake, out var port))
        {
            return port;
        }

        var dir = Path.Combine(RepositoryRoot, ".local", "dotnet-test", "pg");
        port = int.Parse(RunScript("postgres.sh", "start", dir, "--fast"), System.Globalization.CultureInfo.InvariantCulture);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => RunScript("postgres.sh", "stop", dir);
        return port;
    }

    static string StartAzurite()
    {
        var fromMake = Environment.GetEnvironmentVariable("FIXLIFY_TEST_AZURITE");
        if (!string.IsNullOrEmpty(fromMake))
        {
            return fromMake;
        }

        var dir = Path.Combine(RepositoryRoot, ".local", "dotnet-test", "azurite");
        var connection = RunScript("azurite.sh", "start", dir, "--in-memory");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => RunScript("azurite.sh", "stop", dir);
        return connection;
    }

    /// <summary>Runs one of scripts/ and returns what it printed; throws with its errors when it fails.</summary>
    internal static string RunScript(string script, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot, "scripts", script));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return process.ExitCode == 0
            ? output.Result.Trim()
            : throw new InvalidOperationException($"scripts/{script} {string.Join(' ', args)} failed: {error.Result}");
    }
}
