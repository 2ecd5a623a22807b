using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Tests.Fixtures;
using Fixlify.Workflows;
using Microsoft.Extensions.DependencyInjection;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Engine;

/// <summary>Plans compiled once, when a version is saved, and read back from PostgreSQL (jsonb reorders keys) by a fresh process.</summary>
public sealed class WorkflowPlansTests(EngineApp app) : IClassFixture<EngineApp>
{
    [Fact]
    public async Task SavedVersion_PlanReadBackByAnotherProcess_IsTheSamePlan()
    {
        var workflowId = await app.Api.CreateWorkflowAsync(Linear("stored",
            Record("a", "{{ organization.name }}"),
            new JsonObject { ["id"] = "c", ["type"] = "condition", ["config"] = new JsonObject { ["all"] = new JsonArray(new JsonObject { ["field"] = "trigger.data.n", ["op"] = "gt", ["value"] = 1 }) },
                ["then"] = new JsonArray(Record("big", "big")) },
            new JsonObject { ["id"] = "each", ["type"] = "loop", ["config"] = new JsonObject { ["times"] = 2 }, ["body"] = new JsonArray(Record("b", "{{ loop.number }}")) },
            new JsonObject { ["id"] = "pause", ["type"] = "delay", ["config"] = new JsonObject { ["duration"] = "PT1M" } }));
        var tenants = app.Services.GetRequiredService<TenantDatabase>();
        await using var transaction = await tenants.BeginAsync(app.OrganizationId, CancellationToken.None);
        var workflow = (await WorkflowRepository.GetAsync(transaction, workflowId, CancellationToken.None))!;

        // A new process: nothing in memory, the plan comes from the version's row.
        var fresh = new WorkflowPlans(app.Services.GetRequiredService<WorkflowCompiler>());
        var stored = await fresh.ForVersionAsync(transaction, workflowId, 1, CancellationToken.None);

        Assert.NotNull(stored);
        Assert.True(
            JsonNode.DeepEquals(WorkflowPlanJson.ToJson(fresh.Compile(workflow)), WorkflowPlanJson.ToJson(stored)),
            $"{WorkflowPlanJson.ToJson(fresh.Compile(workflow))}\n{WorkflowPlanJson.ToJson(stored)}");
    }

    [Fact]
    public async Task VersionStoredInAnOlderPlanFormat_IsCompiledAgainFromItsDefinition_AndStoredInTheNewOne()
    {
        var workflowId = await app.Api.CreateWorkflowAsync(Linear("old format", Record("a", "a")));
        await using (var connection = await app.OpenAsync())
        {
            await connection.ExecuteAsync(
                "UPDATE automation_workflow_versions SET plan = '{\"steps\": {\"a\": {\"id\": \"a\"}}}', plan_format = 1 WHERE workflow_id = @workflowId", new { workflowId });
        }

        var tenants = app.Services.GetRequiredService<TenantDatabase>();
        await using var transaction = await tenants.BeginAsync(app.OrganizationId, CancellationToken.None);
        var plan = await new WorkflowPlans(app.Services.GetRequiredService<WorkflowCompiler>()).ForVersionAsync(transaction, workflowId, 1, CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);

        Assert.Equal("record", Assert.IsType<ActionStep>(plan!["a"]).ActionType);
        await using var check = await app.OpenAsync();
        Assert.Equal(WorkflowPlan.Format, await check.ExecuteScalarAsync<int>("SELECT plan_format FROM automation_workflow_versions WHERE workflow_id = @workflowId", new { workflowId }));
    }
}
