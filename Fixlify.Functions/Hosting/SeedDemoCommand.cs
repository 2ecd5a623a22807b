using Fixlify.Data;
using Microsoft.Extensions.Configuration;

namespace Fixlify.Hosting;

/// <summary><c>seed-demo</c>: writes the demo organization (idempotent) and prints its id.</summary>
internal static class SeedDemoCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var configuration = LocalSettings.ForCommand(args);
        var postgres = configuration.GetSection(PostgresOptions.Section).Get<PostgresOptions>() ?? new PostgresOptions();
        var problems = postgres.Problems(needMigration: true);
        if (problems.Count > 0)
        {
            throw new InvalidSettingsException(problems);
        }

        await DemoOrganization.SeedAsync(postgres.MigrationConnectionString, CancellationToken.None);
        Console.WriteLine(DemoOrganization.Id);
        return 0;
    }
}
