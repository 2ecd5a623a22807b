using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Api;

/// <summary>A workflow's history (issue 26): who saved each version, what changed in words, executions on it, restore.</summary>
public sealed class WorkflowVersionsApiTests(EngineApp app) : IClassFixture<EngineApp>
{
    [Fact]
    public async Task ListVersions_AfterAnEdit_SaysWhoWhatChangedInWordsAndCountsTheExecutionsOnEach()
    {
        var (organization, _) = await app.NewOrganizationAsync("History " + Guid.NewGuid().ToString("N")[..6]);
        using var api = SignedInAs(organization, "office-7", "Dana Office");
        var id = await api.CreateWorkflowAsync(Linear("Reminder", Record("first", "hello"), Steps.Delay("wait", "P3D"), Record("after", "later")));
        var running = await api.RunAsync(id);
        await api.WaitForAsync(running, statuses: "waiting");

        using var save = Save(id, Linear("Reminder", Record("first", "hello"), Steps.Delay("wait", "P2D"), Record("after", "later"), Record("extra", "thanks")));
        using var saved = await api.SendAsync(save);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        var history = await api.GetFromJsonAsync<JsonElement>(new Uri($"api/workflows/{id}/versions", UriKind.Relative));
        Assert.Equal(2, history.GetProperty("liveVersion").GetInt32());
        var items = history.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([2, 1], items.Select(i => i.GetProperty("version").GetInt32()));
        var latest = items[0];
        Assert.Equal("Dana Office", latest.GetProperty("savedBy").GetString());
        Assert.Contains("Wait: 3 days → 2 days", latest.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Contains("added “thanks”", latest.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.True(latest.GetProperty("live").GetBoolean());
        Assert.Equal((0, 0), (latest.GetProperty("executionsStarted").GetInt32(), latest.GetProperty("runningNow").GetInt32()));
        Assert.Equal((1, 1), (items[1].GetProperty("executionsStarted").GetInt32(), items[1].GetProperty("runningNow").GetInt32()));
        Assert.False(items[1].GetProperty("live").GetBoolean());

        await using var connection = await app.OpenAsync();
        var stored = await connection.QuerySingleAsync<(string SavedBy, string Summary)>(
            "SELECT saved_by, summary FROM automation_workflow_versions WHERE workflow_id = @id AND version = 2", new { id });
        Assert.Equal("office-7", stored.SavedBy);
        Assert.Equal(latest.GetProperty("summary").GetString(), stored.Summary);
    }

    [Fact]
    public async Task ListVersions_APageAtATime_NextBeforeReadsTheOlderOnes_EachOnce()
    {
        var id = await app.Api.CreateWorkflowAsync(Linear("Paged history", Record("a", "0")));
        for (var i = 1; i <= 6; i++)
        {
            using var save = Save(id, Linear("Paged history", Record("a", i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            using var saved = await app.Api.SendAsync(save);
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        var pages = new List<List<int>>();
        string query = "limit=3";
        while (true)
        {
            var page = await app.Api.GetFromJsonAsync<JsonElement>(new Uri($"api/workflows/{id}/versions?{query}", UriKind.Relative));
            pages.Add([.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("version").GetInt32())]);
            if (page.GetProperty("nextBefore").ValueKind == JsonValueKind.Null)
            {
                break;
            }

            query = $"limit=3&before={page.GetProperty("nextBefore").GetInt32()}";
        }

        Assert.Equal([[7, 6, 5], [4, 3, 2], [1]], pages);
        var all = await app.Api.GetFromJsonAsync<JsonElement>(new Uri($"api/workflows/{id}/versions", UriKind.Relative));
        Assert.Equal(7, all.GetProperty("items").GetArrayLength());
        using var tooMany = await app.Api.GetAsync(new Uri($"api/workflows/{id}/versions?limit=101", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("limit", await tooMany.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetVersion_OldOne_IsAsSavedWithItsDifferencesFromTheOneBefore()
    {
        var id = await app.Api.CreateWorkflowAsync(Linear("Dunning", Record("a", "x"), Steps.Delay("wait", "P3D"), Record("gone", "bye")));
        using var save = Save(id, Linear("Dunning", Record("a", "changed"), Steps.Delay("wait", "PT12H"), Record("new", "hi")));
        (await app.Api.SendAsync(save)).Dispose();

        var first = await app.Api.GetFromJsonAsync<JsonElement>(new Uri($"api/workflows/{id}/versions/1", UriKind.Relative));
        var second = await app.Api.GetFromJsonAsync<JsonElement>(new Uri($"api/workflows/{id}/versions/2", UriKind.Relative));

        Assert.Equal("P3D", first.GetProperty("steps")[1].GetProperty("config").GetProperty("duration").GetString());
        Assert.Empty(first.GetProperty("changes").EnumerateArray());
        var changes = second.GetProperty("changes").EnumerateArray().ToDictionary(c => c.GetProperty("stepId").GetString()!, c => c);
        Assert.Equal("changed", changes["wait"].GetProperty("change").GetString());
        Assert.Equal(["Wait: 3 days → 12 hours"], changes["wait"].GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(["“x” renamed “changed”"], changes["a"].GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("added", changes["new"].GetProperty("change").GetString());
        Assert.Equal("removed", changes["gone"].GetProperty("change").GetString());
        Assert.Equal(1, second.GetProperty("against").GetInt32());
    }

    [Fact]
    public async Task Restore_MakesANewVersionEqualToTheOldOne_AndAStaleIfMatchIs412()
    {
        var id = await app.Api.CreateWorkflowAsync(Linear("Restore me", Record("a", "x"), Steps.Delay("wait", "P3D")));
        using var save = Save(id, Linear("Restore me", Record("a", "x"), Steps.Delay("wait", "P1D")));
        (await app.Api.SendAsync(save)).Dispose();
        using var current = await app.Api.GetAsync(new Uri($"api/workflows/{id}", UriKind.Relative));
        var etag = current.Headers.ETag!.Tag;

        using var stale = Restore(id, 1, "\"v1-1\"");
        using var refused = await app.Api.SendAsync(stale);
        using var restore = Restore(id, 1, etag);
        using var restored = await app.Api.SendAsync(restore);

        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        var workflow = await restored.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, workflow.GetProperty("version").GetInt32());
        Assert.Equal("P3D", workflow.GetProperty("steps")[1].GetProperty("config").GetProperty("duration").GetString());
        var history = await app.Api.GetFromJsonAsync<JsonElement>(new Uri($"api/workflows/{id}/versions", UriKind.Relative));
        var latest = history.GetProperty("items")[0];
        Assert.Equal(1, latest.GetProperty("restoredFrom").GetInt32());
        Assert.Equal("Restored version 1: Wait: 1 day → 3 days", latest.GetProperty("summary").GetString());
        await using var connection = await app.OpenAsync();
        Assert.Equal(
            await connection.ExecuteScalarAsync<string>("SELECT steps::text FROM automation_workflow_versions WHERE workflow_id = @id AND version = 1", new { id }),
            await connection.ExecuteScalarAsync<string>("SELECT steps::text FROM automation_workflow_versions WHERE workflow_id = @id AND version = 3", new { id }));
    }

    [Fact]
    public async Task Versions_OfAnotherOrganizationsWorkflow_Are404()
    {
        var id = await app.Api.CreateWorkflowAsync(Linear("Private", Record("a", "x")));
        var (_, stranger) = await app.NewOrganizationAsync("Stranger " + Guid.NewGuid().ToString("N")[..6]);
        using (stranger)
        {
            using var list = await stranger.GetAsync(new Uri($"api/workflows/{id}/versions", UriKind.Relative));
            using var one = await stranger.GetAsync(new Uri($"api/workflows/{id}/versions/1", UriKind.Relative));
            using var restore = await stranger.PostAsync(new Uri($"api/workflows/{id}/versions/1/restore", UriKind.Relative), null);
            using var missing = await app.Api.GetAsync(new Uri($"api/workflows/{id}/versions/9", UriKind.Relative));

            Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, one.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, restore.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
    }

    HttpClient SignedInAs(Guid organization, string subject, string name)
    {
        var client = new HttpClient { BaseAddress = app.Api.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", app.Token(organization, subject, name: name));
        return client;
    }

    static HttpRequestMessage Save(Guid id, JsonObject workflow) =>
        new(HttpMethod.Put, $"api/workflows/{id}") { Content = JsonContent.Create(workflow) };

    static HttpRequestMessage Restore(Guid id, int version, string ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/workflows/{id}/versions/{version}/restore");
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
        return request;
    }
}
