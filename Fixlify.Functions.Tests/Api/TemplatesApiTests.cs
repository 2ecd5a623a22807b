using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using Fixlify.Workflows;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Api;

/// <summary>
/// Template routes over HTTP on the standalone host: the catalog and its filters, instantiating (overrides, validation,
/// usage count) across organizations, and templates run end to end with the email arriving at a real SMTP server.
/// </summary>
public sealed class TemplatesApiTests(ChannelsApp app) : IClassFixture<ChannelsApp>
{
    static readonly Guid ThankYou = Guid.Parse("7e3b1a7e-0000-4000-8000-000000000003");
    static readonly Guid OverdueEscalation = Guid.Parse("7e3b1a7e-0000-4000-8000-000000000005");
    static readonly Guid WeeklySchedule = Guid.Parse("7e3b1a7e-0000-4000-8000-00000000000a");

    [Fact]
    public async Task List_ReturnsTheCatalog_InCamelCase()
    {
        var items = await ListAsync("");

        Assert.True(items.Count >= 10, $"{items.Count} templates");
        var thankYou = items.Single(t => t.GetProperty("id").GetGuid() == ThankYou);
        Assert.Equal("Job completed: thank-you and review request", thankYou.GetProperty("name").GetString());
        Assert.Equal(("jobs", "job_completed"), (thankYou.GetProperty("category").GetString(), thankYou.GetProperty("triggerType").GetString()));
        Assert.True(thankYou.GetProperty("shared").GetBoolean());
        Assert.Equal("send_email", thankYou.GetProperty("steps")[0].GetProperty("actionType").GetString());
        Assert.True(thankYou.TryGetProperty("usageCount", out _));
        Assert.True(thankYou.TryGetProperty("triggerConfig", out _));
        Assert.Equal(JsonValueKind.Object, items.Single(t => t.GetProperty("id").GetGuid() == WeeklySchedule).GetProperty("schedule").ValueKind);
    }

    [Theory]
    [InlineData("?category=billing", "billing", null)]
    [InlineData("?triggerType=invoice_overdue", null, "invoice_overdue")]
    [InlineData("?category=team&triggerType=recurring", "team", "recurring")]
    public async Task List_Filters_ReturnOnlyMatchingTemplates(string query, string? category, string? triggerType)
    {
        var all = await ListAsync("");

        var items = await ListAsync(query);

        Assert.NotEmpty(items);
        var expected = all.Where(t => (category is null || t.GetProperty("category").GetString() == category)
            && (triggerType is null || t.GetProperty("triggerType").GetString() == triggerType));
        Assert.Equal(expected.Select(t => t.GetProperty("id").GetGuid()).Order(), items.Select(t => t.GetProperty("id").GetGuid()).Order());
    }

