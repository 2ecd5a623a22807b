using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Api;

/// <summary>
/// Pause and resume (issue 25): a paused automation keeps its triggers — runs are logged <c>paused</c> and nothing runs —
/// its running executions hold at their next action, and resuming runs them (or only the newer ones, the rest cancelled).
/// </summary>
public sealed class WorkflowPauseApiTests(PauseApp app) : IClassFixture<PauseApp>
{
    async Task<JsonElement> PostAsync(string path, JsonObject? body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await app.Api.PostAsJsonAsync(new Uri(path, UriKind.Relative), body ?? []);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    async Task<string> StatusInDatabaseAsync(Guid executionId)
    {
        await using var connection = await app.OpenAsync();
        return await connection.ExecuteScalarAsync<string>("SELECT status FROM automation_execution_logs WHERE id = @executionId", new { executionId }) ?? "";
    }

    [Fact]
    public async Task Pause_RunsComeWhilePaused_TheyWaitPausedAndRunningOnesHoldUntilResumed()
    {
        var workflow = await app.Api.CreateWorkflowAsync(Linear("paused", Steps.Delay("wait", "PT1S"), Record("note", "after the wait")));
        var running = await app.Api.RunAsync(workflow);
        await app.Api.WaitForAsync(running, statuses: "waiting");

        var paused = await PostAsync($"api/workflows/{workflow}/pause", null);
        var first = await app.Api.RunAsync(workflow);
        var second = await app.Api.RunAsync(workflow);

        Assert.Equal(0, paused.GetProperty("waitingToRun").GetInt32());
        Assert.Equal("paused", await StatusInDatabaseAsync(first));
        Assert.Equal("paused", await StatusInDatabaseAsync(second));
        var card = await app.Api.GetFromJsonAsync<JsonElement>(new Uri($"api/workflows/{workflow}", UriKind.Relative));
        Assert.Equal(2, card.GetProperty("waitingToRun").GetInt32());
        Assert.Equal(paused.GetProperty("pausedAt").GetDateTimeOffset(), card.GetProperty("pausedAt").GetDateTimeOffset());

        // The running one's delay ends, and it holds at its next action instead of running it.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        JsonElement held;
        while (true)
        {
            held = await app.Api.ExecutionAsync(running);
            if (held.GetProperty("steps").EnumerateArray().Any(s => s.GetProperty("stepId").GetString() == "note"))
            {
                break;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"not held: {held}");
            await Task.Delay(100);
        }

        Assert.Equal("waiting", held.Status());
        Assert.Contains("the automation was paused", held.Step("note").GetProperty("output").GetProperty("heldBecause").GetString(), StringComparison.Ordinal);
        Assert.Empty(await app.CallsAsync(running));
        Assert.Equal("paused", await StatusInDatabaseAsync(first));

        var resumed = await PostAsync($"api/workflows/{workflow}/resume", null);

        Assert.Equal(2, resumed.GetProperty("started").GetInt32());
        Assert.Equal(0, resumed.GetProperty("cancelled").GetInt32());
        foreach (var execution in new[] { running, first, second })
        {
            Assert.Equal("completed", (await app.Api.WaitForAsync(execution)).Status());
            Assert.Single(await app.CallsAsync(execution));
        }

        await PostAsync($"api/workflows/{workflow}/resume", null, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Resume_OnlyAfterAMoment_OlderRunsAreCancelledSayingWhyAndNewerOnesRun()
    {
        var workflow = await app.Api.CreateWorkflowAsync(Linear("resume newer", Record("note", "ran")));
        await PostAsync($"api/workflows/{workflow}/pause", null);
        var older = await app.Api.RunAsync(workflow);
        await Task.Delay(50);
        var cut = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        var newer = await app.Api.RunAsync(workflow);

        var resumed = await PostAsync($"api/workflows/{workflow}/resume", new JsonObject { ["onlyAfter"] = cut.ToString("O") });

        Assert.Equal(1, resumed.GetProperty("started").GetInt32());
        Assert.Equal(1, resumed.GetProperty("cancelled").GetInt32());
        var dropped = await app.Api.WaitForAsync(older);
        Assert.Equal("cancelled", dropped.Status());
        Assert.Contains("resumed with only the runs that came after", dropped.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(await app.CallsAsync(older));
        Assert.Equal("completed", (await app.Api.WaitForAsync(newer)).Status());
        Assert.Single(await app.CallsAsync(newer));
    }

    [Fact]
    public async Task Deactivate_WhilePaused_PausedRunsAreCancelledSayingWhy_AndAudited()
    {
        var workflow = await app.Api.CreateWorkflowAsync(Linear("switched off", Record("note", "ran")));
        await PostAsync($"api/workflows/{workflow}/pause", null);
        var first = await app.Api.RunAsync(workflow);
        var second = await app.Api.RunAsync(workflow);
        Assert.Equal("paused", await StatusInDatabaseAsync(first));

        await PostAsync($"api/workflows/{workflow}/deactivate", null);

        foreach (var execution in new[] { first, second })
        {
            var cancelled = await app.Api.ExecutionAsync(execution);
            Assert.Equal("cancelled", cancelled.Status());
            Assert.Equal("Not run: the automation was switched off while paused.", cancelled.GetProperty("error").GetString());
            Assert.Empty(await app.CallsAsync(execution));
        }

        var card = await app.Api.GetFromJsonAsync<JsonElement>(new Uri($"api/workflows/{workflow}", UriKind.Relative));
        Assert.Equal(0, card.GetProperty("waitingToRun").GetInt32());
        await using var connection = await app.OpenAsync();
        var audited = await connection.QueryAsync<Guid>(
            "SELECT record_id FROM automation_audit_entries WHERE workflow_id = @workflow AND record_id IS NOT NULL AND after_value LIKE '%switched off while paused%'",
            new { workflow });
        Assert.Equal(new[] { first, second }.Order(), audited.Order());
        await PostAsync($"api/workflows/{workflow}/resume", null);
        await Task.Delay(500);
        Assert.Equal("cancelled", await StatusInDatabaseAsync(first));
    }

    [Fact]
    public async Task Resume_OnlyAfterIsNotAMoment_IsRefusedNamingTheField()
    {
        var workflow = await app.Api.CreateWorkflowAsync(Linear("bad resume", Record("note", "ran")));
        await PostAsync($"api/workflows/{workflow}/pause", null);

        var problem = await PostAsync($"api/workflows/{workflow}/resume", new JsonObject { ["onlyAfter"] = "yesterday-ish" }, HttpStatusCode.BadRequest);

        Assert.Contains("onlyAfter", problem.ToString(), StringComparison.Ordinal);
        var still = await app.Api.GetFromJsonAsync<JsonElement>(new Uri($"api/workflows/{workflow}", UriKind.Relative));
        Assert.Equal(JsonValueKind.String, still.GetProperty("pausedAt").ValueKind);
    }
}
