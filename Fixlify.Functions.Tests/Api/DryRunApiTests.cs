using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using static Fixlify.Tests.Fixtures.ActionSteps;

namespace Fixlify.Tests.Api;

/// <summary><c>POST /api/workflows/{id}/test</c>: it writes and sends nothing, and refuses bad input, strangers and anonymous callers.</summary>
public sealed class DryRunApiTests(DryRunApp app) : IClassFixture<DryRunApp>
{
    sealed record Seeded(Guid Client, Guid Job, Guid Technician, Guid User);

    async Task<Seeded> SeedAsync()
    {
        await using var connection = await app.OpenAsync();
        var client = await TestData.ClientAsync(connection, app.OrganizationId, "Hal", "hal@example.com", "+15550105001");
        var technician = await TestData.TechnicianAsync(connection, app.OrganizationId, "Ina");
        var user = Guid.NewGuid();
        await connection.ExecuteAsync("UPDATE technicians SET user_id = @user WHERE id = @technician", new { user, technician });
        var (p256dh, auth) = ChannelsApp.BrowserKeys();
        await connection.ExecuteAsync(
            "INSERT INTO push_subscriptions (organization_id, user_id, endpoint, p256dh, auth) VALUES (@organization, @user, @endpoint, @p256dh, @auth)",
            new { organization = app.OrganizationId, user, endpoint = $"{app.PushService.Url}/push/{user}", p256dh, auth });
        var job = await TestData.JobAsync(connection, app.OrganizationId, client, technicianId: technician);
        return new Seeded(client, job, technician, user);
    }

    /// <summary>Every action type, each of which would run.</summary>
    JsonObject Everything() => new()
    {
        ["name"] = "everything",
        ["triggerType"] = "job_completed",
        ["isActive"] = true,
        ["steps"] = new JsonArray(
            Action("email", "send_email", new JsonObject { ["subject"] = "Done", ["html"] = "<b>{{ job.title }}</b>" }),
            Action("sms", "send_sms", new JsonObject { ["message"] = "Done: {{ job.title }}" }),
            Action("push", "send_push_notification", new JsonObject { ["userId"] = "{{ technician.user_id }}", ["title"] = "{{ job.title }} done" }),
            Action("message", "send_message", new JsonObject
            {
                ["channels"] = new JsonArray("push", "email"),
                ["push"] = new JsonObject { ["userId"] = "{{ technician.user_id }}", ["title"] = "Hi" },
                ["email"] = new JsonObject { ["subject"] = "Hi", ["text"] = "Hi" },
            }),
            Action("hook", "webhook", new JsonObject { ["url"] = $"http://127.0.0.1:{app.Receiver.Port()}/hook", ["payload"] = new JsonObject { ["job"] = "{{ job.id }}" } }),
            Action("call", "api_call", new JsonObject { ["method"] = "POST", ["url"] = $"http://127.0.0.1:{app.Receiver.Port()}/call", ["body"] = new JsonObject { ["a"] = 1 } }),
            Action("task", "create_task", new JsonObject { ["title"] = "Check {{ job.title }}", ["dueIn"] = "PT4H", ["assignee"] = "{{ technician.id }}" }),
            Action("update", "update_record", new JsonObject { ["record"] = "job", ["fields"] = new JsonObject { ["status"] = "completed", ["priority"] = "high" } }),
            Action("assign", "assign_technician", new JsonObject { ["strategy"] = "least_busy" })),
    };

    sealed record Counts(long Logs, long Deliveries, long Tasks, long Events, long Subscriptions, DateTime JobUpdatedAt, Guid? JobTechnician, string JobStatus, DateTime WorkflowUpdatedAt, int Executions);

    async Task<Counts> CountAsync(Guid job, Guid workflow)
    {
        await using var connection = await app.OpenAsync();
        await TestData.ExpandChangesAsync(connection);
        return await connection.QuerySingleAsync<Counts>(
            """
            SELECT (SELECT count(*) FROM automation_execution_logs) AS logs, (SELECT count(*) FROM automation_deliveries) AS deliveries,
                   (SELECT count(*) FROM tasks) AS tasks, (SELECT count(*) FROM automation_events) AS events,
                   (SELECT count(*) FROM push_subscriptions) AS subscriptions,
                   j.updated_at AS job_updated_at, j.technician_id AS job_technician, j.status AS job_status,
                   w.updated_at AS workflow_updated_at, coalesce(w.execution_count, 0) AS executions
              FROM jobs j, automation_workflows w WHERE j.id = @job AND w.id = @workflow
            """,
            new { job, workflow });
    }

