using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Tests.Fixtures;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Engine;

/// <summary>The same event dispatched twice (two ticks, two instances, a retry) runs its workflow once.</summary>
public sealed class ExecutionStarterTests(EngineApp app) : IClassFixture<EngineApp>
{
    [Fact]
    public async Task SameEventDispatchedTwice_StartsOneExecution()
    {
        var workflowId = await app.Api.CreateWorkflowAsync(Linear("once", Record("a", "side effect")));
        var starter = app.Services.GetRequiredService<ExecutionStarter>();
        var client = app.Services.GetRequiredService<DurableTaskClient>();
        var tenants = app.Services.GetRequiredService<TenantDatabase>();
        WorkflowRecord workflow;
        await using (var transaction = await tenants.BeginAsync(app.OrganizationId, CancellationToken.None))
        {
            workflow = (await WorkflowRepository.GetAsync(transaction, workflowId, CancellationToken.None))!;
        }

        var eventId = Guid.NewGuid();
        var request = new ExecutionStarter.StartRequest(app.OrganizationId, workflow, "manual", new JsonObject { ["eventId"] = eventId.ToString() }, eventId, 0);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => starter.StartAsync(client, request, CancellationToken.None)));

        Assert.Single(results.Select(r => r.ExecutionId).Distinct());
        Assert.Single(results, r => r.Created);
        var executionId = results[0].ExecutionId;
        Assert.Equal(ExecutionStarter.ExecutionIdFor(eventId, workflowId), executionId);
        await app.Api.WaitForAsync(executionId);

        // Started again after it finished (a late duplicate): still nothing new.
        var late = await starter.StartAsync(client, request, CancellationToken.None);
        Assert.False(late.Created);
        await ExecutionStarter.ScheduleAsync(client, executionId, app.OrganizationId, CancellationToken.None);
        await Task.Delay(1000);

        Assert.Single(await app.CallsAsync(executionId));
        await app.RollUpAsync();
        await using var connection = await app.OpenAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM automation_execution_logs WHERE event_id = @eventId", new { eventId }));
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT execution_count FROM automation_workflows WHERE id = @workflowId", new { workflowId }));
    }
}
