using System.Diagnostics;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Telemetry;
using Fixlify.Tests.Fixtures;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Telemetry;

/// <summary>
/// Traces with OpenTelemetry's in-memory exporter: one event's trace runs from its capture to the provider calls under
/// one trace id, which the execution's API shows; no span holds a phone number or an email address; the metrics move as
/// executions run.
/// </summary>
public sealed class TracingTests(TracedChannelsApp app) : IClassFixture<TracedChannelsApp>
{
    const string Phone = "+15550007788";
    const string Email = "tracy.trace@example.com";

    static JsonObject Workflow(string name, string trigger) => new()
    {
        ["name"] = name,
        ["triggerType"] = trigger,
        ["triggerConfig"] = new JsonObject(),
        ["steps"] = new JsonArray(
            Steps.Action("text", "send_sms", new JsonObject { ["message"] = "Thanks, {{ client.first_name }}: your job is done." }),
            Steps.Action("mail", "send_email", new JsonObject { ["subject"] = "Thanks, {{ client.first_name }}", ["text"] = "Your job is done." })),
    };

    [Fact]
    public async Task JobCompleted_TraceRunsFromCaptureToProviderCallsUnderOneId()
    {
        app.TelnyxAcceptsEveryText("msg-traced");
        var workflow = await app.Api.CreateWorkflowAsync(Workflow("thank by text and email", "job_completed"));
        await using var connection = await app.OpenAsync();
        var client = await TestData.ClientAsync(connection, app.OrganizationId, "Tracy", Email, Phone);
        var job = await TestData.JobAsync(connection, app.OrganizationId, client, "in_progress");
        var traceId = ActivityTraceId.CreateRandom();
        var writer = $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01";

        // The business write, made by a caller that traces (it sets fixlify.traceparent in its transaction).
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await connection.ExecuteAsync("SELECT set_config('fixlify.traceparent', @writer, true)", new { writer }, transaction);
            await connection.ExecuteAsync("UPDATE jobs SET status = 'completed' WHERE id = @job", new { job }, transaction);
            await transaction.CommitAsync();
        }

        var executionId = await Eventually.WaitForAsync(
            () => connection.ExecuteScalarAsync<Guid?>(
                "SELECT l.id FROM automation_execution_logs l JOIN automation_events e ON e.id = l.event_id WHERE e.entity_id = @job AND l.workflow_id = @workflow",
                new { job, workflow }),
            id => id is not null);
        Assert.NotNull(executionId);
        var execution = await app.Api.WaitForAsync(executionId.Value);
        Assert.Equal("completed", execution.Status());
        Assert.Equal(traceId.ToHexString(), execution.GetProperty("traceId").GetString());

        var spans = await Eventually.WaitForAsync(
            () => Task.FromResult(app.SpansOf(traceId)),
            s => s.Any(x => x.DisplayName == "orchestration:RunWorkflow") && s.Any(x => x.DisplayName == "send email"));
        var names = spans.Select(s => s.DisplayName).ToHashSet();
        var capture = Assert.Single(spans, s => s.DisplayName == "capture job_completed");
        Assert.Equal(writer.Split('-')[2], capture.ParentSpanId.ToHexString());
        foreach (var expected in new[]
                 {
                     "capture job_completed", "relay job_completed", "dispatch job_completed", "create_orchestration:RunWorkflow",
                     "orchestration:RunWorkflow", "activity:ExecuteAction", "step send_sms", "send sms", "step send_email", "send email",
                 })
        {
            Assert.Contains(expected, names);
        }

