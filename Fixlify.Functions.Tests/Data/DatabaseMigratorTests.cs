using Dapper;
using Fixlify.Data;
using Fixlify.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fixlify.Tests.Data;

public sealed class DatabaseMigratorTests(EmptyPostgresDatabase database) : IClassFixture<EmptyPostgresDatabase>
{
    /// <summary>The original design's tables with every one of its columns.</summary>
    static readonly Dictionary<string, string[]> OriginalColumns = new()
    {
        ["automation_workflows"] =
        [
            "id", "organization_id", "name", "description", "trigger_type", "trigger_config", "nodes", "edges", "steps", "is_active",
            "execution_count", "success_count", "failure_count", "last_triggered_at", "created_by", "created_at", "updated_at",
        ],
        ["automation_execution_logs"] =
        [
            "id", "workflow_id", "organization_id", "trigger_type", "trigger_data", "status", "actions_executed", "error_message",
            "retry_count", "started_at", "completed_at", "execution_time_ms", "created_at",
        ],
        ["automation_templates"] =
        [
            "id", "name", "description", "category", "trigger_type", "nodes", "edges", "steps", "usage_count", "rating", "is_public",
            "created_by", "created_at",
        ],
        ["automation_metrics"] =
        [
            "id", "workflow_id", "period_start", "period_end", "total_executions", "successful_executions", "failed_executions",
            "average_execution_time_ms", "emails_sent", "sms_sent", "webhooks_sent", "created_at",
        ],
    };

    [Fact]
    public async Task Migrate_EmptyDatabaseThenAgain_AppliesEverythingOnceAndSecondRunChangesNothing()
    {
        var first = DatabaseMigrator.Migrate(database.OwnerConnectionString, NullLogger.Instance);
        Assert.NotEmpty(first);
        Assert.Equal(first.Order(StringComparer.Ordinal), first);

        var before = await SchemaAsync();
        var second = DatabaseMigrator.Migrate(database.OwnerConnectionString, NullLogger.Instance);
        var after = await SchemaAsync();

        Assert.Empty(second);
        Assert.Equal(before, after);

        await using var connection = await database.OpenAsync();
        foreach (var (table, columns) in OriginalColumns)
        {
            var actual = (await connection.QueryAsync<string>(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = @table", new { table })).ToHashSet();
            Assert.True(columns.All(actual.Contains), $"{table} lacks {string.Join(", ", columns.Where(c => !actual.Contains(c)))}");
        }

        var indexes = (await connection.QueryAsync<string>("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")).ToHashSet();
        Assert.Subset(indexes, new HashSet<string> { "idx_workflows_org_active", "idx_logs_workflow_status", "idx_logs_created_status", "idx_metrics_workflow_period" });
    }

    /// <summary>Tables, columns, indexes, policies, triggers and functions, as text to compare.</summary>
    async Task<string> SchemaAsync()
    {
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<string>(
            """
            SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || coalesce(column_default, '') FROM information_schema.columns WHERE table_schema = 'public'
            UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
            UNION ALL SELECT 'policy ' || tablename || ' ' || policyname || ' ' || coalesce(qual, '') FROM pg_policies
            UNION ALL SELECT 'trigger ' || event_object_table || ' ' || trigger_name || ' ' || event_manipulation FROM information_schema.triggers
            UNION ALL SELECT 'function ' || proname || ' ' || md5(prosrc) FROM pg_proc WHERE pronamespace = 'public'::regnamespace
            UNION ALL SELECT 'journal ' || count(*) FROM schemaversions
            ORDER BY 1
            """);
        return string.Join('\n', rows);
    }
}