    [Fact]
    public async Task DryRun_EveryActionType_WritesNothing_AndSendsNothing()
    {
        app.SetNow(new DateTimeOffset(2026, 1, 15, 18, 0, 0, TimeSpan.Zero));
        var seeded = await SeedAsync();
        var workflow = await app.Api.CreateWorkflowAsync(Everything());
        var before = await CountAsync(seeded.Job, workflow);
        var (emails, texts, pushes, calls) = (app.Smtp.ReceivedEmailCount, app.Telnyx.LogEntries.Count, app.PushService.LogEntries.Count, app.Receiver.LogEntries.Count);

        var report = await app.Api.DryRunAsync(workflow, new JsonObject { ["jobId"] = seeded.Job.ToString() });

        Assert.Equal("would_complete", report.Text("outcome"));
        Assert.Equal(["email", "sms", "push", "message", "hook", "call", "task", "update", "assign"], report.DryRunSteps().Select(s => s.Text("stepKey")));
        Assert.All(report.DryRunSteps(), s => Assert.True(s.Text("status") == "would_run", $"{s.Text("stepKey")}: {s}"));
        Assert.Equal(1, report.DryRunStep("push").GetProperty("preview").GetProperty("devices").GetInt32());
        Assert.Equal("push", report.DryRunStep("message").GetProperty("preview").Text("channel"));
        Assert.Equal(seeded.Job.ToString(), report.DryRunStep("hook").GetProperty("preview").GetProperty("payload").Text("job"));
        var update = report.DryRunStep("update").GetProperty("preview");
        Assert.Equal(("completed", "scheduled"), (update.GetProperty("fields").Text("status"), update.GetProperty("current").Text("status")));
        Assert.Equal("least_busy", report.DryRunStep("assign").GetProperty("preview").Text("strategy"));
        Assert.NotNull(report.DryRunStep("assign").GetProperty("preview").Text("technicianId"));
        Assert.Equal(seeded.Technician.ToString(), report.DryRunStep("task").GetProperty("preview").Text("assigneeId"));

        await Task.Delay(500);
        Assert.Equal(before, await CountAsync(seeded.Job, workflow));
        Assert.Equal(emails, app.Smtp.ReceivedEmailCount);
        Assert.Equal(texts, app.Telnyx.LogEntries.Count);
        Assert.Equal(pushes, app.PushService.LogEntries.Count);
        Assert.Equal(calls, app.Receiver.LogEntries.Count);
    }

