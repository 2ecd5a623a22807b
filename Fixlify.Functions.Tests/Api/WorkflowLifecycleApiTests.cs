using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Api;
using Fixlify.Tests.Fixtures;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Api;

/// <summary>Listing, paging, deleting, (de)activating, validating and saving workflows safely (If-Match).</summary>
public sealed class WorkflowLifecycleApiTests(EngineApp app) : IClassFixture<EngineApp>
{
    [Fact]
    public async Task List_PagesThroughEveryWorkflowOnce_NewestFirst_OwnOrganizationOnly()
    {
        using var api = await FreshOrganizationAsync();
        var created = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await api.CreateWorkflowAsync(Linear($"w{i}", Record("a", "x"))));
        }

        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await api.GetFromJsonAsync<JsonElement>(new Uri($"api/workflows?limit=2{(cursor is null ? "" : "&cursor=" + cursor)}", UriKind.Relative));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(w => w.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(created), seen);
        var other = await app.Api.GetFromJsonAsync<JsonElement>(new Uri("api/workflows?limit=100", UriKind.Relative));
        Assert.DoesNotContain(other.GetProperty("items").EnumerateArray(), w => created.Contains(w.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task List_FiltersByActiveAndTriggerType()
    {
        using var api = await FreshOrganizationAsync();
        var manual = await api.CreateWorkflowAsync(Linear("manual", Record("a", "x")));
        var paused = Linear("paused", Record("a", "x"));
        paused["isActive"] = false;
        var inactive = await api.CreateWorkflowAsync(paused);
        var completed = Linear("completed", Record("a", "x"));
        completed["triggerType"] = "job_completed";
        var onCompletion = await api.CreateWorkflowAsync(completed);

        Assert.Equal([onCompletion, manual], await IdsAsync(api, "active=true"));
        Assert.Equal([inactive], await IdsAsync(api, "active=false"));
        Assert.Equal([onCompletion], await IdsAsync(api, "triggerType=job_completed"));
    }

    [Theory]
    [InlineData("api/workflows?triggerType=job_exploded", "triggerType", "job_completed")]
    [InlineData("api/workflows?active=maybe", "active", "true or false")]
    [InlineData("api/workflows?limit=1000", "limit", "from 1 to 100")]
    [InlineData("api/workflows?sort=name", "sort", "active, triggerType, limit, cursor")]
    [InlineData("api/workflows?cursor=bm90LWEtY3Vyc29y", "cursor", "not one this API issued")]
    public async Task List_BadQuery_Is400NamingTheParameterAndWhatIsAllowed(string url, string path, string hint)
    {
        using var response = await app.Api.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0];
        Assert.Equal(path, error.GetProperty("path").GetString());
        Assert.Contains(hint, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_TamperedCursor_Is400()
    {
        using var api = await FreshOrganizationAsync();
        await api.CreateWorkflowAsync(Linear("one", Record("a", "x")));
        await api.CreateWorkflowAsync(Linear("two", Record("a", "x")));
        var cursor = (await api.GetFromJsonAsync<JsonElement>(new Uri("api/workflows?limit=1", UriKind.Relative))).GetProperty("nextCursor").GetString()!;
        var tampered = cursor[..^2] + (cursor[^2] == 'A' ? "B" : "A") + cursor[^1];

        using var response = await api.GetAsync(new Uri($"api/workflows?cursor={tampered}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Update_WithStaleIfMatch_Is412AndOverwritesNothing()
    {
        var id = await app.Api.CreateWorkflowAsync(Linear("original", Record("a", "x")));
        using var get = await app.Api.GetAsync(new Uri($"api/workflows/{id}", UriKind.Relative));
        Assert.Equal("\"v1-1\"", get.Headers.ETag?.Tag);

        using var first = Put(id, "first edit", "\"v1-1\"");
        using var saved = await app.Api.SendAsync(first);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal("\"v2-2\"", saved.Headers.ETag?.Tag);

        using var stale = Put(id, "stale edit", "\"v1-1\"");
        using var refused = await app.Api.SendAsync(stale);
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var workflow = await app.Api.GetFromJsonAsync<JsonElement>(new Uri($"api/workflows/{id}", UriKind.Relative));
        Assert.Equal(("first edit", 2), (workflow.GetProperty("name").GetString(), workflow.GetProperty("version").GetInt32()));
    }

    [Theory]
    [InlineData("W/\"{0}\"")]
    [InlineData("W/\"{0}\", W/\"v0-0\"")]
    public async Task Update_WithWeakTag_Is412_AWeakTagNeverMatchesForAWrite(string ifMatch)
    {
        var id = await app.Api.CreateWorkflowAsync(Linear("weak", Record("a", "x")));
        var etag = await ETagAsync(id);

        using var response = await app.Api.SendAsync(PutRaw(id, "weak edit", string.Format(System.Globalization.CultureInfo.InvariantCulture, ifMatch, etag.Trim('"'))));

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal("weak", (await app.Api.GetFromJsonAsync<JsonElement>(new Uri($"api/workflows/{id}", UriKind.Relative))).GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("\"v0-0\", {0}")]
    [InlineData("{0}, \"v9-9\"")]
    [InlineData("*")]
    public async Task Update_WithListHoldingTheCurrentTag_OrStar_Saves(string ifMatch)
    {
        var id = await app.Api.CreateWorkflowAsync(Linear("listed", Record("a", "x")));
        var etag = await ETagAsync(id);

        using var response = await app.Api.SendAsync(PutRaw(id, "listed edit", string.Format(System.Globalization.CultureInfo.InvariantCulture, ifMatch, etag)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("listed edit", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Update_WithUnreadableIfMatch_Is400NamingIt()
    {
        var id = await app.Api.CreateWorkflowAsync(Linear("unreadable", Record("a", "x")));

        using var response = await app.Api.SendAsync(PutRaw(id, "edit", "v1"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("If-Match", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0].GetProperty("path").GetString());
    }

    [Fact]
    public async Task Activate_ChangesTheETag_SoASaveThatStartedBeforeIsRefused_AndTheWorkflowStaysOn()
    {
        var body = Linear("switched", Record("a", "x"));
        body["isActive"] = false;
        using var created = await app.Api.PostAsJsonAsync(new Uri("api/workflows", UriKind.Relative), body);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var loaded = await ETagAsync(id);

        using var activated = await app.Api.PostAsync(new Uri($"api/workflows/{id}/activate", UriKind.Relative), null);
        var on = activated.Headers.ETag?.Tag;
        using var staleSave = await app.Api.SendAsync(Put(id, "saved from before", loaded));
        using var deactivated = await app.Api.PostAsync(new Uri($"api/workflows/{id}/deactivate", UriKind.Relative), null);
        using var staleSwitch = await app.Api.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"api/workflows/{id}/activate") { Headers = { { "If-Match", on } } });

        Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        Assert.NotEqual(loaded, on);
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleSave.StatusCode);
        Assert.NotEqual(on, deactivated.Headers.ETag?.Tag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleSwitch.StatusCode);
        var workflow = await app.Api.GetFromJsonAsync<JsonElement>(new Uri($"api/workflows/{id}", UriKind.Relative));
        Assert.Equal(("switched", false), (workflow.GetProperty("name").GetString(), workflow.GetProperty("isActive").GetBoolean()));
        Assert.Equal(deactivated.Headers.ETag?.Tag, workflow.GetProperty("etag").GetString());
    }

    [Fact]
    public async Task Delete_HidesTheWorkflow_ButARunningExecutionFinishes()
    {
        var id = await app.Api.CreateWorkflowAsync(Linear("to delete",
            new JsonObject { ["id"] = "pause", ["type"] = "delay", ["config"] = new JsonObject { ["duration"] = "PT5S" } },
            Record("after", "still ran")));
        var execution = await app.Api.RunAsync(id);
        await app.Api.WaitForAsync(execution, statuses: "waiting");

        using var deleted = await app.Api.DeleteAsync(new Uri($"api/workflows/{id}", UriKind.Relative));
        var afterDelete = await app.Api.ExecutionAsync(execution);
        using var gone = await app.Api.GetAsync(new Uri($"api/workflows/{id}", UriKind.Relative));
        using var again = await app.Api.DeleteAsync(new Uri($"api/workflows/{id}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        // The delete landed mid-run: the execution was still in its delay (had it already finished, this proves nothing).
        Assert.Equal("waiting", afterDelete.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("completed", (await app.Api.WaitForAsync(execution)).GetProperty("status").GetString());
        Assert.Equal("still ran", (await app.CallsAsync(execution)).Single().Label);
    }

    [Fact]
    public async Task DeactivateThenActivate_StopsAndResumesRuns()
    {
        var id = await app.Api.CreateWorkflowAsync(Linear("toggled", Record("a", "x")));

        using var off = await app.Api.PostAsync(new Uri($"api/workflows/{id}/deactivate", UriKind.Relative), null);
        using var refused = await app.Api.PostAsJsonAsync(new Uri($"api/workflows/{id}/run", UriKind.Relative), new JsonObject());
        using var on = await app.Api.PostAsync(new Uri($"api/workflows/{id}/activate", UriKind.Relative), null);
        using var accepted = await app.Api.PostAsJsonAsync(new Uri($"api/workflows/{id}/run", UriKind.Relative), new JsonObject { ["confirm"] = true });

        Assert.False((await off.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("isActive").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.True((await on.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("isActive").GetBoolean());
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    [Fact]
    public async Task Activate_SavedDefinitionNoLongerValid_Is400ListingTheProblems()
    {
        var body = Linear("stale", Record("a", "x"));
        body["isActive"] = false;
        var id = await app.Api.CreateWorkflowAsync(body);
        await using (var connection = await app.OpenAsync())
        {
            await connection.ExecuteAsync(
                """UPDATE automation_workflows SET steps = '[{"id": "a", "type": "action", "actionType": "send_fax", "config": {}}]' WHERE id = @id""", new { id });
        }

        using var response = await app.Api.PostAsync(new Uri($"api/workflows/{id}/activate", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("steps[0].actionType", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0].GetProperty("path").GetString());
        var workflow = await app.Api.GetFromJsonAsync<JsonElement>(new Uri($"api/workflows/{id}", UriKind.Relative));
        Assert.False(workflow.GetProperty("isActive").GetBoolean());
    }

    [Fact]
    public async Task Validate_ReportsEveryProblem_AndSavesNothing()
    {
        await using var connection = await app.OpenAsync();
        var before = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM automation_workflows");

        using var bad = await app.Api.PostAsJsonAsync(new Uri("api/workflows/validate", UriKind.Relative),
            Linear("draft", Record("a", "{{ client.nickname }}"), new JsonObject { ["id"] = "d", ["type"] = "delay", ["config"] = new JsonObject { ["duration"] = "later" } }));
        using var good = await app.Api.PostAsJsonAsync(new Uri("api/workflows/validate", UriKind.Relative), Linear("draft", Record("a", "ok")));

        var badResult = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.False(badResult.GetProperty("valid").GetBoolean());
        Assert.Equal(new[] { "steps[0].config.label", "steps[1].config.duration" }, badResult.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()).Order(StringComparer.Ordinal));
        Assert.True((await good.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("valid").GetBoolean());
        Assert.Equal(before, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM automation_workflows"));
    }

    [Fact]
    public async Task Create_OversizedBody_Is413()
    {
        var body = Linear("huge", Record("a", new string('x', (int)JsonBody.MaxBytes + 10)));

        using var response = await app.Api.PostAsJsonAsync(new Uri("api/workflows", UriKind.Relative), body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task EveryProtectedRoute_WithoutAToken_Is401ProblemDetails()
    {
        foreach (var route in ApiRoutes.All.Where(r => !r.Anonymous))
        {
            var path = route.Path.Replace("{id}", Guid.NewGuid().ToString(), StringComparison.Ordinal);
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
            if (route.Method is "POST" or "PUT")
            {
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            }

            using var response = await app.Http.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{route.Method} {path}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task AnotherOrganizationsWorkflow_CannotBeDeletedOrToggled()
    {
        var id = await app.Api.CreateWorkflowAsync(Linear("mine", Record("a", "x")));
        using var stranger = await FreshOrganizationAsync();

        foreach (var (method, path) in new[] { ("DELETE", $"api/workflows/{id}"), ("POST", $"api/workflows/{id}/activate"), ("POST", $"api/workflows/{id}/deactivate") })
        {
            using var response = await stranger.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        var workflow = await app.Api.GetFromJsonAsync<JsonElement>(new Uri($"api/workflows/{id}", UriKind.Relative));
        Assert.True(workflow.GetProperty("isActive").GetBoolean());
    }

    static HttpRequestMessage Put(Guid id, string name, string ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"api/workflows/{id}") { Content = JsonContent.Create(Linear(name, Record("a", "x"))) };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
        return request;
    }

    static HttpRequestMessage PutRaw(Guid id, string name, string ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"api/workflows/{id}") { Content = JsonContent.Create(Linear(name, Record("a", "x"))) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return request;
    }

    async Task<string> ETagAsync(Guid id)
    {
        using var get = await app.Api.GetAsync(new Uri($"api/workflows/{id}", UriKind.Relative));
        return get.Headers.ETag!.Tag!;
    }

    async Task<HttpClient> FreshOrganizationAsync()
    {
        await using var connection = await app.OpenAsync();
        return app.ClientFor(await TestData.OrganizationAsync(connection, "Lister " + Guid.NewGuid().ToString("N")[..6]));
    }

    static async Task<List<Guid>> IdsAsync(HttpClient api, string query) =>
        [.. (await api.GetFromJsonAsync<JsonElement>(new Uri($"api/workflows?{query}", UriKind.Relative))).GetProperty("items").EnumerateArray().Select(w => w.GetProperty("id").GetGuid())];
}
