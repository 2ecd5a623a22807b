using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Api;

/// <summary>A draft saved without going live, the executions in flight counted by step, and publishing with a choice for them (issue 26).</summary>
public sealed class WorkflowDraftsApiTests(EngineApp app) : IClassFixture<EngineApp>
{
    [Fact]
    public async Task SaveDraft_LeavesTheLiveVersionRunning_AndNewRunsTakeTheLiveVersion()
    {
        var id = await app.Api.CreateWorkflowAsync(Linear("Draft me", Record("a", "live")));

        using var saved = await app.Api.PutAsJsonAsync(new Uri($"api/workflows/{id}/draft", UriKind.Relative), Linear("Draft me", Record("a", "draft")));
        var run = await app.Api.RunAsync(id);
        var execution = await app.Api.WaitForAsync(run);

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var draft = await app.Api.GetFromJsonAsync<JsonElement>(new Uri($"api/workflows/{id}/draft", UriKind.Relative));
        Assert.Equal((1, "draft"), (draft.GetProperty("basedOn").GetInt32(), draft.GetProperty("steps")[0].GetProperty("config").GetProperty("label").GetString()));
        var workflow = await app.Api.GetFromJsonAsync<JsonElement>(new Uri($"api/workflows/{id}", UriKind.Relative));
        Assert.Equal(1, workflow.GetProperty("version").GetInt32());
        Assert.Equal(1, execution.GetProperty("workflowVersion").GetInt32());
        Assert.Equal(["live"], (await app.CallsAsync(run)).Select(c => c.Label));
    }

