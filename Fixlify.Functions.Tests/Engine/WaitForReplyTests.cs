using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using static Fixlify.Tests.Fixtures.ActionSteps;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Engine;

/// <summary>
/// wait_for_reply end to end on the in-process Durable host with PostgreSQL: a text goes to the client (Telnyx stub), the
/// execution waits, and the client's reply comes in through the signed inbound webhook, is routed by (organization
/// number, sender) to the waiting execution as a Durable external event, and decides the branch.
/// </summary>
public sealed class WaitForReplyTests : IClassFixture<ChannelsApp>
{
    readonly ChannelsApp _app;

    public WaitForReplyTests(ChannelsApp app)
    {
        _app = app;
        app.TelnyxAcceptsEveryText("msg-wait");
    }

    static readonly JsonObject Ask = new() { ["message"] = "Hi {{ client.first_name }}, reply C to confirm {{ job.title }} or R to reschedule." };

    /// <summary>Text the client, wait for the answer, then: confirmed → mark the job; else a task saying what came back.</summary>
    static JsonObject ConfirmationWorkflow(string name, string timeout, params JsonNode[] after) => new()
    {
        ["name"] = name,
        ["triggerType"] = "manual",
        ["steps"] = new JsonArray([
            Action("ask", "send_sms", (JsonObject)Ask.DeepClone()),
            new JsonObject { ["id"] = "reply", ["type"] = "wait_for_reply", ["config"] = new JsonObject { ["timeout"] = timeout } },
            Condition(
                "answer", Rule("steps.reply.intent", "eq", "confirm"),
                new JsonArray(Action("confirm", "update_record", new JsonObject
                {
                    ["record"] = "job", ["fields"] = new JsonObject { ["confirmed_at"] = "{{ steps.reply.receivedAt }}" },
                })),
                new JsonArray(Action("other", "create_task", new JsonObject { ["title"] = "Answer {{ steps.reply.intent }}: {{ steps.reply.reply }}" }))),
            .. after.Select(a => a.DeepClone()),
        ]),
    };

    async Task<(Guid Client, Guid Job)> ClientWithJobAsync(string firstName, string phone)
    {
        await using var connection = await _app.OpenAsync();
        var client = await TestData.ClientAsync(connection, _app.OrganizationId, firstName, email: null, phone);
        return (client, await TestData.JobAsync(connection, _app.OrganizationId, client));
    }

    async Task<Guid> StartAsync(Guid workflow, Guid job)
    {
        var execution = await _app.Api.RunAsync(workflow, new JsonObject { ["jobId"] = job.ToString() });
        var waiting = await _app.Api.WaitForAsync(execution, TimeSpan.FromSeconds(60), "waiting");
        Assert.Equal("waiting", waiting.Step("reply").Status());
        return execution;
    }

    async Task<List<string>> TasksOfAsync(Guid execution)
    {
        await using var connection = await _app.OpenAsync();
        return [.. await connection.QueryAsync<string>("SELECT title FROM tasks WHERE created_by_execution = @execution", new { execution })];
    }

