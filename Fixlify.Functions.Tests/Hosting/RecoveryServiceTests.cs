using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Hosting;

/// <summary>
/// An execution left pending (its dispatcher logged it, then died or failed before scheduling its orchestration) is
/// scheduled again and runs within a minute (issue 25: it used to wait 5 minutes).
/// </summary>
public sealed class RecoveryServiceTests(StandaloneApp app) : IClassFixture<StandaloneApp>
{
    [Fact]
    public async Task ExecutionLeftPendingWithoutItsOrchestration_RunsWithinAMinute()
    {
        Guid organization;
        await using (var connection = await app.OpenAsync())
        {
            organization = await TestData.OrganizationAsync(connection, "Pending Plumbing");
        }

        using var api = app.ClientFor(organization);
        var workflow = await api.CreateWorkflowAsync(Linear(
            "left pending", new JsonObject { ["id"] = "task", ["type"] = "action", ["actionType"] = "create_task", ["config"] = new JsonObject { ["title"] = "Call back" } }));
        var executionId = Guid.NewGuid();

        // What the dispatcher writes before it schedules the orchestration; the scheduling never happens (a crash).
        await using (var connection = await app.OpenAsync())
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO automation_execution_logs (id, workflow_id, organization_id, trigger_type, trigger_data, status, workflow_version, instance_id)
                SELECT @executionId, id, organization_id, 'manual', '{}'::jsonb, 'pending', version, @executionId::text FROM automation_workflows WHERE id = @workflow
                """,
                new { executionId, workflow });
        }

        var execution = await api.WaitForAsync(executionId, TimeSpan.FromSeconds(60));

        Assert.Equal("completed", execution.Status());
        await using var check = await app.OpenAsync();
        Assert.Equal(["Call back"], await check.QueryAsync<string>("SELECT title FROM tasks WHERE created_by_execution = @executionId", new { executionId }));
    }
}
