using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using Fixlify.Triggers;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fixlify.Tests.Api;

/// <summary>
/// Issue 22, "no surprises when switching on or running": switching on an automation whose trigger finds records that
/// already qualify says how many (naming a few) and asks; "only from now on" (the default) starts nothing for them,
/// "also these now" starts them at the next tick; the appointment reminder asks about the jobs already booked; a run by
/// hand is refused until it is confirmed.
/// </summary>
public sealed class WorkflowActivationApiTests(ChannelsApp app) : IClassFixture<ChannelsApp>
{
    static readonly Guid OverdueEscalation = Guid.Parse("7e3b1a7e-0000-4000-8000-000000000005");
    static readonly Guid AppointmentReminder = Guid.Parse("7e3b1a7e-0000-4000-8000-000000000001");

    [Fact]
    public async Task Preview_InvoicesAlreadyOverdue_CountsThemAndNamesThemInWords()
    {
        var (api, organization, workflow) = await OverdueAutomationAsync("Preview Plumbing");
        await using var connection = await app.OpenAsync();
        var client = await ClientAsync(connection, organization, "preview@example.com");
        await InvoiceAsync(connection, organization, client, "1042", daysPastDue: 10);
        await InvoiceAsync(connection, organization, client, "1043", daysPastDue: 8);
        await InvoiceAsync(connection, organization, client, "1044", daysPastDue: 2);
        await connection.ExecuteAsync("UPDATE invoices SET status = 'paid' WHERE number = '1043' AND organization_id = @organization", new { organization });

        var preview = await api.GetFromJsonAsync<JsonElement>(new Uri($"api/workflows/{workflow}/activation", UriKind.Relative));

        Assert.True(preview.GetProperty("applies").GetBoolean());
        Assert.Equal(1, preview.GetProperty("existing").GetInt32());
        Assert.Equal("1 invoice is already overdue.", preview.GetProperty("summary").GetString());
        Assert.Equal(["Invoice #1042 · Acme Plumbing · 10 days overdue"], preview.GetProperty("samples").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Activate_OnlyFromNowOn_AnInvoiceAlreadyOverdueGetsNothing_AndOneOverdueLaterDoes()
    {
        var (api, organization, workflow) = await OverdueAutomationAsync("Skip Plumbing");
        await using var connection = await app.OpenAsync();
        var client = await ClientAsync(connection, organization, "skip@example.com");
        var alreadyOverdue = await InvoiceAsync(connection, organization, client, "2001", daysPastDue: 10);
        var overdueTomorrow = await InvoiceAsync(connection, organization, client, "2002", daysPastDue: 6);

        using var response = await api.PostAsync(new Uri($"api/workflows/{workflow}/activate", UriKind.Relative), null);

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        Assert.True(body.GetProperty("isActive").GetBoolean());
        Assert.Equal(("skip", 1), (body.GetProperty("activation").GetProperty("existingRecords").GetString(), body.GetProperty("activation").GetProperty("existing").GetInt32()));
        Assert.Equal(("skip", 1), await connection.QuerySingleAsync<(string, int)>(
            "SELECT existing_records, existing_count FROM automation_workflows WHERE id = @workflow AND activated_at IS NOT NULL", new { workflow }));

        await TickAsync();
        await TickAsync();
        Assert.Empty(await InvoiceEventsAsync(connection, workflow));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM automation_execution_logs WHERE workflow_id = @workflow", new { workflow }));
        Assert.DoesNotContain(app.Smtp.ReceivedEmail, m => m.ToAddresses.Any(a => a.Address == "skip@example.com"));

        // A day later the invoice due 6 days ago reaches 7 days: it fires; the one overdue at activation still does not.
        await app.Services.GetRequiredService<TimeTriggers>().FireAsync(DateTimeOffset.UtcNow.AddDays(1), CancellationToken.None);
        Assert.Equal([overdueTomorrow], await InvoiceEventsAsync(connection, workflow));
        Assert.DoesNotContain(alreadyOverdue, await InvoiceEventsAsync(connection, workflow));
    }

    [Fact]
    public async Task Activate_AlsoTheseNow_AnInvoiceTenDaysOverdueGetsItsEmail_SayingTheRealNumberOfDays()
    {
        var (api, organization, workflow) = await OverdueAutomationAsync("Include Plumbing");
        await using var connection = await app.OpenAsync();
        var client = await ClientAsync(connection, organization, "include@example.com");
        var invoice = await InvoiceAsync(connection, organization, client, "3001", daysPastDue: 10);

        using var response = await api.PostAsJsonAsync(new Uri($"api/workflows/{workflow}/activate", UriKind.Relative), new JsonObject { ["existingRecords"] = "include" });

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        Assert.Equal(("include", 1), (body.GetProperty("activation").GetProperty("existingRecords").GetString(), body.GetProperty("activation").GetProperty("existing").GetInt32()));
        await TickAsync();
        await TickAsync();

        Assert.Equal([invoice], await InvoiceEventsAsync(connection, workflow));
        var emails = await Eventually.WaitForAsync(
            () => Task.FromResult(app.Smtp.ReceivedEmail.Where(m => m.ToAddresses.Any(a => a.Address == "include@example.com")).ToList()),
            found => found.Count > 0);
        var email = Assert.Single(emails);
        Assert.Contains("10 days ago", email.MessageParts[0].BodyData, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Activate_UnknownChoice_IsRefusedNamingTheField()
    {
        var (api, _, workflow) = await OverdueAutomationAsync("Typo Plumbing");

        using var response = await api.PostAsJsonAsync(new Uri($"api/workflows/{workflow}/activate", UriKind.Relative), new JsonObject { ["existingRecords"] = "all" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("existingRecords", problem.GetProperty("errors")[0].GetProperty("path").GetString());
        Assert.Contains("only from now on", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var after = await api.GetFromJsonAsync<JsonElement>(new Uri($"api/workflows/{workflow}", UriKind.Relative));
        Assert.False(after.GetProperty("isActive").GetBoolean());
    }

    [Fact]
    public async Task AppointmentReminder_JobsAlreadyBooked_AreCountedAndStartedWhenIncluded()
    {
        await using var connection = await app.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection, "Booked Plumbing");
        using var api = app.ClientFor(organization);
        var client = await ClientAsync(connection, organization, "booked@example.com");
        var booked = await TestData.JobAsync(connection, organization, client, start: DateTimeOffset.UtcNow.AddDays(3));
        await TestData.JobAsync(connection, organization, client, "cancelled", start: DateTimeOffset.UtcNow.AddDays(4));
        await TestData.JobAsync(connection, organization, client, "completed", start: DateTimeOffset.UtcNow.AddDays(-2));
        await TestData.ExpandChangesAsync(connection);
        using var created = await api.PostAsJsonAsync(new Uri($"api/templates/{AppointmentReminder}/instantiate", UriKind.Relative), new JsonObject());
        var workflow = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var preview = await api.GetFromJsonAsync<JsonElement>(new Uri($"api/workflows/{workflow}/activation", UriKind.Relative));
        Assert.Equal(1, preview.GetProperty("existing").GetInt32());
        Assert.Equal("1 job is already booked.", preview.GetProperty("summary").GetString());
        Assert.StartsWith("Job “Fix leak” · Acme Plumbing · booked for ", Assert.Single(preview.GetProperty("samples").EnumerateArray()).GetString(), StringComparison.Ordinal);

        using var response = await api.PostAsJsonAsync(new Uri($"api/workflows/{workflow}/activate", UriKind.Relative), new JsonObject { ["existingRecords"] = "include" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        await TickAsync();

        var started = await Eventually.WaitForAsync(
            () => connection.QueryAsync<string>(
                "SELECT trigger_data ->> 'entityId' FROM automation_execution_logs WHERE workflow_id = @workflow", new { workflow }),
            rows => rows.Any());
        Assert.Equal([booked.ToString()], started);
    }

    [Fact]
    public async Task Run_WithoutConfirmation_IsRefusedNamingTheField_AndStartsNothing()
    {
        var id = await app.Api.CreateWorkflowAsync(ApiCalls.Linear("confirm first", ActionSteps.Action("mail", "send_email", new JsonObject { ["subject"] = "Hi", ["text"] = "Hello." })));
        await using var connection = await app.OpenAsync();

        using var refused = await app.Api.PostAsJsonAsync(new Uri($"api/workflows/{id}/run", UriKind.Relative), new JsonObject { ["context"] = new JsonObject() });
        using var unconfirmed = await app.Api.PostAsJsonAsync(new Uri($"api/workflows/{id}/run", UriKind.Relative), new JsonObject { ["confirm"] = false });

        Assert.All(new[] { refused, unconfirmed }, r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("confirm", problem.GetProperty("errors")[0].GetProperty("path").GetString());
        Assert.Contains("sends real messages", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM automation_execution_logs WHERE workflow_id = @id", new { id }));
    }

    /// <summary>The catalog's overdue escalation, starting 7 days past due, in an organization of its own (switched off).</summary>
    [Fact]
    public async Task Preview_JobsRunningLate_CountsWhatAlsoTheseNowThenFires_ByTheTriggersOneDefinition()
    {
        await using var connection = await app.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection, "Late Plumbing");
        var api = app.ClientFor(organization);
        var workflow = await api.CreateWorkflowAsync(new JsonObject
        {
            ["name"] = "Late jobs",
            ["triggerType"] = "job_overdue",
            ["triggerConfig"] = new JsonObject { ["graceMinutes"] = 30 },
            ["isActive"] = false,
            ["steps"] = new JsonArray(new JsonObject { ["id"] = "call", ["type"] = "action", ["actionType"] = "create_task", ["config"] = new JsonObject { ["title"] = "Call about the late job" } }),
        });
        var client = await ClientAsync(connection, organization, "late@example.com");
        var now = DateTimeOffset.UtcNow;
        var late = await TestData.JobAsync(connection, organization, client, start: now.AddHours(-5));            // ended 3 hours ago
        // Started a week ago at 10:00 in the organization's zone: whole days are counted by its calendar, so a job ending
        // near midnight would read 6 or 7 days depending on the hour the test runs.
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var weekAgo = TimeZoneInfo.ConvertTime(now, newYork).Date.AddDays(-7).AddHours(10);
        var lateLastWeek = await TestData.JobAsync(connection, organization, client, start: new DateTimeOffset(weekAgo, newYork.GetUtcOffset(weekAgo)).ToUniversalTime());
        await TestData.JobAsync(connection, organization, client, status: "completed", start: now.AddHours(-5));
        await TestData.JobAsync(connection, organization, client, status: "cancelled", start: now.AddHours(-5));
        await TestData.JobAsync(connection, organization, client, start: now.AddHours(-2).AddMinutes(-10));      // ended 10 minutes ago: within the grace
        await TestData.JobAsync(connection, organization, client, start: now.AddHours(1));

        var preview = await api.GetFromJsonAsync<JsonElement>(new Uri($"api/workflows/{workflow}/activation", UriKind.Relative));
        using var activated = await api.PostAsJsonAsync(
            new Uri($"api/workflows/{workflow}/activate", UriKind.Relative), new JsonObject { ["existingRecords"] = "include" });
        Assert.True(activated.IsSuccessStatusCode, await activated.Content.ReadAsStringAsync());
        await TickAsync();

        Assert.Equal((2, "2 jobs are already past their end."), (preview.GetProperty("existing").GetInt32(), preview.GetProperty("summary").GetString()));
        Assert.Equal(
            "Job “Fix leak” · Acme Plumbing · 7 days past its end",
            preview.GetProperty("samples").EnumerateArray().First().GetString());
        var fired = (await connection.QueryAsync<Guid>(
            "SELECT entity_id FROM automation_events WHERE event_type = 'job_overdue' AND (payload ->> 'workflowId')::uuid = @workflow", new { workflow })).ToHashSet();
        Assert.Equal(new HashSet<Guid> { late, lateLastWeek }, fired);
    }

    async Task<(HttpClient Api, Guid Organization, Guid Workflow)> OverdueAutomationAsync(string name)
    {
        await using var connection = await app.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection, name);
        var api = app.ClientFor(organization);
        using var created = await api.PostAsJsonAsync(
            new Uri($"api/templates/{OverdueEscalation}/instantiate", UriKind.Relative), new JsonObject { ["triggerConfig"] = new JsonObject { ["daysOverdue"] = 7 } });
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(created.IsSuccessStatusCode, body.ToString());
        Assert.False(body.GetProperty("isActive").GetBoolean());
        return (api, organization, body.GetProperty("id").GetGuid());
    }

    static Task<Guid> ClientAsync(NpgsqlConnection connection, Guid organization, string email) =>
        connection.ExecuteScalarAsync<Guid>(
            "INSERT INTO clients (organization_id, first_name, last_name, company, email, phone) VALUES (@organization, 'Dana', 'Reyes', 'Acme Plumbing', @email, NULL) RETURNING id",
            new { organization, email });

    /// <summary>A sent invoice due <paramref name="daysPastDue"/> days before today in the organization's zone (New York).</summary>
    static Task<Guid> InvoiceAsync(NpgsqlConnection connection, Guid organization, Guid client, string number, int daysPastDue)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("America/New_York")).DateTime);
        return connection.ExecuteScalarAsync<Guid>(
            "INSERT INTO invoices (organization_id, client_id, number, status, total, due_date) VALUES (@organization, @client, @number, 'sent', 480, @due) RETURNING id",
            new { organization, client, number, due = today.AddDays(-daysPastDue).ToDateTime(TimeOnly.MinValue) });
    }

    static async Task<List<Guid>> InvoiceEventsAsync(NpgsqlConnection connection, Guid workflow) =>
        [.. await connection.QueryAsync<Guid>(
            "SELECT entity_id FROM automation_events WHERE event_type = 'invoice_overdue' AND payload ->> 'workflowId' = @workflow ORDER BY entity_id",
            new { workflow = workflow.ToString() })];

    Task<SchedulerTick.Report> TickAsync() =>
        app.Services.GetRequiredService<SchedulerTick>().RunAsync(app.Services.GetRequiredService<DurableTaskClient>(), CancellationToken.None);
}
