using Dapper;
using Fixlify.Tests.Fixtures;
using Fixlify.Triggers;
using Microsoft.Extensions.DependencyInjection;

namespace Fixlify.Tests.Triggers;

/// <summary>
/// A workflow's counters come from the hourly rollups (no execution writes its workflow's row): right after the
/// scheduler's next tick, including an execution that ends long after the hour it started in.
/// </summary>
public sealed class MetricsRollupTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task RollUp_CountsEveryExecutionInItsHour_EvenOneThatEndsDaysLater_AndTheWorkflowsCountersFollow()
    {
        await using var services = TriggerServices.Build(database);
        var rollup = services.GetRequiredService<MetricsRollup>();
        await using var connection = await database.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection);
        var workflow = await connection.ExecuteScalarAsync<Guid>(
            "INSERT INTO automation_workflows (organization_id, name, trigger_type) VALUES (@organization, 'counted', 'manual') RETURNING id", new { organization });
        var threeDaysAgo = DateTimeOffset.UtcNow.AddDays(-3);
        var waiting = await ExecutionAsync(connection, organization, workflow, "waiting", threeDaysAgo);
        await ExecutionAsync(connection, organization, workflow, "completed", DateTimeOffset.UtcNow.AddMinutes(-2));
        await ExecutionAsync(connection, organization, workflow, "failed", DateTimeOffset.UtcNow.AddMinutes(-1));

        await rollup.RollUpAsync(DateTimeOffset.UtcNow, TimeSpan.FromHours(2), CancellationToken.None);
        Assert.Equal((3, 1, 1), await CountsAsync(connection, workflow));

        // Three days later the waiting one completes: its hour (three days back) is rolled up again, and counted.
        await connection.ExecuteAsync("UPDATE automation_execution_logs SET status = 'completed', completed_at = now() WHERE id = @waiting", new { waiting });
        await rollup.RollUpAsync(DateTimeOffset.UtcNow, TimeSpan.FromHours(2), CancellationToken.None);

        Assert.Equal((3, 2, 1), await CountsAsync(connection, workflow));
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>(
            "SELECT successful_executions FROM automation_metrics WHERE workflow_id = @workflow AND period_start = date_trunc('hour', @threeDaysAgo)",
            new { workflow, threeDaysAgo }));
        var last = await connection.ExecuteScalarAsync<DateTime>("SELECT last_triggered_at FROM automation_workflows WHERE id = @workflow", new { workflow });
        Assert.True(last > DateTime.UtcNow.AddMinutes(-5), $"last triggered {last:O}");
    }

    [Theory]
    [InlineData("Asia/Kolkata")]
    [InlineData("Asia/Kathmandu")]
    [InlineData("Australia/Adelaide")]
    public async Task RollUp_InAZoneOffByAFractionOfAnHour_CutsTheOrganizationsOwnHours(string zone)
    {
        await using var services = TriggerServices.Build(database);
        var rollup = services.GetRequiredService<MetricsRollup>();
        await using var connection = await database.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection, "Fractional " + zone, zone);
        var workflow = await connection.ExecuteScalarAsync<Guid>(
            "INSERT INTO automation_workflows (organization_id, name, trigger_type) VALUES (@organization, 'local hours', 'manual') RETURNING id", new { organization });
        var info = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, info).DateTime).AddDays(-3);
        DateTimeOffset Local(DateOnly date, int hour, int minute)
        {
            var local = date.ToDateTime(new TimeOnly(hour, minute));
            return new DateTimeOffset(local, info.GetUtcOffset(local));
        }

        // Twenty minutes apart, in one UTC hour, but either side of local midnight.
        await ExecutionAsync(connection, organization, workflow, "completed", Local(day, 23, 50));
        await ExecutionAsync(connection, organization, workflow, "completed", Local(day.AddDays(1), 0, 10));

        await rollup.RollUpAsync(DateTimeOffset.UtcNow, TimeSpan.FromHours(2), CancellationToken.None);

        var hours = (await connection.QueryAsync<(DateTime, int)>(
            "SELECT period_start, total_executions FROM automation_metrics WHERE workflow_id = @workflow ORDER BY period_start", new { workflow }))
            .Select(h => (new DateTimeOffset(DateTime.SpecifyKind(h.Item1, DateTimeKind.Utc)), h.Item2)).ToList();
        Assert.Equal([(Local(day, 23, 0), 1), (Local(day.AddDays(1), 0, 0), 1)], hours);
    }

    static async Task<Guid> ExecutionAsync(Npgsql.NpgsqlConnection connection, Guid organization, Guid workflow, string status, DateTimeOffset createdAt) =>
        await connection.ExecuteScalarAsync<Guid>(
            """
            INSERT INTO automation_execution_logs (workflow_id, organization_id, trigger_type, trigger_data, status, created_at, started_at, completed_at, execution_time_ms)
            VALUES (@workflow, @organization, 'manual', '{}', @status, @createdAt, @createdAt,
                    CASE WHEN @status IN ('completed', 'failed') THEN @createdAt END, CASE WHEN @status IN ('completed', 'failed') THEN 100 END)
            RETURNING id
            """,
            new { workflow, organization, status, createdAt = createdAt.ToUniversalTime() });

    static Task<(int, int, int)> CountsAsync(Npgsql.NpgsqlConnection connection, Guid workflow) =>
        connection.QuerySingleAsync<(int, int, int)>(
            "SELECT execution_count, success_count, failure_count FROM automation_workflows WHERE id = @workflow", new { workflow });
}
