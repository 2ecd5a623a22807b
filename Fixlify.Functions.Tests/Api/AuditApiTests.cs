using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Api;

/// <summary>
/// The audit trail over the API: each change a person makes is a row naming who, what and which workflow or record, in
/// the database and in <c>GET /api/audit</c>'s sentences; a change refused writes none; one organization never sees another's.
/// </summary>
public sealed class AuditApiTests(EngineApp app) : IClassFixture<EngineApp>
{
    const string Dana = "Dana Smith";

    static JsonObject Wait() => new() { ["id"] = "wait", ["type"] = "delay", ["config"] = new JsonObject { ["duration"] = "PT1H" } };

    sealed record Row(string Action, string ActorSubject, string? ActorName, Guid? WorkflowId, Guid? RecordId, string? SubjectName, string? BeforeValue, string? AfterValue);

    [Fact]
    public async Task WorkflowChanges_CreateSaveActivateDeactivateDelete_EachIsARowNamingWhoAndTheWorkflow()
    {
        var (organization, api) = await SignedInAsync("Audit Lifecycle");
        var definition = Linear("Invoice reminders", Record("a", "first"));
        definition["isActive"] = false;

        var workflow = await api.CreateWorkflowAsync(definition);
        using (var saved = await api.PutAsJsonAsync(Relative($"api/workflows/{workflow}"), Linear("Invoice reminders", Record("a", "second"))))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        using (var on = await api.PostAsJsonAsync(Relative($"api/workflows/{workflow}/activate"), new JsonObject()))
        {
            Assert.Equal(HttpStatusCode.OK, on.StatusCode);
        }

        using (var off = await api.PostAsync(Relative($"api/workflows/{workflow}/deactivate"), null))
        {
            Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        }

        using (var deleted = await api.DeleteAsync(Relative($"api/workflows/{workflow}")))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        var rows = await RowsAsync(organization);
        Assert.Equal(
            ["workflow_created", "workflow_saved", "workflow_activated", "workflow_deactivated", "workflow_deleted"],
            rows.Select(r => r.Action));
        Assert.All(rows, r => Assert.Equal(("user-dana", Dana, workflow, "Invoice reminders"), (r.ActorSubject, r.ActorName, r.WorkflowId, r.SubjectName)));
        Assert.Equal(("1", "2"), (rows[1].BeforeValue, rows[1].AfterValue));
        Assert.Equal(
            [
                "Dana Smith deleted “Invoice reminders”",
                "Dana Smith switched “Invoice reminders” off",
                "Dana Smith switched “Invoice reminders” on",
                "Dana Smith saved version 2 of “Invoice reminders”",
                "Dana Smith created “Invoice reminders”",
            ],
            await SentencesAsync(api, $"workflowId={workflow}"));
    }

    [Fact]
    public async Task Draft_Discarded_IsARowNamingWhoAndTheWorkflow_AndDiscardingNothingWritesNone()
    {
        var (organization, api) = await SignedInAsync("Audit Drafts");
        var workflow = await api.CreateWorkflowAsync(Linear("Estimate follow-up", Record("a", "first")));
        using (var saved = await api.PutAsJsonAsync(Relative($"api/workflows/{workflow}/draft"), Linear("Estimate follow-up", Record("a", "draft"))))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        using (var discarded = await api.DeleteAsync(Relative($"api/workflows/{workflow}/draft")))
        {
            Assert.Equal(HttpStatusCode.NoContent, discarded.StatusCode);
        }

        using (var again = await api.DeleteAsync(Relative($"api/workflows/{workflow}/draft")))
        {
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        }

        var rows = (await RowsAsync(organization)).Where(r => r.Action != "workflow_created").ToList();
        var row = Assert.Single(rows);
        Assert.Equal(("draft_discarded", "user-dana", Dana, workflow, "Estimate follow-up"), (row.Action, row.ActorSubject, row.ActorName, row.WorkflowId!.Value, row.SubjectName));
        Assert.Equal("Dana Smith discarded the draft of “Estimate follow-up”", (await SentencesAsync(api, $"workflowId={workflow}"))[0]);
        await using var connection = await app.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM automation_workflow_drafts WHERE workflow_id = @workflow", new { workflow }));
    }

