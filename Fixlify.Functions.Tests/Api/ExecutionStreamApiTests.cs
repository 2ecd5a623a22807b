using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Api;

/// <summary>The live stream: the caller's organization's updates, in order, with heartbeats and resume.</summary>
public sealed class ExecutionStreamApiTests(ExecutionStreamApiTests.StreamApp app) : IClassFixture<ExecutionStreamApiTests.StreamApp>
{
    public sealed class StreamApp : EngineApp
    {
        protected override IEnumerable<string> Arguments() => base.Arguments().Append("--Api:StreamHeartbeat=00:00:01");
    }

    [Fact]
    public async Task Stream_DeliversOwnOrganizationsUpdatesInOrder_AndNoneOfAnothers()
    {
        await using var connection = await app.OpenAsync();
        using var other = app.ClientFor(await TestData.OrganizationAsync(connection, "Other Plumbing"));
        var mine = await app.Api.CreateWorkflowAsync(Linear("mine", Record("a", "1"), Record("b", "2")));
        var theirs = await other.CreateWorkflowAsync(Linear("theirs", Record("a", "1")));
        await using var stream = await EventStreamReader.OpenAsync(app.Api, "api/executions/stream");
        Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);
        await stream.NextAsync("ready");

        var theirExecution = await other.RunAsync(theirs);
        var myExecution = await app.Api.RunAsync(mine);
        await other.WaitForAsync(theirExecution);
        await app.Api.WaitForAsync(myExecution);
        var updates = await stream.DrainAsync("execution", TimeSpan.FromSeconds(3));

        Assert.All(updates, u => Assert.Equal(myExecution.ToString(), u.Json.GetProperty("executionId").GetString()));
        Assert.Equal(
            ["processing/", "processing/a", "processing/b", "completed/"],
            updates.Select(u => $"{u.Json.GetProperty("status").GetString()}/{u.Json.GetProperty("stepKey").GetString()}"));
        var ids = updates.Select(u => u.Json.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(ids.Order(), ids);
    }

    [Fact]
    public async Task Stream_ResumesAfterLastEventId()
    {
        var workflow = await app.Api.CreateWorkflowAsync(Linear("resumed", Record("a", "1"), Record("b", "2")));
        List<EventStreamReader.ServerEvent> first;
        await using (var stream = await EventStreamReader.OpenAsync(app.Api, "api/executions/stream"))
        {
            await stream.NextAsync("ready");
            await app.Api.WaitForAsync(await app.Api.RunAsync(workflow));
            first = await stream.DrainAsync("execution", TimeSpan.FromSeconds(2));
        }

        Assert.Equal(4, first.Count);
        await using var resumed = await EventStreamReader.OpenAsync(app.Api, "api/executions/stream", lastEventId: first[1].Id);
        var replayed = await resumed.DrainAsync("execution", TimeSpan.FromSeconds(2));

        Assert.Equal(first.Skip(2).Select(e => e.Json.GetProperty("id").GetInt64()), replayed.Select(e => e.Json.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task Stream_ReaderThatKeepsReconnecting_WhileManyExecutionsRun_GetsEveryUpdateOnce()
    {
        await using var connection = await app.OpenAsync();
        using var api = app.ClientFor(await TestData.OrganizationAsync(connection, "Reconnecting Plumbing"));
        var workflow = await api.CreateWorkflowAsync(Linear("busy", Record("a", "1"), Record("b", "2"), Record("c", "3")));
        string? lastEventId;
        await using (var first = await EventStreamReader.OpenAsync(api, "api/executions/stream"))
        {
            lastEventId = (await first.NextAsync("ready")).Id;
        }

        var received = new List<long>();
        var running = Task.WhenAll(Enumerable.Range(0, 24).Select(async _ => await api.WaitForAsync(await api.RunAsync(workflow))));
        var quietReads = 0;
        while (!running.IsCompleted || quietReads < 3)
        {
            await using var stream = await EventStreamReader.OpenAsync(api, "api/executions/stream", lastEventId);
            var events = await stream.TakeAsync(4, TimeSpan.FromMilliseconds(400));
            received.AddRange(events.Where(e => e.Type == "execution").Select(e => e.Json.GetProperty("id").GetInt64()));
            lastEventId = events.LastOrDefault(e => e.Id is not null)?.Id ?? lastEventId;
            quietReads = running.IsCompleted && !events.Any(e => e.Type == "execution") ? quietReads + 1 : 0;
        }

        await running;
        var written = (await connection.QueryAsync<long>(
            "SELECT u.id FROM automation_execution_updates u JOIN automation_execution_logs l ON l.id = u.execution_id WHERE l.workflow_id = @workflow ORDER BY u.id",
            new { workflow })).ToList();
        Assert.Equal(24 * 5, written.Count);
        Assert.Equal(written, received.Order());
    }

    [Fact]
    public async Task Stream_UpdateHeldInATransactionOpenAcrossAReconnect_ArrivesAfterItsCommit()
    {
        await using var connection = await app.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection, "Slow Commit Plumbing");
        using var api = app.ClientFor(organization);
        const string Insert = "INSERT INTO automation_execution_updates (organization_id, execution_id, status) VALUES (@organization, @execution, 'processing') RETURNING id";
        await using var first = await EventStreamReader.OpenAsync(api, "api/executions/stream");
        await first.NextAsync("ready");
        await using var slow = await app.OpenAsync();
        await using var held = await slow.BeginTransactionAsync();
        var heldExecution = Guid.NewGuid();
        var heldId = await slow.ExecuteScalarAsync<long>(Insert, new { organization, execution = heldExecution }, held);
        var quickId = await connection.ExecuteScalarAsync<long>(Insert, new { organization, execution = Guid.NewGuid() });
        Assert.True(heldId < quickId);

        var quick = await first.NextAsync("execution", TimeSpan.FromSeconds(10));
        await first.DisposeAsync();
        await using var resumed = await EventStreamReader.OpenAsync(api, "api/executions/stream", quick.Id);
        await resumed.NextAsync("ready");
        Assert.Empty(await resumed.DrainAsync("execution", TimeSpan.FromSeconds(2)));
        await held.CommitAsync();
        var late = await resumed.DrainAsync("execution", TimeSpan.FromSeconds(3));

        Assert.Equal(quickId, quick.Json.GetProperty("id").GetInt64());
        Assert.Equal([heldExecution.ToString()], late.Select(e => e.Json.GetProperty("executionId").GetString()));
    }

    [Fact]
    public async Task Stream_SendsHeartbeatsWhileNothingHappens()
    {
        await using var stream = await EventStreamReader.OpenAsync(app.Api, "api/executions/stream");

        await stream.NextAsync("heartbeat", TimeSpan.FromSeconds(10));
        await stream.NextAsync("heartbeat", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Stream_BadLastEventId_Is400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/executions/stream");
        request.Headers.Add("Last-Event-ID", "yesterday");

        using var response = await app.Api.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
