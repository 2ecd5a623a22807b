using Npgsql;

namespace Fixlify.Data;

/// <summary>Connection strings, one per database role (see Migrations/0001_roles.sql).</summary>
internal sealed class PostgresOptions
{
    public const string Section = "Postgres";

    /// <summary>The API's login (<c>fixlify_app</c>): sees one organization at a time under row-level security.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The scheduler's and relay's login (<c>fixlify_service</c>): may cross organizations.</summary>
    public string ServiceConnectionString { get; set; } = "";

    /// <summary>The login that applies migrations and owns the schema; used by <c>migrate</c> and standalone start-up.</summary>
    public string MigrationConnectionString { get; set; } = "";

    /// <summary>Describes every setting that is missing or unreadable, naming it as it is written in app settings.</summary>
    public IReadOnlyList<string> Problems(bool needMigration)
    {
        var problems = new List<string>();
        Check(problems, nameof(ConnectionString), ConnectionString);
        Check(problems, nameof(ServiceConnectionString), ServiceConnectionString);
        if (needMigration)
        {
            Check(problems, nameof(MigrationConnectionString), MigrationConnectionString);
        }

        return problems;
    }

    static void Check(List<string> problems, string name, string value)
    {
        var setting = $"{Section}__{name}";
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add($"Setting '{setting}' is missing: give a PostgreSQL connection string (Host=...;Database=...;Username=...).");
            return;
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(value);
            if (string.IsNullOrEmpty(builder.Host))
            {
                problems.Add($"Setting '{setting}' has no Host.");
            }
        }
        catch (ArgumentException e)
        {
            problems.Add($"Setting '{setting}' is not a valid PostgreSQL connection string: {e.Message}");
        }
    }
}