    [Fact]
    public async Task Executions_RunNowCancelRetry_EachIsARowNamingTheExecution()
    {
        var (organization, api) = await SignedInAsync("Audit Runs");
        var workflow = await api.CreateWorkflowAsync(Linear("Follow-up", Wait()));

        var run = await api.RunAsync(workflow);
        await api.WaitForAsync(run, statuses: "waiting");
        using (var cancelled = await api.PostAsync(Relative($"api/executions/{run}/cancel"), null))
        {
            Assert.Equal(HttpStatusCode.Accepted, cancelled.StatusCode);
        }

        await api.WaitForAsync(run);
        Guid retry;
        using (var retried = await api.PostAsync(Relative($"api/executions/{run}/retry"), null))
        {
            Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
            retry = (await retried.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("executionId").GetGuid();
        }

        await api.WaitForAsync(retry, statuses: "waiting");
        using (await api.PostAsync(Relative($"api/executions/{retry}/cancel"), null))
        {
        }

        var rows = (await RowsAsync(organization)).Where(r => r.Action != "workflow_created").ToList();
        Assert.Equal(
            [("workflow_run", run), ("execution_cancelled", run), ("execution_retried", retry), ("execution_cancelled", retry)],
            rows.Select(r => (r.Action, r.RecordId!.Value)));
        Assert.All(rows, r => Assert.Equal((workflow, Dana), (r.WorkflowId!.Value, r.ActorName)));
        Assert.Equal(run.ToString(), rows[2].BeforeValue);
        Assert.Equal(
            ["Dana Smith cancelled a run of “Follow-up”", "Dana Smith retried a run of “Follow-up”", "Dana Smith cancelled a run of “Follow-up”", "Dana Smith ran “Follow-up” now"],
            (await SentencesAsync(api, $"workflowId={workflow}")).Take(4));
    }

    [Fact]
    public async Task SuppressionsAndErasure_AddRemoveErase_EachIsARow_NumbersMasked()
    {
        var (organization, api) = await SignedInAsync("Audit Consent");
        Guid client;
        await using (var connection = await app.OpenAsync())
        {
            client = await TestData.ClientAsync(connection, organization, "Val", "val@example.com", "+15550104592");
        }

        Guid entry;
        using (var added = await api.PostAsJsonAsync(Relative("api/sms/suppressions"), new JsonObject { ["phone"] = "+15550104592" }))
        {
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
            entry = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        }

        using (var again = await api.PostAsJsonAsync(Relative("api/sms/suppressions"), new JsonObject { ["phone"] = "+15550104592" }))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        using (var removed = await api.DeleteAsync(Relative($"api/sms/suppressions/{entry}")))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        using (var erased = await api.PostAsync(Relative($"api/clients/{client}/erase"), null))
        {
            Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        }

        var rows = await RowsAsync(organization);
        Assert.Equal(
            [("suppression_added", entry), ("suppression_removed", entry), ("client_erased", client)],
            rows.Select(r => (r.Action, r.RecordId!.Value)));
        Assert.All(rows.Take(2), r => Assert.DoesNotContain("0104592", r.SubjectName, StringComparison.Ordinal));
        Assert.All(rows.Take(2), r => Assert.EndsWith("4592", r.SubjectName, StringComparison.Ordinal));
        var sentences = await SentencesAsync(api, "");
        Assert.Equal("Dana Smith erased a client's personal data from the automations", sentences[0]);
        Assert.StartsWith("Dana Smith allowed texts to ", sentences[1], StringComparison.Ordinal);
        Assert.StartsWith("Dana Smith stopped texts to ", sentences[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlertSettings_Changed_IsARowWithBeforeAndAfterInWords_NoNumber()
    {
        var (organization, api) = await SignedInAsync("Audit Settings");
        using (var saved = await api.PutAsJsonAsync(Relative("api/settings/alerts"), new JsonObject
        {
            ["emails"] = new JsonArray("office@example.com"), ["phones"] = new JsonArray("+15550104593"), ["periodMinutes"] = 30,
        }))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        var row = Assert.Single(await RowsAsync(organization));
        Assert.Equal("setting_changed", row.Action);
        Assert.Equal("who is told of failures", row.SubjectName);
        Assert.StartsWith("1 email address, 1 phone number", row.AfterValue!, StringComparison.Ordinal);
        Assert.EndsWith("one alert per 30 minutes", row.AfterValue!, StringComparison.Ordinal);
        Assert.DoesNotContain("4593", row.AfterValue, StringComparison.Ordinal);
        var sentence = Assert.Single(await SentencesAsync(api, ""));
        Assert.StartsWith("Dana Smith changed who is told of failures from ", sentence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaleSave_Refused412_WritesNoRow()
    {
        var (organization, api) = await SignedInAsync("Audit Stale");
        var workflow = await api.CreateWorkflowAsync(Linear("Reminders", Record("a", "x")));
        using var request = new HttpRequestMessage(HttpMethod.Put, Relative($"api/workflows/{workflow}")) { Content = JsonContent.Create(Linear("Reminders", Record("a", "y"))) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"stale\""));

        using var response = await api.SendAsync(request);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal(["workflow_created"], (await RowsAsync(organization)).Select(r => r.Action));
    }

    [Fact]
    public async Task List_TwoOrganizations_EachSeesOnlyItsOwn_InTheApiAndUnderRowLevelSecurity()
    {
        var (first, firstApi) = await SignedInAsync("Audit North");
        var (second, secondApi) = await SignedInAsync("Audit South");
        var mine = await firstApi.CreateWorkflowAsync(Linear("North only", Record("a", "x")));
        await secondApi.CreateWorkflowAsync(Linear("South only", Record("a", "x")));

        var seenBySecond = await SentencesAsync(secondApi, "");
        var secondAskingForFirsts = await SentencesAsync(secondApi, $"workflowId={mine}");

        Assert.Equal(["Dana Smith created “South only”"], seenBySecond);
        Assert.Empty(secondAskingForFirsts);
        await using var connection = await app.OpenAsync(app.AppConnectionString);
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("SELECT set_config('fixlify.org_id', @second, true)", new { second = second.ToString() }, transaction);
        var visible = (await connection.QueryAsync<string>("SELECT subject_name FROM automation_audit_entries", transaction: transaction)).ToList();
        Assert.Equal(["South only"], visible);
        var forged = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => connection.ExecuteAsync(
            "INSERT INTO automation_audit_entries (organization_id, actor_subject, action) VALUES (@first, 'intruder', 'workflow_deleted')", new { first }, transaction));
        Assert.Equal("42501", forged.SqlState);
    }

    [Fact]
    public async Task List_Pages_AndAViewerMayRead()
    {
        var (organization, api) = await SignedInAsync("Audit Pages");
        for (var i = 0; i < 5; i++)
        {
            await api.CreateWorkflowAsync(Linear($"Workflow {i}", Record("a", "x")));
        }

        using var viewer = Client(organization, "user-val", "Val Jones", "viewer");
        var first = await viewer.GetFromJsonAsync<JsonElement>(Relative("api/audit?limit=3"));
        var second = await viewer.GetFromJsonAsync<JsonElement>(Relative($"api/audit?limit=3&cursor={first.GetProperty("nextCursor").GetString()}"));

        string[] names = [.. first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(e => e.GetProperty("about").GetString()!)];
        Assert.Equal(["Workflow 4", "Workflow 3", "Workflow 2", "Workflow 1", "Workflow 0"], names);
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
    }

    async Task<(Guid Organization, HttpClient Api)> SignedInAsync(string name)
    {
        await using var connection = await app.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection, name + " " + Guid.NewGuid().ToString("N")[..6]);
        return (organization, Client(organization, "user-dana", Dana, role: null));
    }

    HttpClient Client(Guid organization, string subject, string name, string? role)
    {
        var client = new HttpClient { BaseAddress = app.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", app.Token(organization, subject, name: name, role: role));
        return client;
    }

    async Task<List<Row>> RowsAsync(Guid organization)
    {
        await using var connection = await app.OpenAsync();
        return [.. await connection.QueryAsync<Row>(
            """
            SELECT action, actor_subject, actor_name, workflow_id, record_id, subject_name, before_value, after_value
              FROM automation_audit_entries WHERE organization_id = @organization ORDER BY created_at, id
            """,
            new { organization })];
    }

    static async Task<List<string>> SentencesAsync(HttpClient api, string query) =>
        [.. (await api.GetFromJsonAsync<JsonElement>(Relative($"api/audit?{query}"))).GetProperty("items").EnumerateArray().Select(e => e.GetProperty("sentence").GetString()!)];

    static Uri Relative(string path) => new(path, UriKind.Relative);
}
