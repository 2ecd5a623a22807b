using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Api;

/// <summary>
/// Bulk retry and bulk cancel (issue 25): a look first (how many, by cause, what a retry's dry run says), then each
/// retried as the single retry does — a new execution of the same event — or each waiting one cancelled.
/// </summary>
public sealed class BulkExecutionsApiTests(EngineApp app) : IClassFixture<EngineApp>
{
    async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, JsonObject body)
    {
        using var response = await app.Api.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task BulkRetry_FailedRunsOfAnAutomationAfterItIsFixed_LookFirstThenEachRunsAgainOnceFromItsEvent()
    {
        var broken = Linear("bulk flaky", Record("a", "for {{ trigger.data.who }}", new JsonObject { ["failPermanently"] = true }));
        var workflow = await app.Api.CreateWorkflowAsync(broken);
        var failed = new List<Guid>();
        foreach (var who in new[] { "Rosa", "Ivan", "Mia" })
        {
            var execution = await app.Api.RunAsync(workflow, new JsonObject { ["who"] = who });
            Assert.Equal("failed", (await app.Api.WaitForAsync(execution)).Status());
            failed.Add(execution);
        }

        var other = await app.Api.CreateWorkflowAsync(Linear("bulk other", Record("a", "other", new JsonObject { ["failPermanently"] = true })));
        var untouched = await app.Api.RunAsync(other);
        await app.Api.WaitForAsync(untouched);
        using (await app.Api.PutAsJsonAsync(new Uri($"api/workflows/{workflow}", UriKind.Relative), Linear("bulk flaky", Record("a", "for {{ trigger.data.who }}"))))
        {
        }

        var selection = new JsonObject { ["action"] = "retry", ["workflowId"] = workflow.ToString(), ["cause"] = "permanent" };
        var (previewStatus, preview) = await PostAsync("api/executions/bulk/preview", selection);

        Assert.Equal(HttpStatusCode.OK, previewStatus);
        Assert.Equal(3, preview.GetProperty("count").GetInt32());
        Assert.Equal(3, preview.GetProperty("byWorkflow")[0].GetProperty("count").GetInt32());
        Assert.Contains("3 failed runs would run again", preview.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Contains("3 would complete", preview.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Single(await app.CallsAsync(failed[0])); // its own failed attempt: the look ran nothing

        var (refusedStatus, _) = await PostAsync("api/executions/bulk/run", selection);
        Assert.Equal(HttpStatusCode.BadRequest, refusedStatus);

        var confirmed = (JsonObject)selection.DeepClone();
        confirmed["confirm"] = true;
        var (runStatus, run) = await PostAsync("api/executions/bulk/run", confirmed);

        Assert.Equal(HttpStatusCode.OK, runStatus);
        Assert.Equal(3, run.GetProperty("done").GetInt32());
        await using var connection = await app.OpenAsync();
        var retries = (await connection.QueryAsync<(Guid Id, string RetryOf)>(
            "SELECT id, trigger_data->>'retryOf' FROM automation_execution_logs WHERE trigger_data ? 'retryOf' AND workflow_id = @workflow", new { workflow })).ToList();
        Assert.Equal(failed.Select(f => f.ToString()).Order(), retries.Select(r => r.RetryOf).Order());
        var labels = new List<string?>();
        foreach (var (id, _) in retries)
        {
            Assert.Equal("completed", (await app.Api.WaitForAsync(id)).Status());
            labels.AddRange((await app.CallsAsync(id)).Select(c => c.Label));
        }

        Assert.Equal(["for Ivan", "for Mia", "for Rosa"], labels.Order());
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM automation_execution_logs WHERE trigger_data ? 'retryOf' AND workflow_id = @other", new { other }));
    }

    [Fact]
    public async Task BulkCancel_WaitingRunsOfAnAutomation_AreCancelledAndTheOthersGoOn()
    {
        var workflow = await app.Api.CreateWorkflowAsync(Linear("bulk waiting", Steps.Delay("wait", "PT1H"), Record("a", "late")));
        var waiting = new List<Guid>();
        for (var i = 0; i < 2; i++)
        {
            var execution = await app.Api.RunAsync(workflow);
            await app.Api.WaitForAsync(execution, statuses: "waiting");
            waiting.Add(execution);
        }

        var (_, preview) = await PostAsync("api/executions/bulk/preview", new JsonObject { ["action"] = "cancel", ["workflowId"] = workflow.ToString() });
        var (status, run) = await PostAsync("api/executions/bulk/run", new JsonObject { ["action"] = "cancel", ["workflowId"] = workflow.ToString(), ["confirm"] = true });

        Assert.Equal(2, preview.GetProperty("count").GetInt32());
        Assert.Contains("2 waiting runs would be cancelled", preview.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, run.GetProperty("done").GetInt32());
        foreach (var execution in waiting)
        {
            Assert.Equal("cancelled", (await app.Api.WaitForAsync(execution)).Status());
        }
    }

    [Fact]
    public async Task BulkPreview_UnknownAction_IsRefusedNamingTheField()
    {
        var (status, problem) = await PostAsync("api/executions/bulk/preview", new JsonObject { ["action"] = "explode" });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("action", problem.ToString(), StringComparison.Ordinal);
    }
}
