using System.Text.Json.Nodes;
using Fixlify.Actions;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Tests.Fixtures;
using Fixlify.Workflows;
using Microsoft.Extensions.Options;

namespace Fixlify.Tests.Workflows;

/// <summary>A workflow's goal and hold-out share are checked as the rest of the definition is: every problem at its path, in words.</summary>
public sealed class WorkflowGoalTests
{
    readonly WorkflowCompiler _compiler;

    public WorkflowGoalTests()
    {
        var database = new TenantDatabase(Options.Create(new PostgresOptions { ConnectionString = "Host=127.0.0.1" }));
        var templates = new TemplateRenderer();
        _compiler = new WorkflowCompiler(new ActionHandlers([new CreateTaskHandler(database, templates, TimeProvider.System)]));
    }

    CompileResult Check(string trigger, JsonObject config) => _compiler.Check(
        new WorkflowDraft(trigger, config, [], [], [new JsonObject { ["id"] = "task", ["type"] = "action", ["actionType"] = "create_task", ["config"] = new JsonObject { ["title"] = "Call" } }]),
        null);

    static JsonObject Config(string goal, int? holdOut = null)
    {
        var config = new JsonObject { ["goal"] = JsonNode.Parse(goal) };
        if (holdOut is { } percent)
        {
            config["holdOutPercent"] = percent;
        }

        return config;
    }

    [Theory]
    [InlineData("invoice_sent", """{"kind": "invoice_paid", "withinDays": 14}""")]
    [InlineData("job_created", """{"kind": "appointment_confirmed", "withinDays": 3}""")]
    [InlineData("client_created", """{"kind": "job_booked", "withinDays": 30}""")]
    [InlineData("estimate_sent", """{"kind": "estimate_accepted", "withinDays": 14}""")]
    [InlineData("job_overdue", """{"kind": "task_done", "withinDays": 1}""")]
    [InlineData("job_completed", """{"kind": "rule", "withinDays": 7, "rule": {"all": [{"field": "job.status", "op": "eq", "value": "completed"}]}}""")]
    public void Check_AGoalItsRecordCanReach_IsValid(string trigger, string goal)
    {
        var result = Check(trigger, Config(goal, 10));

        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.Path}: {e.Message}")));
    }

    [Theory]
    [InlineData("job_completed", """{"kind": "invoice_paid", "withinDays": 14}""", "triggerConfig.goal.kind", "Not a goal this start's record can reach")]
    [InlineData("invoice_sent", """{"kind": "invoice_paid", "withinDays": 0}""", "triggerConfig.goal.withinDays", "Enter a whole number of days from 1 to 365.")]
    [InlineData("invoice_sent", """{"kind": "invoice_paid"}""", "triggerConfig.goal.withinDays", "Enter a whole number of days from 1 to 365.")]
    [InlineData("invoice_sent", """{"kind": "paid", "withinDays": 3}""", "triggerConfig.goal.kind", "choose the invoice is paid, the client books a new job")]
    [InlineData("job_completed", """{"kind": "rule", "withinDays": 7, "rule": {"all": [{"field": "client.status", "op": "eq", "value": "active"}]}}""", "triggerConfig.goal.rule", "is about the job that started the automation")]
    [InlineData("job_completed", """{"kind": "job_booked", "withinDays": 7, "rule": {"all": []}}""", "triggerConfig.goal.rule", "Only a goal that is a rule has a rule")]
    [InlineData("invoice_sent", """{"kind": "invoice_paid", "withinDays": 14, "when": 1}""", "triggerConfig.goal.when", "The goal has a setting it does not know")]
    public void Check_AGoalThatCannotBeMeasured_IsRefusedAtItsPathInWords(string trigger, string goal, string path, string message)
    {
        var result = Check(trigger, Config(goal));

        Assert.Contains(result.Errors, e => e.Path == path && e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Check_AGoalOnAStartAboutNoRecord_IsRefused()
    {
        var result = Check("manual", Config("""{"kind": "invoice_paid", "withinDays": 14}"""));

        Assert.Contains(result.Errors, e => e.Path == "triggerConfig.goal");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(51)]
    public void Check_AHoldOutShareOutsideOneToFifty_IsRefused(int percent)
    {
        var result = Check("invoice_sent", Config("""{"kind": "invoice_paid", "withinDays": 14}""", percent));

        Assert.Contains(result.Errors, e => e.Path == "triggerConfig.holdOutPercent" && e.Message == "Enter a whole percentage from 1 to 50.");
    }

    [Fact]
    public void Words_TheGoalInTheBuildersWords()
    {
        var errors = new List<FieldError>();
        var goal = WorkflowGoal.Read(JsonNode.Parse("""{"kind": "invoice_paid", "withinDays": 14}"""), TriggerType.InvoiceOverdue, ContextSchema.For(TriggerType.InvoiceOverdue), errors)!;
        var rule = WorkflowGoal.Read(
            JsonNode.Parse("""{"kind": "rule", "withinDays": 1, "rule": {"all": [{"field": "job.status", "op": "eq", "value": "completed"}]}}"""),
            TriggerType.JobCompleted, ContextSchema.For(TriggerType.JobCompleted), errors)!;

        Assert.Empty(errors);
        Assert.Equal("the invoice is paid within 14 days", goal.Words());
        Assert.Equal("Job › Status is Completed within 1 day", rule.Words());
    }
}