    [Fact]
    public async Task ReplyC_TakesTheConfirmBranch_AndMarksTheJobConfirmed()
    {
        var (_, job) = await ClientWithJobAsync("Carla", "+15550301001");
        var workflow = await _app.Api.CreateWorkflowAsync(ConfirmationWorkflow("confirm by text", "PT10M"));
        var executionId = await StartAsync(workflow, job);

        var routed = await _app.TextInAsync("+15550301001", " c. ");

        Assert.Equal(executionId, routed.GetProperty("executionId").GetGuid());
        var execution = await _app.Api.WaitForAsync(executionId);
        Assert.Equal("completed", execution.Status());
        var reply = execution.Step("reply").GetProperty("output");
        Assert.Equal((" c. ", "confirm"), (reply.GetProperty("reply").GetString(), reply.GetProperty("intent").GetString()));
        Assert.Equal("true", execution.Step("answer").GetProperty("output").GetProperty("branch").GetString());
        await using var connection = await _app.OpenAsync();
        var confirmedAt = await connection.ExecuteScalarAsync<DateTime?>("SELECT confirmed_at FROM jobs WHERE id = @job", new { job });
        Assert.Equal(reply.GetProperty("receivedAt").GetDateTimeOffset().UtcDateTime, confirmedAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Empty(await TasksOfAsync(executionId));
    }

    [Fact]
    public async Task ReplyStop_OptsTheNumberOutFirst_EndsTheWaitAsOptedOut_AndNothingMoreIsTexted()
    {
        var (client, job) = await ClientWithJobAsync("Stan", "+15550301002");
        var workflow = await _app.Api.CreateWorkflowAsync(ConfirmationWorkflow(
            "confirm, then a follow-up", "PT10M", Action("follow-up", "send_sms", new JsonObject { ["message"] = "One more thing, {{ client.first_name }}…" })));
        var executionId = await StartAsync(workflow, job);

        var routed = await _app.TextInAsync("+15550301002", "STOP");

        Assert.Equal(("opted_out", 1, executionId), (routed.GetProperty("action").GetString(), routed.GetProperty("clients").GetInt32(), routed.GetProperty("executionId").GetGuid()));
        var execution = await _app.Api.WaitForAsync(executionId);
        Assert.Equal("opted_out", execution.Step("reply").GetProperty("output").GetProperty("intent").GetString());
        Assert.Equal("suppressed", execution.Step("follow-up").Status());
        Assert.Single(_app.TextsTo("+15550301002"));
        Assert.Equal(["Answer opted_out: STOP"], await TasksOfAsync(executionId));
        await using var connection = await _app.OpenAsync();
        Assert.True(await connection.ExecuteScalarAsync<bool>("SELECT sms_opt_out FROM clients WHERE id = @client", new { client }));
    }

    [Fact]
    public async Task NoReply_TakesTheOtherBranchAtTheTimeout_WithIntentNone()
    {
        var (_, job) = await ClientWithJobAsync("Nora", "+15550301003");
        var workflow = await _app.Api.CreateWorkflowAsync(ConfirmationWorkflow("nobody answers", "PT3S"));

        var executionId = await _app.Api.RunAsync(workflow, new JsonObject { ["jobId"] = job.ToString() });
        var execution = await _app.Api.WaitForAsync(executionId);

        Assert.Equal("completed", execution.Status());
        var wait = execution.Step("reply");
        var output = wait.GetProperty("output");
        Assert.Equal(("none", JsonValueKind.Null), (output.GetProperty("intent").GetString(), output.GetProperty("reply").ValueKind));
        var waited = wait.GetProperty("finishedAt").GetDateTimeOffset() - wait.GetProperty("startedAt").GetDateTimeOffset();
        Assert.True(waited >= TimeSpan.FromSeconds(3), $"the wait ended after {waited}, before its timeout");
        Assert.Equal(wait.GetProperty("startedAt").GetDateTimeOffset() + TimeSpan.FromSeconds(3), output.GetProperty("timeoutAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        Assert.Equal(["Answer none:"], await TasksOfAsync(executionId));
    }

    [Fact]
    public async Task TwoExecutionsWaitForOneClient_TheNewestGetsTheReply_TheOtherKeepsWaitingForTheNext()
    {
        var (_, job) = await ClientWithJobAsync("Tess", "+15550301004");
        var workflow = await _app.Api.CreateWorkflowAsync(ConfirmationWorkflow("asked twice", "PT10M"));
        var older = await StartAsync(workflow, job);
        var newer = await StartAsync(workflow, job);

        var first = await _app.TextInAsync("+15550301004", "R");

        Assert.Equal(newer, first.GetProperty("executionId").GetGuid());
        Assert.Equal("reschedule", (await _app.Api.WaitForAsync(newer)).Step("reply").GetProperty("output").GetProperty("intent").GetString());
        Assert.Equal("waiting", (await _app.Api.ExecutionAsync(older)).Status());

        var second = await _app.TextInAsync("+15550301004", "yes");

        Assert.Equal(older, second.GetProperty("executionId").GetGuid());
        Assert.Equal("confirm", (await _app.Api.WaitForAsync(older)).Step("reply").GetProperty("output").GetProperty("intent").GetString());
        var third = await _app.TextInAsync("+15550301004", "thanks!");
        Assert.Equal(JsonValueKind.Null, third.GetProperty("executionId").ValueKind);
    }

    [Fact]
    public async Task OneReplyDeliveredTwice_IsGivenToOneWaitingExecutionOnly_TheOtherKeepsWaiting()
    {
        // Two appointments wait for the client's answer; Telnyx delivers their one "C" twice. One appointment is confirmed.
        var (_, job) = await ClientWithJobAsync("Ugo", "+15550301009");
        var workflow = await _app.Api.CreateWorkflowAsync(ConfirmationWorkflow("one reply, delivered twice", "PT10M"));
        var older = await StartAsync(workflow, job);
        var newer = await StartAsync(workflow, job);
        var webhook = InboundTexts.Webhook("+15550301009", "+15550001111", "C");

        var first = await _app.DeliverAsync(webhook);
        var again = await _app.DeliverAsync(webhook);

        Assert.Equal(newer, first.GetProperty("executionId").GetGuid());
        Assert.Equal(("duplicate", JsonValueKind.Null), (again.GetProperty("action").GetString(), again.GetProperty("executionId").ValueKind));
        Assert.Equal("confirm", (await _app.Api.WaitForAsync(newer)).Step("reply").GetProperty("output").GetProperty("intent").GetString());
        Assert.Equal("waiting", (await _app.Api.ExecutionAsync(older)).Status());
        await using var connection = await _app.OpenAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM automation_execution_waits WHERE execution_id = @older", new { older }));
    }

    [Fact]
    public async Task ReplyAfterTheTextBeforeTheWaitIsWritten_IsKept_AndTheWaitTakesIt()
    {
        var (_, job) = await ClientWithJobAsync("Quinn", "+15550301007");
        var workflow = await _app.Api.CreateWorkflowAsync(ConfirmationWorkflow("answered at once", "PT10M"));
        var replies = new List<JsonElement>();

        // The text has gone (the ExecuteAction activity ended); the reply comes before StartWait writes the wait.
        _app.BeforeWaitStarts = async (_, _) => replies.Add(await _app.TextInAsync("+15550301007", "Yes!"));
        Guid executionId;
        try
        {
            executionId = await _app.Api.RunAsync(workflow, new JsonObject { ["jobId"] = job.ToString() });
            await _app.Api.WaitForAsync(executionId);
        }
        finally
        {
            _app.BeforeWaitStarts = null;
        }

        Assert.Equal(JsonValueKind.Null, Assert.Single(replies).GetProperty("executionId").ValueKind);
        var execution = await _app.Api.WaitForAsync(executionId);
        Assert.Equal("completed", execution.Status());
        var reply = execution.Step("reply").GetProperty("output");
        Assert.Equal(("Yes!", "confirm"), (reply.GetProperty("reply").GetString(), reply.GetProperty("intent").GetString()));
        Assert.Equal("true", execution.Step("answer").GetProperty("output").GetProperty("branch").GetString());
        await using var connection = await _app.OpenAsync();
        Assert.NotNull(await connection.ExecuteScalarAsync<DateTime?>("SELECT confirmed_at FROM jobs WHERE id = @job", new { job }));
    }

    [Fact]
    public async Task ReplyBeforeTheTextWasSent_IsNotTakenByTheWait()
    {
        var (_, job) = await ClientWithJobAsync("Pia", "+15550301008");
        var workflow = await _app.Api.CreateWorkflowAsync(ConfirmationWorkflow("answered too early", "PT10M"));

        var early = await _app.TextInAsync("+15550301008", "C");
        var executionId = await StartAsync(workflow, job);
        var routed = await _app.TextInAsync("+15550301008", "R");

        Assert.Equal(JsonValueKind.Null, early.GetProperty("executionId").ValueKind);
        Assert.Equal(executionId, routed.GetProperty("executionId").GetGuid());
        var reply = (await _app.Api.WaitForAsync(executionId)).Step("reply").GetProperty("output");
        Assert.Equal(("R", "reschedule"), (reply.GetProperty("reply").GetString(), reply.GetProperty("intent").GetString()));
    }

    [Fact]
    public async Task ReplyFromANumberNobodyWaitsFor_ReachesNoExecution()
    {
        var (_, job) = await ClientWithJobAsync("Una", "+15550301005");
        var workflow = await _app.Api.CreateWorkflowAsync(ConfirmationWorkflow("waits for Una", "PT10M"));
        var executionId = await StartAsync(workflow, job);

        var stranger = await _app.TextInAsync("+15550309999", "C");
        var otherOrganizationsNumber = await _app.TextInAsync("+15550301005", "C", to: "+15550008888");

        Assert.Equal(JsonValueKind.Null, stranger.GetProperty("executionId").ValueKind);
        Assert.Equal(JsonValueKind.Null, otherOrganizationsNumber.GetProperty("executionId").ValueKind);
        Assert.Equal("waiting", (await _app.Api.ExecutionAsync(executionId)).Status());
    }

    [Fact]
    public async Task Save_WaitForReplyWithoutATextBefore_IsRefusedWithItsPath()
    {
        var paths = await _app.Api.RefusedAsync(new JsonObject
        {
            ["name"] = "waits for nothing",
            ["triggerType"] = "manual",
            ["steps"] = new JsonArray(new JsonObject { ["id"] = "reply", ["type"] = "wait_for_reply", ["config"] = new JsonObject() }),
        });

        Assert.Equal(["steps[0].config.timeout"], paths);
    }

    [Fact]
    public async Task CatalogTemplate_AppointmentConfirmation_RunsEndToEnd_OnAJobBookedForTomorrow()
    {
        // Its own organization and number: the template starts on every job created in it.
        Guid organization;
        Guid client;
        await using (var connection = await _app.OpenAsync())
        {
            organization = await TestData.OrganizationAsync(connection, "Confirming Plumbing");
            await connection.ExecuteAsync(
                "UPDATE organizations SET sms_from_number = '+15550007777', quiet_hours_start = '00:00', quiet_hours_end = '00:00' WHERE id = @organization", new { organization });
            client = await TestData.ClientAsync(connection, organization, "Rita", email: null, "(555) 030-1006");
        }

        using var api = _app.ClientFor(organization);
        using var instantiated = await api.PostAsJsonAsync(
            new Uri("api/templates/7e3b1a7e-0000-4000-8000-00000000000d/instantiate", UriKind.Relative), new JsonObject { ["isActive"] = true });
        Assert.True(instantiated.IsSuccessStatusCode, await instantiated.Content.ReadAsStringAsync());
        var workflow = (await instantiated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        Guid job;
        await using (var connection = await _app.OpenAsync())
        {
            // Booked for 20 hours from now: the 24-hours-before moment has passed, so the text goes at once.
            job = await TestData.JobAsync(connection, organization, client, start: DateTimeOffset.UtcNow.AddHours(20));
        }

        var executionId = await WaitForExecutionAsync(workflow);
        await api.WaitForAsync(executionId, TimeSpan.FromSeconds(60), "waiting");
        var text = JsonNode.Parse(Assert.Single(_app.TextsTo("+15550301006")).RequestMessage.Body!)!;
        Assert.Equal("+15550007777", text["from"]!.ToString());
        Assert.Contains("Reply C to confirm or R to reschedule", text["text"]!.ToString(), StringComparison.Ordinal);

        var routed = await _app.TextInAsync("+15550301006", "Confirm", to: "+15550007777");

        Assert.Equal(executionId, routed.GetProperty("executionId").GetGuid());
        var execution = await api.WaitForAsync(executionId);
        Assert.Equal("completed", execution.Status());
        Assert.Equal("completed", execution.Step("mark-confirmed").Status());
        await using (var connection = await _app.OpenAsync())
        {
            Assert.NotNull(await connection.ExecuteScalarAsync<DateTime?>("SELECT confirmed_at FROM jobs WHERE id = @job", new { job }));
            Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM tasks WHERE created_by_execution = @executionId", new { executionId }));
        }
    }

    async Task<Guid> WaitForExecutionAsync(Guid workflow)
    {
        await using var connection = await _app.OpenAsync();
        for (var i = 0; i < 300; i++)
        {
            if (await connection.ExecuteScalarAsync<Guid?>("SELECT id FROM automation_execution_logs WHERE workflow_id = @workflow", new { workflow }) is { } id)
            {
                return id;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"no execution of workflow {workflow} started");
    }
}
