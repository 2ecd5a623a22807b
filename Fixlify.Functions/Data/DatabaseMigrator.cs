using Dapper;
using DbUp;
using DbUp.Engine;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fixlify.Data;

/// <summary>
/// Applies the SQL scripts embedded under Data/Migrations, each once, in name order, each in its own transaction; then
/// installs again the event capture of any captured table whose columns changed (Migrations/0010_statement_capture.sql).
/// </summary>
internal static class DatabaseMigrator
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

        RefreshCapture(connectionString, logger);
        return [.. result.Scripts.Select(s => s.Name.Replace(ScriptPrefix, "", StringComparison.Ordinal))];
    }

    /// <summary>
    /// A capture function compares the columns its table had when it was installed: after every run (a script may have
    /// added a column, in whichever order the scripts came), those whose table changed are installed again. Nothing to do
    /// before 0010 is applied, and nothing is touched when no columns changed.
    /// </summary>
    /// <exception cref="MigrationFailedException">The refresh failed.</exception>
    static void RefreshCapture(string connectionString, ILogger logger)
    {
        try
        {
            using var connection = new NpgsqlConnection(connectionString);
            if (connection.ExecuteScalar<bool>("SELECT to_regprocedure('fixlify_refresh_capture()') IS NOT NULL")
                && connection.ExecuteScalar<string[]>("SELECT fixlify_refresh_capture()") is { Length: > 0 } refreshed)
            {
                Log.CaptureRefreshed(logger, refreshed);
            }
        }
        catch (NpgsqlException e)
        {
            throw new MigrationFailedException("fixlify_refresh_capture()", e);
        }
    }
}

/// <summary>A migration script failed; the message names it.</summary>
internal sealed class MigrationFailedException(string script, Exception? inner)
    : Exception($"Migration '{script}' failed: {inner?.Message}", inner)
{
    public string Script { get; } = script;
}
