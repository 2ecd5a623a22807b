using System.Net;
using System.Text.Json.Nodes;
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
        var ids = updates.Select(u => long.Parse(u.Id!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
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

        Assert.Equal(first.Skip(2).Select(e => e.Id), replayed.Select(e => e.Id));
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
