using DbUp;
using DbUp.Engine;
using Microsoft.Extensions.Logging;

namespace Fixlify.Data;

/// <summary>Applies the SQL scripts embedded under Data/Migrations, each once, in name order, each in its own transaction.</summary>
public static class DatabaseMigrator
{
    const string ScriptPrefix = "Fixlify.Data.Migrations.";

    /// <param name="include">Which scripts this run may apply, by file name (e.g. <c>0009_template_catalog.sql</c>), to build
    /// the schema of an older or another branch's release for an upgrade test; null applies every script.</param>
    /// <returns>The names of the scripts applied by this run (empty when the database was up to date).</returns>
    /// <exception cref="MigrationFailedException">A script failed; nothing after it ran.</exception>
    public static IReadOnlyList<string> Migrate(string connectionString, ILogger logger, bool createDatabase = true, Func<string, bool>? include = null)
    {
        if (createDatabase)
        {
            EnsureDatabase.For.PostgresqlDatabase(connectionString, new DbUp.Engine.Output.MicrosoftUpgradeLog(logger));
        }

        var upgrader = DeployChanges.To
            .PostgresqlDatabase(connectionString)
            .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrator).Assembly, name => name.StartsWith(ScriptPrefix, StringComparison.Ordinal)
                && (include is null || include(name[ScriptPrefix.Length..])))
            .WithTransactionPerScript()
            .WithVariablesDisabled()
            .LogTo(logger)
            .Build();

        DatabaseUpgradeResult result = upgrader.PerformUpgrade();
        if (!result.Successful)
        {
            var script = result.ErrorScript?.Name.Replace(ScriptPrefix, "", StringComparison.Ordinal) ?? "(before any script)";
            throw new MigrationFailedException(script, result.Error);
        }

        return [.. result.Scripts.Select(s => s.Name.Replace(ScriptPrefix, "", StringComparison.Ordinal))];
    }
}

/// <summary>A migration script failed; the message names it.</summary>
public sealed class MigrationFailedException(string script, Exception? inner)
    : Exception($"Migration '{script}' failed: {inner?.Message}", inner)
{
    public string Script { get; } = script;
}