        // The call to Telnyx is HttpClient's own span, inside the send's; the step names its execution and step.
        var sms = spans.Single(s => s.DisplayName == "send sms");
        Assert.Contains(spans, s => s.ParentSpanId == sms.SpanId && s.Kind == ActivityKind.Client && s.DisplayName == "POST");
        var step = spans.Single(s => s.DisplayName == "step send_sms");
        Assert.Equal(executionId.Value.ToString(), step.GetTagItem(TelemetryTags.Execution)?.ToString());
        Assert.Equal(app.OrganizationId.ToString(), step.GetTagItem(TelemetryTags.Organization)?.ToString());
        Assert.Equal("text", step.GetTagItem(TelemetryTags.Step)?.ToString());
        var dispatch = spans.Single(s => s.DisplayName == "dispatch job_completed");
        Assert.Equal(workflow.ToString(), dispatch.GetTagItem(TelemetryTags.Workflow)?.ToString());
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM automation_deliveries WHERE execution_id = @executionId AND channel = 'sms' AND status = 'sent'", new { executionId }));
    }

    [Fact]
    public async Task EventsWrittenWithoutATrace_EachStartsATraceOfItsOwn()
    {
        await using var connection = await app.OpenAsync();
        var client = await TestData.ClientAsync(connection, app.OrganizationId, "Rooted", "rooted@example.com", "+15550009911");
        var first = await TestData.JobAsync(connection, app.OrganizationId, client, "in_progress");
        var second = await TestData.JobAsync(connection, app.OrganizationId, client, "in_progress");

        // One statement, no trace: both events reach the relay together.
        await connection.ExecuteAsync("UPDATE jobs SET status = 'completed' WHERE id = ANY(@jobs)", new { jobs = new[] { first, second } });

        // The relay turns the statement's copied changes into their events (capture.md).
        var events = await Eventually.WaitForAsync(
            async () => (await connection.QueryAsync<Guid>(
                "SELECT id FROM automation_events WHERE entity_id = ANY(@jobs) AND event_type = 'job_completed'", new { jobs = new[] { first, second } })).Select(e => e.ToString()).ToList(),
            found => found.Count == 2);
        Assert.Equal(2, events.Count);
        var captures = await Eventually.WaitForAsync(
            () => Task.FromResult(app.AllSpans().Where(s => s.DisplayName == "capture job_completed" && events.Contains(s.GetTagItem(TelemetryTags.Event)?.ToString() ?? "")).ToList()),
            found => found.Count == 2);
        Assert.Equal(2, captures.Count);
        Assert.All(captures, c => Assert.Equal(default, c.ParentSpanId));
        Assert.NotEqual(captures[0].TraceId, captures[1].TraceId);
        var stored = (await connection.QueryAsync<string>("SELECT trace_parent FROM automation_events WHERE id = ANY(@ids)", new { ids = events.Select(Guid.Parse).ToArray() })).ToList();
        Assert.Equal(captures.Select(c => c.TraceId.ToHexString()).Order(), stored.Select(t => t.Split('-')[1]).Order());
    }

    [Fact]
    public async Task ManualRun_NoSpanHoldsThePhoneNumberOrTheEmailAddress()
    {
        app.TelnyxAcceptsEveryText("msg-private");
        var workflow = await app.Api.CreateWorkflowAsync(Workflow("private", "manual"));
        await using var connection = await app.OpenAsync();
        var client = await TestData.ClientAsync(connection, app.OrganizationId, "Priya", "priya.private@example.com", "+15550006644");

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow, new JsonObject { ["clientId"] = client.ToString() }));
        using var probe = await app.Api.GetAsync(new Uri("api/executions/priya.private@example.com?phone=%2B15550006644", UriKind.Relative));

        Assert.Equal("completed", execution.Status());
        var traceId = ActivityTraceId.CreateFromString(execution.GetProperty("traceId").GetString());
        var spans = await Eventually.WaitForAsync(
            () => Task.FromResult(app.SpansOf(traceId)), s => s.Any(x => x.DisplayName == "send email"));
        Assert.Contains(spans, s => s.DisplayName == "send sms");
        var leaks = app.AllSpans()
            .SelectMany(s => s.TagObjects.Select(t => (Span: s.DisplayName, t.Key, Value: t.Value?.ToString() ?? "")))
            .Where(t => t.Value.Contains("priya.private", StringComparison.OrdinalIgnoreCase) || t.Value.Contains("5550006644", StringComparison.Ordinal)
                        || PersonalDataRedactor.HoldsPersonalData(t.Value))
            .ToList();
        Assert.True(leaks.Count == 0, "Personal data in spans: " + string.Join("; ", leaks));

        // The probe's request span named the address in its path: it is exported masked.
        var masked = await Eventually.WaitForAsync(
            () => Task.FromResult(app.AllSpans().Where(s => s.TagObjects.Any(t => (t.Value as string)?.Contains("/api/executions/" + PersonalDataRedactor.Mask, StringComparison.Ordinal) == true)).ToList()),
            found => found.Count > 0);
        Assert.NotEmpty(masked);
    }

    [Fact]
    public async Task Event_MovesTheRelayAndDispatchLag()
    {
        await using var connection = await app.OpenAsync();
        var client = await TestData.ClientAsync(connection, app.OrganizationId, "Lagged", "lagged@example.com", "+15550004411");
        var job = await TestData.JobAsync(connection, app.OrganizationId, client, "in_progress");
        var relayed = app.Total("fixlify.relay.lag", (TelemetryTags.EventType, "job_completed"));
        var dispatched = app.Total("fixlify.dispatch.lag", (TelemetryTags.EventType, "job_completed"));

        await connection.ExecuteAsync("UPDATE jobs SET status = 'completed' WHERE id = @job", new { job });

        var after = await Eventually.WaitForAsync(
            () => Task.FromResult(app.Total("fixlify.dispatch.lag", (TelemetryTags.EventType, "job_completed"))), total => total >= dispatched + 1);
        Assert.True(after >= dispatched + 1, "dispatch lag recorded");
        Assert.True(app.Total("fixlify.relay.lag", (TelemetryTags.EventType, "job_completed")) >= relayed + 1, "relay lag recorded");
    }

    [Fact]
    public async Task Executions_MoveTheMetrics()
    {
        app.TelnyxAcceptsEveryText("msg-counted");
        var workflow = await app.Api.CreateWorkflowAsync(Workflow("counted", "manual"));
        await using var connection = await app.OpenAsync();
        var client = await TestData.ClientAsync(connection, app.OrganizationId, "Mia", "mia.metrics@example.com", "+15550003311");
        var started = app.Total("fixlify.executions.started");
        var completed = app.Total("fixlify.executions.ended", (TelemetryTags.Status, "completed"));
        var texts = app.Total("fixlify.sends", (TelemetryTags.Channel, "sms"), (TelemetryTags.Result, "sent"));
        var emails = app.Total("fixlify.sends", (TelemetryTags.Channel, "email"), (TelemetryTags.Result, "sent"));
        var steps = app.Total("fixlify.step.duration", (TelemetryTags.StepType, "send_sms"));

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow, new JsonObject { ["clientId"] = client.ToString() }));

        Assert.Equal("completed", execution.Status());
        Assert.True(app.Total("fixlify.executions.started") >= started + 1, "executions started");
        Assert.True(app.Total("fixlify.executions.ended", (TelemetryTags.Status, "completed")) >= completed + 1, "executions ended completed");
        Assert.True(app.Total("fixlify.sends", (TelemetryTags.Channel, "sms"), (TelemetryTags.Result, "sent")) >= texts + 1, "texts sent");
        Assert.True(app.Total("fixlify.sends", (TelemetryTags.Channel, "email"), (TelemetryTags.Result, "sent")) >= emails + 1, "emails sent");
        Assert.True(app.Total("fixlify.step.duration", (TelemetryTags.StepType, "send_sms")) >= steps + 1, "send_sms step durations");
    }
}
