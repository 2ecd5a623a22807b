using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Application;

/// <summary>
/// Publishing a draft while executions wait on the live version, with the host restarted in between (task hub on
/// Azurite): those left to finish end on the plan they started with; those cancelled stay cancelled; those moved take the
/// new version at their next step, their wait keeping its deadline.
/// </summary>
public sealed class PublishWorkflowDraftTests(AzuriteEngineApp app) : IClassFixture<AzuriteEngineApp>
{
    [Fact]
    public async Task Publish_FinishThenRestart_TheWaitingExecutionEndsOnItsOldVersion_NewRunsTakeTheNewOne()
    {
        var id = await app.Api.CreateWorkflowAsync(Linear("Finish on old", Record("a", "x"), Steps.Delay("wait", "PT5S"), Record("b", "old plan")));
        var waiting = await app.Api.RunAsync(id);
        await app.Api.WaitForAsync(waiting, statuses: "waiting");
        (await app.Api.PutAsJsonAsync(new Uri($"api/workflows/{id}/draft", UriKind.Relative),
            Linear("Finish on old", Record("a", "x"), Steps.Delay("wait", "PT1S"), Record("c", "new plan")))).Dispose();

        using var published = await app.Api.PostAsJsonAsync(new Uri($"api/workflows/{id}/draft/publish", UriKind.Relative),
            new JsonObject { ["inFlight"] = new JsonArray(new JsonObject { ["version"] = 1, ["stepId"] = "wait", ["choice"] = "finish" }) });
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        await app.RestartHostAsync(() => Task.CompletedTask);
        var ended = await app.Api.WaitForAsync(waiting, TimeSpan.FromSeconds(90));
        var fresh = await app.Api.WaitForAsync(await app.Api.RunAsync(id), TimeSpan.FromSeconds(90));

        Assert.Equal(("completed", 1), (ended.GetProperty("status").GetString(), ended.GetProperty("workflowVersion").GetInt32()));
        Assert.Equal(["x", "old plan"], (await app.CallsAsync(waiting)).Select(c => c.Label));
        Assert.Equal(2, fresh.GetProperty("workflowVersion").GetInt32());
        Assert.Equal(["x", "new plan"], (await app.CallsAsync(fresh.GetProperty("id").GetGuid())).Select(c => c.Label));
    }

    [Fact]
    public async Task Publish_CancelThenRestart_TheExecutionStaysCancelledWithTheReason_AndNeverRunsItsNextStep()
    {
        var id = await app.Api.CreateWorkflowAsync(Linear("Cancel on publish", Record("a", "x"), Steps.Delay("wait", "PT3S"), Record("b", "never")));
        var waiting = await app.Api.RunAsync(id);
        await app.Api.WaitForAsync(waiting, statuses: "waiting");
        (await app.Api.PutAsJsonAsync(new Uri($"api/workflows/{id}/draft", UriKind.Relative), Linear("Cancel on publish", Record("a", "x")))).Dispose();

        using var published = await app.Api.PostAsJsonAsync(new Uri($"api/workflows/{id}/draft/publish", UriKind.Relative), new JsonObject
        {
            ["inFlight"] = new JsonArray(new JsonObject { ["version"] = 1, ["stepId"] = "wait", ["choice"] = "cancel", ["reason"] = "Reminder no longer sent" }),
        });
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        await app.RestartHostAsync(() => Task.Delay(TimeSpan.FromSeconds(4)));
        await Task.Delay(TimeSpan.FromSeconds(3));

        var execution = await app.Api.ExecutionAsync(waiting);
        Assert.Equal("cancelled", execution.GetProperty("status").GetString());
        Assert.Contains("Reminder no longer sent", execution.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(["x"], (await app.CallsAsync(waiting)).Select(c => c.Label));
        await using var connection = await app.OpenAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM automation_execution_logs WHERE id = @waiting AND status = 'cancelled' AND error_message LIKE '%when version 2 was published%'", new { waiting }));
    }

    [Fact]
    public async Task Publish_MoveThenRestart_TheWaitKeepsItsDeadline_ThenTheNewVersionRunsFromTheNextStepWithWhatEarlierStepsProduced()
    {
        var id = await app.Api.CreateWorkflowAsync(Linear("Move on publish", Record("a", "x"), Steps.Delay("wait", "PT15S"), Record("b", "old plan")));
        var waiting = await app.Api.RunAsync(id, new JsonObject { ["who"] = "Rosa" });
        await app.Api.WaitForAsync(waiting, statuses: "waiting");
        var hub = app.Services.GetRequiredService<DurableTaskClient>();
        var before = (await hub.GetInstanceAsync(waiting.ToString()))!.LastUpdatedAt;
        (await app.Api.PutAsJsonAsync(new Uri($"api/workflows/{id}/draft", UriKind.Relative), Linear("Move on publish",
            Record("a", "x"), Steps.Delay("wait", "PT1S"), Labelled(Record("b", "new plan after {{ steps.a.label }} for {{ trigger.data.who }}"), "Thank the client"), Record("c", "added")))).Dispose();

        using var published = await app.Api.PostAsJsonAsync(new Uri($"api/workflows/{id}/draft/publish", UriKind.Relative),
            new JsonObject { ["inFlight"] = new JsonArray(new JsonObject { ["version"] = 1, ["stepId"] = "wait", ["choice"] = "move" }) });
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal(1, (await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("inFlight").GetProperty("moving").GetInt32());
        // The restart comes once the orchestration has the event in its history (an episode ran for it). Restarted
        // before, the event can reach it in one batch after the wait's timer, and the move is then asked after the wait
        // ended — at the last step, too late (ADR 0021).
        var updated = await Eventually.WaitForAsync(async () => (await hub.GetInstanceAsync(waiting.ToString()))!.LastUpdatedAt, at => at > before, TimeSpan.FromSeconds(30));
        Assert.True(updated > before, "the waiting orchestration took the move's event within 30 s");
        await app.RestartHostAsync(() => Task.CompletedTask);
        var ended = await app.Api.WaitForAsync(waiting, TimeSpan.FromSeconds(90));

        Assert.Contains("Moved from version 1 to version 2 at step “Thank the client”.", ended.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));
        Assert.Equal(("completed", 2), (ended.GetProperty("status").GetString(), ended.GetProperty("workflowVersion").GetInt32()));
        var calls = await app.CallsAsync(waiting);
        Assert.Equal(["x", "new plan after x for Rosa", "added"], calls.Select(c => c.Label));
        await using var connection = await app.OpenAsync();
        // The wait kept the deadline it had on version 1 (15 seconds, not the new version's 1): the next step never ran before it.
        var deadline = await connection.ExecuteScalarAsync<DateTime>(
            "SELECT started_at + interval '15 seconds' FROM automation_execution_steps WHERE execution_id = @waiting AND step_key = 'wait'", new { waiting });
        Assert.True(calls[1].CalledAt >= deadline, $"step b ran at {calls[1].CalledAt:O}, before the wait's deadline {deadline:O}");
        Assert.Equal(["a", "wait", "b", "c"], await connection.QueryAsync<string>(
            "SELECT step_key FROM automation_execution_steps WHERE execution_id = @waiting ORDER BY sequence", new { waiting }));
        Assert.Equal("2 (1 execution moves to it at its next step)", await connection.ExecuteScalarAsync<string>(
            "SELECT after_value FROM automation_audit_entries WHERE workflow_id = @id AND action = 'workflow_published'", new { id }));
    }

    static JsonObject Labelled(JsonObject step, string label)
    {
        step["label"] = label;
        return step;
    }
}
