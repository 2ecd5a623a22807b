using Fixlify.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Fixlify.Hosting;

/// <summary><c>migrate</c>: applies the database migrations and exits.</summary>
internal static class MigrateCommand
{
    public static int Run(string[] args)
    {
        var configuration = LocalSettings.ForCommand(args);
        var postgres = configuration.GetSection(PostgresOptions.Section).Get<PostgresOptions>() ?? new PostgresOptions();
        var problems = postgres.Problems(needMigration: true).Where(p => p.Contains(nameof(PostgresOptions.MigrationConnectionString), StringComparison.Ordinal)).ToList();
        if (problems.Count > 0)
        {
            throw new InvalidSettingsException(problems);
        }

        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
        var applied = DatabaseMigrator.Migrate(postgres.MigrationConnectionString, loggers.CreateLogger("Fixlify.Migrations"));
        Console.WriteLine(applied.Count == 0 ? "Database is up to date." : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}");
        return 0;
    }
}
