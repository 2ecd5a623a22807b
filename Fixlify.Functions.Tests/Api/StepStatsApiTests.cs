using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;

namespace Fixlify.Tests.Api;

/// <summary>
/// GET /api/workflows/{id}/step-stats: the counts on the builder's canvas, per step, for a period and "at it now", read
/// from indexes alone over 10,000 executions, and only for the caller's organization.
/// </summary>
public sealed class StepStatsApiTests(EngineApp app) : IClassFixture<EngineApp>
{
    async Task<Guid> WorkflowAsync() => await app.Api.CreateWorkflowAsync(new JsonObject
    {
        ["name"] = "counted",
        ["triggerType"] = "manual",
        ["isActive"] = false,
        ["steps"] = new JsonArray(new JsonObject { ["id"] = "first", ["type"] = "action", ["actionType"] = "record", ["config"] = new JsonObject { ["label"] = "x" } }),
    });

    /// <summary>
    /// 10,000 executions through "first" over ten days, a tenth of them in the last hour (by thousandths of the run: 90 %
    /// completed, 5 % failed, 3 % suppressed, 2 % still waiting); 50 three days old (10 waiting); 40,000 of other workflows.
    /// </summary>
    async Task SeedAsync(Guid workflowId, Guid otherWorkflowId)
    {
        await using var connection = await app.OpenAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO automation_execution_steps (execution_id, step_key, organization_id, workflow_id, sequence, step_id, type, status, started_at, finished_at)
            SELECT gen_random_uuid(), 'first', @organizationId, @workflowId, 1, 'first', 'action',
                   CASE WHEN (i - 1) / 10 < 900 THEN 'completed' WHEN (i - 1) / 10 < 950 THEN 'failed' WHEN (i - 1) / 10 < 980 THEN 'suppressed' ELSE 'waiting' END,
                   now() - interval '10 minutes' - make_interval(days => i % 10) - make_interval(hours => CASE WHEN i % 10 = 0 THEN 0 ELSE 2 END), now()
              FROM generate_series(1, 10000) i;
            INSERT INTO automation_execution_steps (execution_id, step_key, organization_id, workflow_id, sequence, step_id, type, status, started_at)
            SELECT gen_random_uuid(), 'first', @organizationId, @workflowId, 1, 'first', 'action', CASE WHEN i <= 40 THEN 'completed' ELSE 'waiting' END, now() - interval '3 days'
              FROM generate_series(1, 50) i;
            INSERT INTO automation_execution_steps (execution_id, step_key, organization_id, workflow_id, sequence, step_id, type, status, started_at)
            SELECT gen_random_uuid(), 'first', @organizationId, CASE WHEN i % 4 = 0 THEN @otherWorkflowId ELSE gen_random_uuid() END, 1, 'first', 'action',
                   'completed', now() - make_interval(mins => i % 43200)
              FROM generate_series(1, 40000) i;
            """,
            new { organizationId = app.OrganizationId, workflowId, otherWorkflowId });
        // As autovacuum would: the visibility map marks the pages all-visible (a transaction of the host running at that
        // moment holds the horizon back, so vacuum again until it took).
        for (var attempt = 0; attempt < 20; attempt++)
        {
            await connection.ExecuteAsync("VACUUM ANALYZE automation_execution_steps");
            if (await connection.QuerySingleAsync<bool>("SELECT relallvisible >= relpages * 0.9 FROM pg_class WHERE relname = 'automation_execution_steps'"))
            {
                return;
            }

            await Task.Delay(250);
        }
    }

    [Fact]
    public async Task Get_CountsEachStepInThePeriod_AndWhatWaitsThereNow_FromIndexesOnly()
    {
        var workflowId = await WorkflowAsync();
        await SeedAsync(workflowId, await WorkflowAsync());
        var from = DateTimeOffset.UtcNow.AddHours(-1).ToString("O");

        using var response = await app.Api.GetAsync(new Uri($"api/workflows/{workflowId}/step-stats?from={Uri.EscapeDataString(from)}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var step = (await response.Content.ReadFromJsonAsync<JsonObject>())!["steps"]!.AsArray().Single()!;
        Assert.Equal("first", (string)step["stepKey"]!);
        Assert.Equal((900, 50, 30, 0), ((int)step["completed"]!, (int)step["failed"]!, (int)step["suppressed"]!, (int)step["skipped"]!));
        Assert.Equal(210, (int)step["waitingNow"]!); // 200 of the ten days and 10 from three days ago, whatever the period

        // The plan, as the app runs it (its role, its organization's row-level security): index-only scans, no table visited.
        await using var connection = await app.OpenAsync(app.AppConnectionString);
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("SELECT set_config('fixlify.org_id', @org, true)", new { org = app.OrganizationId.ToString() }, transaction);
        var plan = string.Join("\n", await connection.QueryAsync<string>(
            $"EXPLAIN (ANALYZE, COSTS OFF) {Fixlify.Data.StepStatistics.Query}", new { workflowId, from = DateTimeOffset.UtcNow.AddHours(-1), to = DateTimeOffset.UtcNow }, transaction));
        Assert.True(plan.Contains("Index Only Scan using idx_steps_workflow_started", StringComparison.Ordinal), plan);
        Assert.True(plan.Contains("Index Only Scan using idx_steps_workflow_open", StringComparison.Ordinal), plan);
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Bitmap Heap Scan", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_AnotherOrganizationsWorkflow_IsNotFound()
    {
        var workflowId = await WorkflowAsync();
        await using var connection = await app.OpenAsync();
        var stranger = await TestData.OrganizationAsync(connection, "Stranger Heating");
        using var strangerApi = app.ClientFor(stranger);

        using var response = await strangerApi.GetAsync(new Uri($"api/workflows/{workflowId}/step-stats", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_AnEmptyPeriod_IsProblemDetailsNamingFrom()
    {
        var workflowId = await WorkflowAsync();

        using var response = await app.Api.GetAsync(new Uri($"api/workflows/{workflowId}/step-stats?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"from\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