    [Fact]
    public async Task DryRun_WithAnUnsavedDefinition_TriesTheDraft_AndReportsItsProblemsUnderDefinition()
    {
        var seeded = await SeedAsync();
        var workflow = await app.Api.CreateWorkflowAsync(Everything());
        var draft = new JsonObject
        {
            ["triggerType"] = "job_completed",
            ["nodes"] = new JsonArray(
                new JsonObject { ["id"] = "t", ["type"] = "trigger" },
                new JsonObject
                {
                    ["id"] = "thanks", ["type"] = "action",
                    ["data"] = new JsonObject { ["actionType"] = "send_sms", ["config"] = new JsonObject { ["message"] = "Draft: thanks, {{ client.first_name }}" } },
                }),
            ["edges"] = new JsonArray(new JsonObject { ["source"] = "t", ["target"] = "thanks" }),
        };

        var report = await app.Api.DryRunAsync(workflow, new JsonObject { ["jobId"] = seeded.Job.ToString() }, new JsonObject { ["definition"] = draft.DeepClone() });

        Assert.Equal(["thanks"], report.DryRunSteps().Select(s => s.Text("stepKey")));
        Assert.Equal("Draft: thanks, Hal", report.DryRunStep("thanks").GetProperty("preview").Text("text"));

        ((JsonObject)draft["nodes"]![1]!["data"]!["config"]!).Remove("message");
        using var response = await app.Api.PostDryRunAsync(workflow, new JsonObject { ["jobId"] = seeded.Job.ToString() }, new JsonObject { ["definition"] = draft.DeepClone() });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var paths = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString());
        Assert.Equal(["definition.nodes[1].data.config.message"], paths);
    }

    [Fact]
    public async Task DryRun_InactiveWorkflow_Works()
    {
        var seeded = await SeedAsync();
        var body = Everything();
        body["isActive"] = false;
        var workflow = await app.Api.CreateWorkflowAsync(body);

        var report = await app.Api.DryRunAsync(workflow, new JsonObject { ["job"] = new JsonObject { ["id"] = seeded.Job.ToString() } });

        Assert.False(report.GetProperty("isActive").GetBoolean());
        Assert.Equal(9, report.DryRunSteps().Count);
        Assert.Equal((seeded.Job.ToString(), seeded.Client.ToString()), (report.GetProperty("records").Text("job"), report.GetProperty("records").Text("client")));
    }

    [Fact]
    public async Task DryRun_AWorkflowWithAHoldOutGroup_SaysWhichGroupTheRecordFallsIn()
    {
        var seeded = await SeedAsync();
        var body = Everything();
        body["triggerConfig"] = new JsonObject { ["holdOutPercent"] = 50 };
        var workflow = await app.Api.CreateWorkflowAsync(body);
        var plain = await app.Api.CreateWorkflowAsync(Everything());

        var report = await app.Api.DryRunAsync(workflow, new JsonObject { ["jobId"] = seeded.Job.ToString() });
        var without = await app.Api.DryRunAsync(plain, new JsonObject { ["jobId"] = seeded.Job.ToString() });

        var heldOut = Fixlify.Workflows.HoldOutGroup.IsHeldOut(workflow, seeded.Job, 50);
        var holdOut = report.GetProperty("holdOut");
        Assert.Equal(heldOut ? "held_out" : "treated", holdOut.GetProperty("group").GetString());
        Assert.Equal(50, holdOut.GetProperty("percent").GetInt32());
        Assert.Contains(heldOut ? "Held out (comparison group)" : "This record gets the automation", holdOut.GetProperty("words").GetString(), StringComparison.Ordinal);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, without.GetProperty("holdOut").ValueKind);
    }

    [Fact]
    public async Task DryRun_AnotherOrganizationsWorkflow_Is404()
    {
        var seeded = await SeedAsync();
        var workflow = await app.Api.CreateWorkflowAsync(Everything());
        Guid other;
        await using (var connection = await app.OpenAsync())
        {
            other = await TestData.OrganizationAsync(connection, "Someone Else");
        }

        using var stranger = app.ClientFor(other);
        using var response = await stranger.PostDryRunAsync(workflow, new JsonObject { ["jobId"] = seeded.Job.ToString() });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("00000000-0000-4000-8000-000000000000")]
    [InlineData("not-a-uuid")]
    public async Task DryRun_MissingWorkflow_Is404(string id)
    {
        using var response = await app.Api.PostDryRunAsync(id, null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task DryRun_WithoutToken_Is401()
    {
        var workflow = await app.Api.CreateWorkflowAsync(Everything());

        using var response = await app.Http.PostAsJsonAsync(new Uri($"api/workflows/{workflow}/test", UriKind.Relative), new JsonObject { ["context"] = new JsonObject() });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("[1]", "$")]
    [InlineData("{\"context\": ", "$")]
    [InlineData("{\"context\": 5}", "context")]
    [InlineData("{\"context\": {}, \"jobId\": \"x\"}", "jobId")]
    [InlineData("{\"context\": {\"jobId\": \"soon\"}}", "context.jobId")]
    [InlineData("{\"context\": {\"jobId\": \"00000000-0000-4000-8000-000000000000\"}}", "context.jobId")]
    [InlineData("{\"context\": {\"invoice\": {\"id\": \"00000000-0000-4000-8000-000000000000\"}}}", "context.invoice.id")]
    [InlineData("{\"context\": {\"job\": \"fix leak\"}}", "context.job")]
    public async Task DryRun_BadBody_Is400NamingTheField(string json, string path)
    {
        var workflow = await app.Api.CreateWorkflowAsync(Everything());

        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await app.Api.PostAsync(new Uri($"api/workflows/{workflow}/test", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(path, problem.GetProperty("errors")[0].GetProperty("path").GetString());
    }

    [Fact]
    public async Task DryRun_AnotherOrganizationsJob_Is400_NotFoundInYourOrganization()
    {
        var workflow = await app.Api.CreateWorkflowAsync(Everything());
        Guid foreignJob;
        await using (var connection = await app.OpenAsync())
        {
            var other = await TestData.OrganizationAsync(connection, "Other Plumbing");
            foreignJob = await TestData.JobAsync(connection, other, await TestData.ClientAsync(connection, other, "Olga"));
        }

        using var response = await app.Api.PostDryRunAsync(workflow, new JsonObject { ["jobId"] = foreignJob.ToString() });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0];
        Assert.Equal(("context.jobId", $"No job '{foreignJob}' in your organization."), (error.GetProperty("path").GetString(), error.GetProperty("message").GetString()));
    }
}