    [Fact]
    public async Task SaveDraft_Invalid_Is400WithEveryProblem_AndNoDraftIsKept()
    {
        var id = await app.Api.CreateWorkflowAsync(Linear("Bad draft", Record("a", "x")));
        var broken = Linear("Bad draft", new JsonObject { ["id"] = "w", ["type"] = "delay", ["config"] = new JsonObject { ["duration"] = "soon" } });

        using var refused = await app.Api.PutAsJsonAsync(new Uri($"api/workflows/{id}/draft", UriKind.Relative), broken);
        using var none = await app.Api.GetAsync(new Uri($"api/workflows/{id}/draft", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, none.StatusCode);
    }

    [Fact]
    public async Task InFlight_CountsTheRunningExecutionsByStep_AndSaysWhetherTheDraftKeepsTheStep()
    {
        var id = await app.Api.CreateWorkflowAsync(Linear("Counted", Record("a", "x"), Steps.Delay("wait", "PT1H"), Record("b", "y")));
        var first = await app.Api.RunAsync(id);
        var second = await app.Api.RunAsync(id);
        await app.Api.WaitForAsync(first, statuses: "waiting");
        await app.Api.WaitForAsync(second, statuses: "waiting");
        (await app.Api.PutAsJsonAsync(new Uri($"api/workflows/{id}/draft", UriKind.Relative), Linear("Counted", Record("a", "x"), Steps.Delay("wait", "PT2H")))).Dispose();

        var inFlight = await app.Api.GetFromJsonAsync<JsonElement>(new Uri($"api/workflows/{id}/in-flight", UriKind.Relative));

        var group = Assert.Single(inFlight.GetProperty("groups").EnumerateArray());
        Assert.Equal((1, "wait", 2, 2, true), (
            group.GetProperty("version").GetInt32(), group.GetProperty("stepId").GetString(), group.GetProperty("count").GetInt32(),
            group.GetProperty("waiting").GetInt32(), group.GetProperty("inDraft").GetBoolean()));
        await using var connection = await app.OpenAsync();
        Assert.Equal(2, await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM automation_execution_logs WHERE workflow_id = @id AND workflow_version = 1 AND status = 'waiting'", new { id }));
    }

    [Fact]
    public async Task Publish_WithCancelForAGroup_CancelsThemWithTheReason_AndTheDraftIsTheNewVersion()
    {
        var id = await app.Api.CreateWorkflowAsync(Linear("Publish", Record("a", "x"), Steps.Delay("wait", "PT1H"), Record("b", "y")));
        var waiting = await app.Api.RunAsync(id);
        await app.Api.WaitForAsync(waiting, statuses: "waiting");
        (await app.Api.PutAsJsonAsync(new Uri($"api/workflows/{id}/draft", UriKind.Relative), Linear("Publish", Record("a", "x"), Steps.Delay("wait", "P2D")))).Dispose();
        var etag = await ETagAsync(id);

        using var stale = Publish(id, "\"v0-0\"", new JsonObject());
        using var refusedStale = await app.Api.SendAsync(stale);
        using var noReason = Publish(id, etag, Choices(new JsonObject { ["version"] = 1, ["stepId"] = "wait", ["choice"] = "cancel" }));
        using var refusedNoReason = await app.Api.SendAsync(noReason);
        using var publish = Publish(id, etag, Choices(new JsonObject { ["version"] = 1, ["stepId"] = "wait", ["choice"] = "cancel", ["reason"] = "The wait was too long" }));
        using var published = await app.Api.SendAsync(publish);

        Assert.Equal(HttpStatusCode.PreconditionFailed, refusedStale.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refusedNoReason.StatusCode);
        Assert.Equal("inFlight[0].reason", (await refusedNoReason.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0].GetProperty("path").GetString());
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        var workflow = await published.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, workflow.GetProperty("version").GetInt32());
        Assert.Equal(1, workflow.GetProperty("inFlight").GetProperty("cancelled").GetInt32());
        var cancelled = await app.Api.WaitForAsync(waiting);
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Contains("The wait was too long", cancelled.GetProperty("error").GetString(), StringComparison.Ordinal);
        using var draftGone = await app.Api.GetAsync(new Uri($"api/workflows/{id}/draft", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, draftGone.StatusCode);
        await using var connection = await app.OpenAsync();
        Assert.Equal("P2D", await connection.ExecuteScalarAsync<string>(
            "SELECT steps -> 1 -> 'config' ->> 'duration' FROM automation_workflow_versions WHERE workflow_id = @id AND version = 2", new { id }));
        Assert.Equal("Wait: 1 hour → 2 days; removed “y”", await connection.ExecuteScalarAsync<string>(
            "SELECT summary FROM automation_workflow_versions WHERE workflow_id = @id AND version = 2", new { id }));
    }

    [Fact]
    public async Task Publish_WithoutADraft_Is404()
    {
        var id = await app.Api.CreateWorkflowAsync(Linear("No draft", Record("a", "x")));

        using var response = await app.Api.PostAsync(new Uri($"api/workflows/{id}/draft/publish", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("has no draft", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_MoveAGroupWhoseStepTheDraftDropped_Is400NamingTheChoice_AndNothingIsPublished()
    {
        var id = await app.Api.CreateWorkflowAsync(Linear("Cannot move", Record("a", "x"), Steps.Delay("wait", "PT1H"), Record("b", "y")));
        var waiting = await app.Api.RunAsync(id);
        await app.Api.WaitForAsync(waiting, statuses: "waiting");
        (await app.Api.PutAsJsonAsync(new Uri($"api/workflows/{id}/draft", UriKind.Relative), Linear("Cannot move", Record("a", "x"), Record("b", "y")))).Dispose();
        var inFlight = await app.Api.GetFromJsonAsync<JsonElement>(new Uri($"api/workflows/{id}/in-flight", UriKind.Relative));

        using var refused = await app.Api.PostAsJsonAsync(new Uri($"api/workflows/{id}/draft/publish", UriKind.Relative),
            Choices(new JsonObject { ["version"] = 1, ["stepId"] = "wait", ["choice"] = "move" }));

        Assert.False(inFlight.GetProperty("groups")[0].GetProperty("inDraft").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var error = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0];
        Assert.Equal("inFlight[0].choice", error.GetProperty("path").GetString());
        Assert.Contains("cannot move to the new version", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        var workflow = await app.Api.GetFromJsonAsync<JsonElement>(new Uri($"api/workflows/{id}", UriKind.Relative));
        Assert.Equal(1, workflow.GetProperty("version").GetInt32());
        using var draft = await app.Api.GetAsync(new Uri($"api/workflows/{id}/draft", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, draft.StatusCode);
        Assert.Equal("waiting", (await app.Api.ExecutionAsync(waiting)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Publish_Move_TheWaitingExecutionTakesTheNewVersionAtItsNextStep_AndKeepsItsHistory()
    {
        var id = await app.Api.CreateWorkflowAsync(Linear("Move in memory", Record("a", "x"), Steps.Delay("wait", "PT10S"), Record("b", "old plan")));
        var waiting = await app.Api.RunAsync(id);
        await app.Api.WaitForAsync(waiting, statuses: "waiting");
        (await app.Api.PutAsJsonAsync(new Uri($"api/workflows/{id}/draft", UriKind.Relative),
            Linear("Move in memory", Record("a", "x"), Steps.Delay("wait", "P2D"), Record("n", "inserted"), Record("b", "new plan after {{ steps.a.label }}")))).Dispose();

        using var published = await app.Api.PostAsJsonAsync(new Uri($"api/workflows/{id}/draft/publish", UriKind.Relative),
            Choices(new JsonObject { ["version"] = 1, ["stepId"] = "wait", ["choice"] = "move" }));
        var ended = await app.Api.WaitForAsync(waiting, TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal(("completed", 2), (ended.GetProperty("status").GetString(), ended.GetProperty("workflowVersion").GetInt32()));
        Assert.Contains("Moved from version 1 to version 2 at step “Record”.", ended.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));
        // It goes on with what the new version does after the wait: the step inserted there too.
        Assert.Equal(["x", "inserted", "new plan after x"], (await app.CallsAsync(waiting)).Select(c => c.Label));
        Assert.Equal(["a", "wait", "n", "b"], ended.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("stepKey").GetString()));
    }

    [Fact]
    public async Task Publish_Move_AnExecutionWhoseStepIsInsideARepeatNowAndWhoseNextStepIsGone_FinishesOnItsVersionAndSaysWhy()
    {
        var id = await app.Api.CreateWorkflowAsync(Linear("Next step gone", Record("a", "x"), Steps.Delay("wait", "PT8S"), Record("b", "old plan")));
        var waiting = await app.Api.RunAsync(id);
        await app.Api.WaitForAsync(waiting, statuses: "waiting");
        (await app.Api.PutAsJsonAsync(new Uri($"api/workflows/{id}/draft", UriKind.Relative),
            Linear("Next step gone", Record("a", "x"), new JsonObject
            {
                ["id"] = "each", ["type"] = "loop", ["config"] = new JsonObject { ["times"] = 1 }, ["body"] = new JsonArray(Steps.Delay("wait", "PT1S")),
            }, Record("z", "new plan")))).Dispose();

        using var published = await app.Api.PostAsJsonAsync(new Uri($"api/workflows/{id}/draft/publish", UriKind.Relative),
            Choices(new JsonObject { ["version"] = 1, ["stepId"] = "wait", ["choice"] = "move" }));
        var ended = await app.Api.WaitForAsync(waiting, TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal(("completed", 1), (ended.GetProperty("status").GetString(), ended.GetProperty("workflowVersion").GetInt32()));
        Assert.Contains(
            "Not moved to version 2: its next step, “Record”, is not in version 2, so it finishes on version 1.",
            ended.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));
        Assert.Equal(["x", "old plan"], (await app.CallsAsync(waiting)).Select(c => c.Label));
    }

    static JsonObject Choices(params JsonNode[] choices) => new() { ["inFlight"] = new JsonArray(choices) };

    static HttpRequestMessage Publish(Guid id, string ifMatch, JsonObject body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/workflows/{id}/draft/publish") { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
        return request;
    }

    async Task<string> ETagAsync(Guid id)
    {
        using var get = await app.Api.GetAsync(new Uri($"api/workflows/{id}", UriKind.Relative));
        return get.Headers.ETag!.Tag!;
    }
}
