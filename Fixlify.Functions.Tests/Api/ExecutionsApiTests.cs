using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Api;

/// <summary>Listing and retrying executions.</summary>
public sealed class ExecutionsApiTests(EngineApp app) : IClassFixture<EngineApp>
{
    [Fact]
    public async Task List_FiltersByWorkflowStatusVersionAndTime_AndPages()
    {
        using var api = await FreshOrganizationAsync();
        var good = await api.CreateWorkflowAsync(Linear("good", Record("a", "ok")));
        var bad = await api.CreateWorkflowAsync(Linear("bad", Record("a", "no", new JsonObject { ["failPermanently"] = true })));
        var done = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            done.Add(await api.RunAsync(good));
        }

        var failed = await api.RunAsync(bad);
        foreach (var id in done.Append(failed))
        {
            await api.WaitForAsync(id);
        }

        Assert.Equal(Enumerable.Reverse(done), await IdsAsync(api, $"workflowId={good}"));
        Assert.Equal([failed], await IdsAsync(api, "status=failed"));
        Assert.Equal(4, (await IdsAsync(api, "triggerType=manual&workflowVersion=1")).Count);
        Assert.Empty(await IdsAsync(api, $"from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(5).ToString("O"))}"));
        var firstPage = await api.GetFromJsonAsync<JsonElement>(new Uri("api/executions?limit=3", UriKind.Relative));
        var secondPage = await api.GetFromJsonAsync<JsonElement>(new Uri($"api/executions?limit=3&cursor={firstPage.GetProperty("nextCursor").GetString()}", UriKind.Relative));
        Assert.Equal(4, firstPage.GetProperty("items").GetArrayLength() + secondPage.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, secondPage.GetProperty("nextCursor").ValueKind);
        Assert.Empty(await IdsAsync(app.Api, $"workflowId={good}"));
    }

    [Fact]
    public async Task List_WaitingExecutionsOfAnOldVersion_CanBeFound()
    {
        using var api = await FreshOrganizationAsync();
        var definition = Linear("versions", new JsonObject { ["id"] = "wait", ["type"] = "delay", ["config"] = new JsonObject { ["duration"] = "PT1H" } });
        var workflow = await api.CreateWorkflowAsync(definition);
        var old = await api.RunAsync(workflow);
        await api.WaitForAsync(old, statuses: "waiting");
        using (await api.PutAsJsonAsync(new Uri($"api/workflows/{workflow}", UriKind.Relative), definition))
        {
        }

        Assert.Equal([old], await IdsAsync(api, $"workflowId={workflow}&status=waiting&workflowVersion=1"));
        Assert.Empty(await IdsAsync(api, $"workflowId={workflow}&status=waiting&workflowVersion=2"));
        using (await api.PostAsync(new Uri($"api/executions/{old}/cancel", UriKind.Relative), null))
        {
        }
    }

    [Theory]
    [InlineData("status=exploded", "status")]
    [InlineData("from=yesterday", "from")]
    [InlineData("workflowId=42", "workflowId")]
    public async Task List_BadFilter_Is400NamingIt(string query, string path)
    {
        using var response = await app.Api.GetAsync(new Uri($"api/executions?{query}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(path, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0].GetProperty("path").GetString());
    }

    [Fact]
    public async Task Retry_FailedExecution_AfterTheWorkflowIsFixed_RunsAgainFromTheSameContext()
    {
        var broken = Linear("flaky", Record("a", "for {{ trigger.data.who }}", new JsonObject { ["failPermanently"] = true }));
        var workflow = await app.Api.CreateWorkflowAsync(broken);
        var first = await app.Api.RunAsync(workflow, new JsonObject { ["who"] = "Rosa" });
        Assert.Equal("failed", (await app.Api.WaitForAsync(first)).GetProperty("status").GetString());
        using (await app.Api.PutAsJsonAsync(new Uri($"api/workflows/{workflow}", UriKind.Relative), Linear("flaky", Record("a", "for {{ trigger.data.who }}"))))
        {
        }

        using var response = await app.Api.PostAsync(new Uri($"api/executions/{first}/retry", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var second = body.GetProperty("executionId").GetGuid();
        Assert.NotEqual(first, second);
        var execution = await app.Api.WaitForAsync(second);
        Assert.Equal("completed", execution.GetProperty("status").GetString());
        Assert.Equal(first.ToString(), execution.GetProperty("trigger").GetProperty("retryOf").GetString());
        Assert.Equal("for Rosa", (await app.CallsAsync(second)).Single().Label);
    }

    [Fact]
    public async Task Retry_RunningExecution_Is409()
    {
        var workflow = await app.Api.CreateWorkflowAsync(Linear("slow", new JsonObject { ["id"] = "wait", ["type"] = "delay", ["config"] = new JsonObject { ["duration"] = "PT1H" } }));
        var running = await app.Api.RunAsync(workflow);
        await app.Api.WaitForAsync(running, statuses: "waiting");

        using var response = await app.Api.PostAsync(new Uri($"api/executions/{running}/retry", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        using (await app.Api.PostAsync(new Uri($"api/executions/{running}/cancel", UriKind.Relative), null))
        {
        }
    }

    [Fact]
    public async Task Retry_AnotherOrganizationsExecution_Is404()
    {
        var workflow = await app.Api.CreateWorkflowAsync(Linear("mine", Record("a", "x")));
        var execution = await app.Api.RunAsync(workflow);
        await app.Api.WaitForAsync(execution);
        using var stranger = await FreshOrganizationAsync();

        using var response = await stranger.PostAsync(new Uri($"api/executions/{execution}/retry", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Single(await IdsAsync(app.Api, $"workflowId={workflow}"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100)]
    public async Task List_ThousandExecutionsWithOneTimestamp_PagesEveryOneOnceInOrder(int limit)
    {
        using var api = await FreshOrganizationAsync();
        var workflow = await api.CreateWorkflowAsync(Linear("one update", Record("a", "ok")));
        await using var connection = await app.OpenAsync();
        var expected = (await connection.QueryAsync<Guid>(
            """
            WITH made AS (
                INSERT INTO automation_execution_logs (organization_id, workflow_id, trigger_type, trigger_data, status, created_at)
                SELECT organization_id, id, 'manual', '{}', 'completed', @at FROM automation_workflows, generate_series(1, 1000) WHERE id = @workflow
                RETURNING id)
            SELECT id FROM made ORDER BY id DESC
            """,
            new { workflow, at = Pages.SharedInstant })).ToList();

        var listed = await Pages.ReadAllAsync(api, "api/executions", limit);

        Assert.Equal(expected, listed);
    }

    [Fact]
    public async Task List_ShowsEachExecutionsRecordAndClientInWords_AndAManualRunNamesThePersonWhoStartedIt()
    {
        Guid organization, job, invoice, estimate;
        await using (var connection = await app.OpenAsync())
        {
            organization = await TestData.OrganizationAsync(connection, "Subjects " + Guid.NewGuid().ToString("N")[..6]);
            var client = await TestData.ClientAsync(connection, organization, "Ana");
            job = await TestData.JobAsync(connection, organization, client);
            invoice = await TestData.InvoiceAsync(connection, organization, client);
            estimate = await TestData.EstimateAsync(connection, organization, clientId: null);
        }

        using var api = app.ClientFor(organization);
        api.DefaultRequestHeaders.Authorization = new("Bearer", app.Token(organization, "user-7f3a", name: "Dana Reyes"));
        var workflow = await api.CreateWorkflowAsync(Linear("subjects", Record("a", "ok")));
        var byJob = await api.RunAsync(workflow, new JsonObject { ["jobId"] = job.ToString() });
        var byInvoice = await api.RunAsync(workflow, new JsonObject { ["invoice"] = new JsonObject { ["id"] = invoice.ToString() } });
        var byEstimate = await api.RunAsync(workflow, new JsonObject { ["estimateId"] = estimate.ToString() });
        var bare = await api.RunAsync(workflow);
        foreach (var id in new[] { byJob, byInvoice, byEstimate, bare })
        {
            await api.WaitForAsync(id);
        }

        var items = (await api.GetFromJsonAsync<JsonElement>(new Uri("api/executions", UriKind.Relative))).GetProperty("items").EnumerateArray()
            .ToDictionary(e => e.GetProperty("id").GetGuid());
        await using (var connection = await app.OpenAsync())
        {
            var number = await Dapper.SqlMapper.ExecuteScalarAsync<string>(connection, "SELECT number FROM invoices WHERE id = @invoice", new { invoice });
            Assert.Equal(("job", "Fix leak", "Ana Rivera"), Subject(items[byJob]));
            Assert.Equal(("invoice", number, "Ana Rivera"), Subject(items[byInvoice]));
        }

        Assert.Equal("estimate", items[byEstimate].GetProperty("record").GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, items[byEstimate].GetProperty("client").ValueKind);
        Assert.Equal(JsonValueKind.Null, items[bare].GetProperty("record").ValueKind);
        var detail = await api.ExecutionAsync(byJob);
        Assert.Equal("Fix leak", detail.GetProperty("record").GetProperty("label").GetString());
        Assert.Equal("Dana Reyes", detail.GetProperty("trigger").GetProperty("requestedByName").GetString());
        Assert.Equal("user-7f3a", detail.GetProperty("trigger").GetProperty("requestedBy").GetString());

        static (string?, string?, string?) Subject(JsonElement execution) => (
            execution.GetProperty("record").GetProperty("type").GetString(), execution.GetProperty("record").GetProperty("label").GetString(),
            execution.GetProperty("client").GetProperty("name").GetString());
    }

    async Task<HttpClient> FreshOrganizationAsync()
    {
        await using var connection = await app.OpenAsync();
        return app.ClientFor(await TestData.OrganizationAsync(connection, "Executions " + Guid.NewGuid().ToString("N")[..6]));
    }

    static async Task<List<Guid>> IdsAsync(HttpClient api, string query) =>
        [.. (await api.GetFromJsonAsync<JsonElement>(new Uri($"api/executions?{query}", UriKind.Relative))).GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetGuid())];
}