    [Theory]
    [InlineData("?category=marketing", "category", "appointments, jobs, billing, sales, clients, team")]
    [InlineData("?triggerType=job_exploded", "triggerType", "job_completed")]
    [InlineData("?sort=name", "sort", "category, triggerType")]
    public async Task List_BadFilter_Is400NamingTheAllowedValues(string query, string path, string allowed)
    {
        using var response = await app.Api.GetAsync(new Uri("api/templates" + query, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray());
        Assert.Equal(path, error.GetProperty("path").GetString());
        Assert.Contains(allowed, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ShowsTheOrganizationsOwnTemplates_ButNotAnothers()
    {
        await using var connection = await app.OpenAsync();
        var other = await TestData.OrganizationAsync(connection, "Other Plumbing");
        var mine = await PrivateTemplateAsync(connection, app.OrganizationId, "Our own follow-up");
        var theirs = await PrivateTemplateAsync(connection, other, "Their secret follow-up");

        var items = await ListAsync("?category=sales");

        var ids = items.Select(t => t.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(mine, ids);
        Assert.DoesNotContain(theirs, ids);
        Assert.False(items.Single(t => t.GetProperty("id").GetGuid() == mine).GetProperty("shared").GetBoolean());
    }

    [Fact]
    public async Task Instantiate_CreatesAnInactiveWorkflowWithTheTemplatesDefinition_AndCountsOneUse()
    {
        var template = (await ListAsync("")).Single(t => t.GetProperty("id").GetGuid() == OverdueEscalation);
        var usesBefore = await UsageCountAsync(OverdueEscalation);

        using var response = await app.Api.PostAsJsonAsync(new Uri($"api/templates/{OverdueEscalation}/instantiate", UriKind.Relative), new JsonObject());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var workflow = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = workflow.GetProperty("id").GetGuid();
        Assert.Equal($"/api/workflows/{id}", response.Headers.Location?.OriginalString);
        Assert.False(workflow.GetProperty("isActive").GetBoolean());
        Assert.Equal(template.GetProperty("name").GetString(), workflow.GetProperty("name").GetString());
        Assert.Equal("invoice_overdue", workflow.GetProperty("triggerType").GetString());
        Assert.Equal(template.GetProperty("triggerConfig").GetRawText(), workflow.GetProperty("triggerConfig").GetRawText());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(template.GetProperty("steps").GetRawText()), JsonNode.Parse(workflow.GetProperty("steps").GetRawText())));
        Assert.Equal(usesBefore + 1, await UsageCountAsync(OverdueEscalation));

        var saved = await app.Api.GetFromJsonAsync<JsonElement>(new Uri($"api/workflows/{id}", UriKind.Relative));
        Assert.Equal((1, false), (saved.GetProperty("version").GetInt32(), saved.GetProperty("isActive").GetBoolean()));
    }

    [Fact]
    public async Task Instantiate_WithOverrides_MergesThemIntoTheTemplates()
    {
        var body = new JsonObject
        {
            ["name"] = "Chase big invoices",
            ["triggerConfig"] = new JsonObject { ["daysOverdue"] = 5, ["minAmount"] = 1000 },
        };

        using var response = await app.Api.PostAsJsonAsync(new Uri($"api/templates/{OverdueEscalation}/instantiate", UriKind.Relative), body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var workflow = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Chase big invoices", workflow.GetProperty("name").GetString());
        Assert.Equal((5, 1000), (workflow.GetProperty("triggerConfig").GetProperty("daysOverdue").GetInt32(), workflow.GetProperty("triggerConfig").GetProperty("minAmount").GetInt32()));
        Assert.False(workflow.GetProperty("isActive").GetBoolean());
    }

    [Fact]
    public async Task Instantiate_InvalidOverrides_Is400WithEachPath_AndCreatesNothing()
    {
        var workflowsBefore = await WorkflowCountAsync();
        var usesBefore = await UsageCountAsync(OverdueEscalation);
        var body = new JsonObject { ["triggerConfig"] = new JsonObject { ["daysOverdue"] = 0, ["colour"] = "red" }, ["schedule"] = new JsonObject { ["cron"] = "0 8 * * 1" } };

        using var response = await app.Api.PostAsJsonAsync(new Uri($"api/templates/{OverdueEscalation}/instantiate", UriKind.Relative), body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var paths = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString());
        Assert.Equal(["schedule", "triggerConfig.colour", "triggerConfig.daysOverdue"], paths.Order(StringComparer.Ordinal));
        Assert.Equal(workflowsBefore, await WorkflowCountAsync());
        Assert.Equal(usesBefore, await UsageCountAsync(OverdueEscalation));
    }

    [Theory]
    [InlineData("{\"isActive\": \"yes\", \"steps\": []}", new[] { "isActive", "steps" })]
    [InlineData("{\"name\": 7, \"triggerConfig\": [1]}", new[] { "name", "triggerConfig" })]
    [InlineData("{\"name\": \"\"}", new[] { "name" })]
    [InlineData("[1]", new[] { "$" })]
    public async Task Instantiate_BadBody_Is400NamingEachField(string json, string[] expected)
    {
        var workflowsBefore = await WorkflowCountAsync();
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");

        using var response = await app.Api.PostAsync(new Uri($"api/templates/{ThankYou}/instantiate", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var paths = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString());
        Assert.Equal(expected, paths.Order(StringComparer.Ordinal));
        Assert.Equal(workflowsBefore, await WorkflowCountAsync());
    }

    [Theory]
    [InlineData("00000000-0000-4000-8000-000000000000")]
    [InlineData("not-a-uuid")]
    public async Task Instantiate_UnknownTemplate_Is404(string id)
    {
        using var response = await app.Api.PostAsJsonAsync(new Uri($"api/templates/{id}/instantiate", UriKind.Relative), new JsonObject());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(id, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Instantiate_AnotherOrganizationsPrivateTemplate_Is404_AndUntouched()
    {
        await using var connection = await app.OpenAsync();
        var other = await TestData.OrganizationAsync(connection, "Rival Plumbing");
        var theirs = await PrivateTemplateAsync(connection, other, "Rival follow-up");
        var workflowsBefore = await WorkflowCountAsync();

        using var response = await app.Api.PostAsJsonAsync(new Uri($"api/templates/{theirs}/instantiate", UriKind.Relative), new JsonObject());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, await UsageCountAsync(theirs));
        Assert.Equal(workflowsBefore, await WorkflowCountAsync());

        // Its own organization can use it.
        using var owner = app.ClientFor(other);
        using var own = await owner.PostAsJsonAsync(new Uri($"api/templates/{theirs}/instantiate", UriKind.Relative), new JsonObject());
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        Assert.Equal(1, await UsageCountAsync(theirs));
    }

    [Theory]
    [InlineData("GET", "api/templates")]
    [InlineData("POST", "api/templates/7e3b1a7e-0000-4000-8000-000000000003/instantiate")]
    public async Task NoToken_Is401(string method, string path)
    {
        var usesBefore = await UsageCountAsync(ThankYou);
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)) { Content = method == "POST" ? JsonContent.Create(new JsonObject()) : null };

        using var response = await app.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(usesBefore, await UsageCountAsync(ThankYou));
    }

    [Fact]
    public async Task Instantiate_RecurringTemplateInactive_HasNoNextRunUntilActivated()
    {
        using var created = await app.Api.PostAsJsonAsync(new Uri($"api/templates/{WeeklySchedule}/instantiate", UriKind.Relative), new JsonObject());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var workflow = await created.Content.ReadFromJsonAsync<JsonElement>();
        var workflowId = workflow.GetProperty("id").GetGuid();
        Assert.Equal(JsonValueKind.Null, workflow.GetProperty("nextRunAt").ValueKind);

        using var activated = await app.Api.PostAsync(new Uri($"api/workflows/{workflowId}/activate", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        var next = (await activated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("nextRunAt").GetDateTimeOffset();
        Assert.InRange(next, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(7).AddHours(1));
    }

    [Fact]
    public async Task ThankYouTemplate_Activated_EmailsTheClientWhenTheirJobIsCompleted()
    {
        using var created = await app.Api.PostAsJsonAsync(new Uri($"api/templates/{ThankYou}/instantiate", UriKind.Relative), new JsonObject());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var workflow = await created.Content.ReadFromJsonAsync<JsonElement>();
        var workflowId = workflow.GetProperty("id").GetGuid();
        using var activated = await app.Api.PostAsync(new Uri($"api/workflows/{workflowId}/activate", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        await using var connection = await app.OpenAsync();
        var client = await TestData.ClientAsync(connection, app.OrganizationId, "Rosa", "rosa@example.com", phone: null);
        var technician = await TestData.TechnicianAsync(connection, app.OrganizationId, "Maria");
        var job = await TestData.JobAsync(connection, app.OrganizationId, client, "in_progress", technicianId: technician);

        await connection.ExecuteAsync("UPDATE jobs SET status = 'completed' WHERE id = @job", new { job });

        var execution = await WaitForExecutionAsync(workflowId, job);
        Assert.Equal("completed", execution.Status);
        var email = Assert.Single(app.EmailsOf(execution.Id));
        Assert.Equal("rosa@example.com", Assert.Single(email.To.Mailboxes).Address);
        Assert.Equal("Thank you, Rosa!", email.Subject);
        Assert.Contains("Thank you for choosing Test Plumbing for Fix leak.", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("a few words about your visit with Maria.", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("<strong>Fix leak</strong>", email.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WeeklyScheduleTemplate_EmailsEachTechnicianTheirOwnWeek()
    {
        await using var connection = await app.OpenAsync();
        var client = await TestData.ClientAsync(connection, app.OrganizationId, "Priya", "priya@example.com", phone: null);
        var busy = await TechnicianAsync(connection, "Busy", "busy@test.example");
        var idle = await TechnicianAsync(connection, "Idle", "idle@test.example");
        await TechnicianAsync(connection, "Offline", email: null);
        var start = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(3).AddHours(14), TimeSpan.Zero);
        await TestData.JobAsync(connection, app.OrganizationId, client, start: start, technicianId: busy);
        await TestData.JobAsync(connection, app.OrganizationId, client, "completed", start: start, technicianId: idle);
        await TestData.JobAsync(connection, app.OrganizationId, client, start: start.AddDays(8), technicianId: idle);
        var body = new JsonObject { ["isActive"] = true, ["schedule"] = new JsonObject { ["timeZone"] = "America/Chicago" } };

        using var created = await app.Api.PostAsJsonAsync(new Uri($"api/templates/{WeeklySchedule}/instantiate", UriKind.Relative), body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var workflow = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("""{"cron":"0 7 * * 1","timeZone":"America/Chicago"}""", workflow.GetProperty("schedule").GetRawText());
        var next = TimeZoneInfo.ConvertTime(workflow.GetProperty("nextRunAt").GetDateTimeOffset(), TimeZoneInfo.FindSystemTimeZoneById("America/Chicago"));
        Assert.Equal((DayOfWeek.Monday, 7, 0), (next.DayOfWeek, next.Hour, next.Minute));

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow.GetProperty("id").GetGuid()));

        Assert.Equal("completed", execution.Status());
        var emails = app.EmailsOf(execution.GetProperty("id").GetGuid());
        MimeKit.MimeMessage To(string address) => Assert.Single(emails, e => e.To.Mailboxes.Single().Address == address);
        var local = TimeZoneInfo.ConvertTime(start, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
        Assert.Contains($"- {local.ToString("dddd, MMMM d 'at' h:mm tt", CultureInfo.InvariantCulture)}: Fix leak for Priya Rivera", To("busy@test.example").TextBody, StringComparison.Ordinal);
        Assert.Contains("You have no jobs scheduled for the next 7 days.", To("idle@test.example").TextBody, StringComparison.Ordinal);
        Assert.Equal("Your jobs for the week, Idle", To("idle@test.example").Subject);
        Assert.Equal(emails.Count, execution.GetProperty("steps").EnumerateArray().Count(s => s.GetProperty("stepId").GetString() == "schedule-email" && s.Status() == "completed"));
        var offline = execution.GetProperty("steps").EnumerateArray().Where(s => s.GetProperty("stepId").GetString() == "has-email" && s.GetProperty("output").GetProperty("result").GetBoolean() == false);
        Assert.Single(offline);
    }

    [Fact]
    public async Task EveryCatalogTemplate_Instantiated_DryRunsToTheEnd_OnSeededRecords()
    {
        await using var connection = await app.OpenAsync();
        var client = await TestData.ClientAsync(connection, app.OrganizationId, "Lena", "lena@example.com", "+15550104444");
        var technician = await TechnicianAsync(connection, "Omar", "omar@test.example");
        await connection.ExecuteAsync("UPDATE technicians SET user_id = gen_random_uuid(), phone = '+15550105555' WHERE id = @technician", new { technician });
        var job = await TestData.JobAsync(connection, app.OrganizationId, client, start: DateTimeOffset.UtcNow.AddDays(3), technicianId: technician);
        var invoice = await TestData.InvoiceAsync(connection, app.OrganizationId, client, "sent", DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-3)));
        var estimate = await TestData.EstimateAsync(connection, app.OrganizationId, client, "sent");
        var records = new JsonObject
        {
            ["jobId"] = job.ToString(), ["invoiceId"] = invoice.ToString(), ["estimateId"] = estimate.ToString(), ["clientId"] = client.ToString(),
        };
        var (emails, texts) = (app.Smtp.ReceivedEmailCount, app.Telnyx.LogEntries.Count);

        foreach (var template in (await ListAsync("")).Where(t => t.GetProperty("shared").GetBoolean()))
        {
            using var created = await app.Api.PostAsJsonAsync(new Uri($"api/templates/{template.GetProperty("id")}/instantiate", UriKind.Relative), new JsonObject());
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var workflow = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

            var report = await app.Api.DryRunAsync(workflow, (JsonObject)records.DeepClone());

            var name = template.GetProperty("name").GetString();
            Assert.True(report.Text("outcome") == "would_complete", $"{name}: {report}");
            Assert.Contains(report.DryRunSteps(), s => s.Text("status") == "would_run");
            Assert.All(report.DryRunSteps(), s => Assert.True(s.Text("status") is not ("would_fail" or "skipped"), $"{name} {s.Text("stepKey")}: {s}"));
        }

        Assert.Equal((emails, texts), (app.Smtp.ReceivedEmailCount, app.Telnyx.LogEntries.Count));
    }

    [Fact]
    public async Task Instantiate_DoubleClickWithOneIdempotencyKey_CreatesOneAutomation_AndBothAnswersNameIt()
    {
        await using var connection = await app.OpenAsync();
        using var api = app.ClientFor(await TestData.OrganizationAsync(connection, "Double Click Plumbing"));
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"api/templates/{ThankYou}/instantiate") { Content = JsonContent.Create(new JsonObject()) };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await api.SendAsync(request);
            return (response.StatusCode, Id: (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal(responses[0].Id, responses[1].Id);
        var made = await api.GetFromJsonAsync<JsonElement>(new Uri("api/workflows", UriKind.Relative));
        Assert.Equal([responses[0].Id], made.GetProperty("items").EnumerateArray().Select(w => w.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task Instantiate_SameKeyWithOtherSettings_Is422InPlainWords_AndCreatesNothingMore()
    {
        await using var connection = await app.OpenAsync();
        using var api = app.ClientFor(await TestData.OrganizationAsync(connection, "Reused Key Plumbing"));
        var key = Guid.NewGuid().ToString();
        using var first = await InstantiateAsync(api, key, new JsonObject { ["name"] = "Thanks A" });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        using var second = await InstantiateAsync(api, key, new JsonObject { ["name"] = "Thanks B" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        var problem = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Idempotency-Key", problem.GetProperty("errors")[0].GetProperty("path").GetString());
        Assert.DoesNotContain("hash", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        var made = await api.GetFromJsonAsync<JsonElement>(new Uri("api/workflows", UriKind.Relative));
        Assert.Equal(["Thanks A"], made.GetProperty("items").EnumerateArray().Select(w => w.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Instantiate_SameKeyInAnotherOrganization_IsThatOrganizationsOwn()
    {
        await using var connection = await app.OpenAsync();
        using var one = app.ClientFor(await TestData.OrganizationAsync(connection, "Key Owner One"));
        using var two = app.ClientFor(await TestData.OrganizationAsync(connection, "Key Owner Two"));
        var key = Guid.NewGuid().ToString();

        using var first = await InstantiateAsync(one, key, new JsonObject());
        using var second = await InstantiateAsync(two, key, new JsonObject { ["name"] = "Other settings" });

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, second.StatusCode));
        Assert.NotEqual(
            (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(),
            (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
    }

    static async Task<HttpResponseMessage> InstantiateAsync(HttpClient api, string key, JsonObject body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/templates/{ThankYou}/instantiate") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await api.SendAsync(request);
    }

    async Task<List<JsonElement>> ListAsync(string query)
    {
        using var response = await app.Api.GetAsync(new Uri("api/templates" + query, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().Select(t => t.Clone())];
    }

    async Task<int> UsageCountAsync(Guid template)
    {
        await using var connection = await app.OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT usage_count FROM automation_templates WHERE id = @template", new { template });
    }

    async Task<int> WorkflowCountAsync()
    {
        await using var connection = await app.OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM automation_workflows");
    }

    static Task<Guid> PrivateTemplateAsync(Npgsql.NpgsqlConnection connection, Guid organization, string name) =>
        connection.ExecuteScalarAsync<Guid>(
            """
            INSERT INTO automation_templates (organization_id, name, category, trigger_type, steps)
            VALUES (@organization, @name, 'sales', 'estimate_sent',
                    '[{"id": "call", "type": "action", "actionType": "create_task", "config": {"title": "Call about {{ estimate.number }}"}}]')
            RETURNING id
            """,
            new { organization, name });

    Task<Guid> TechnicianAsync(Npgsql.NpgsqlConnection connection, string firstName, string? email) =>
        connection.ExecuteScalarAsync<Guid>(
            "INSERT INTO technicians (organization_id, first_name, last_name, email) VALUES (@organization, @firstName, 'Tech', @email) RETURNING id",
            new { organization = app.OrganizationId, firstName, email });

    sealed record Execution(Guid Id, string Status);

    /// <summary>Waits for the workflow's execution started by an event on <paramref name="entity"/> to end.</summary>
    async Task<Execution> WaitForExecutionAsync(Guid workflow, Guid entity)
    {
        await using var connection = await app.OpenAsync();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (true)
        {
            var execution = await connection.QuerySingleOrDefaultAsync<Execution>(
                """
                SELECT l.id, l.status FROM automation_execution_logs l JOIN automation_events e ON e.id = l.event_id
                 WHERE l.workflow_id = @workflow AND e.entity_id = @entity
                """,
                new { workflow, entity });
            if (execution is { Status: "completed" or "failed" })
            {
                return execution;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"no finished execution of workflow {workflow} for {entity}");
            await Task.Delay(100);
        }
    }
}
