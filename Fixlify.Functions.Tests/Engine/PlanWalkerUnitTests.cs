using System.Text.Json.Nodes;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Hosting;
using Fixlify.Tests.Fixtures;
using Fixlify.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static Fixlify.Tests.Fixtures.ActionSteps;

namespace Fixlify.Tests.Engine;

/// <summary>
/// The <see cref="PlanWalker"/> alone, without a database or a host: real plans compiled from small definitions, walked
/// against <see cref="RecordingEffects"/>, which answers as each test scripts. Each test checks what a person would notice:
/// the steps that ran and in which order, how often something was sent and when, and how the execution ends.
/// (<see cref="PlanWalkerTests"/> compares the walker's real runs with its dry runs end to end.)
/// </summary>
public sealed class PlanWalkerUnitTests
{
    static readonly DateTime Start = new(2026, 12, 7, 15, 0, 0, DateTimeKind.Utc);
    static readonly Guid InvoiceId = Guid.Parse("0b6a4f8e-1c2d-4e3f-9a8b-7c6d5e4f3a21");

    /// <summary>The app's own services, for its compiler only (nothing here opens a connection).</summary>
    static readonly Lazy<ServiceProvider> Services = new(() =>
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Postgres:ConnectionString"] = "Host=127.0.0.1",
            ["Postgres:ServiceConnectionString"] = "Host=127.0.0.1",
            ["Postgres:MigrationConnectionString"] = "Host=127.0.0.1",
            ["Auth:Issuer"] = StandaloneApp.Issuer,
            ["Auth:Audience"] = StandaloneApp.Audience,
            ["Auth:SigningKey"] = StandaloneApp.SigningKey,
        }).Build();
        return new ServiceCollection().AddLogging().AddFixlify(configuration).BuildServiceProvider();
    });

    static ActionFailed Outage { get; } = new("Telnyx answered 503", Permanent: false);

    [Fact]
    public async Task Action_FailingTwice_IsRetriedWithBackoff_ThenSentOnce()
    {
        var plan = Compile(
            Text("remind", "Your visit is tomorrow", Retry(maxAttempts: 4, "PT10S", backoff: 3, "PT1M")),
            TaskStep("call", "Call the client"));
        var effects = new RecordingEffects(Start).Answer("remind", Outage, Outage);

        var outcome = await WalkAsync(plan, effects);

        Assert.Equal(ExecutionStatus.Completed, outcome.Status);
        var attempts = effects.Attempts.Where(a => a.Call.Key == "remind").ToList();
        Assert.Equal([1, 2, 3], attempts.Select(a => a.Call.Attempt));
        Assert.Equal([Start, Start.AddSeconds(10), Start.AddSeconds(40)], attempts.Select(a => a.At)); // 10 s, then 10 × 3
        Assert.All(attempts, a => Assert.False(a.Call.FinalAttempt));
        Assert.Equal(1, effects.DoneCount("remind"));
        Assert.Equal(["remind", "call"], effects.Reached);
    }

    [Fact]
    public async Task Action_FailingEveryAttempt_FailsTheExecutionAfterItsAttempts_WaitingNoLongerThanMaxInterval()
    {
        var plan = Compile(
            Text("remind", "Your visit is tomorrow", Retry(maxAttempts: 4, "PT10S", backoff: 3, "PT20S")),
            TaskStep("call", "Call the client"));
        var effects = new RecordingEffects(Start).Answer("remind", Outage, Outage, Outage, Outage);

        var outcome = await WalkAsync(plan, effects);

        Assert.Equal(ExecutionStatus.Failed, outcome.Status);
        Assert.Equal("Step 'remind' (send_sms) failed after 4 attempt(s): Telnyx answered 503", outcome.Error);
        Assert.Equal("remind", outcome.FailedStep!.Key);
        Assert.Equal(
            [Start, Start.AddSeconds(10), Start.AddSeconds(30), Start.AddSeconds(50)], // 10 s, then 30 s cut to 20 s, twice
            effects.Attempts.Select(a => a.At));
        Assert.Equal([false, false, false, true], effects.Attempts.Select(a => a.Call.FinalAttempt));
        Assert.Equal(["remind"], effects.Reached); // the call was never made
    }

    [Fact]
    public async Task Action_FailingForGood_IsNotRetried()
    {
        var plan = Compile(Text("remind", "Your visit is tomorrow", Retry(maxAttempts: 5, "PT10S", backoff: 2, "PT1M")), TaskStep("call", "Call the client"));
        var effects = new RecordingEffects(Start).Answer("remind", new ActionFailed("The number is not a mobile number", Permanent: true));

        var outcome = await WalkAsync(plan, effects);

        Assert.Equal(ExecutionStatus.Failed, outcome.Status);
        Assert.Equal("Step 'remind' (send_sms) failed after 1 attempt(s): The number is not a mobile number", outcome.Error);
        Assert.Single(effects.Attempts);
        Assert.Empty(effects.Timers);
    }

    [Fact]
    public async Task Action_FailingWithContinueOnError_TheNextStepRunsAndReadsTheError_AndTheExecutionCompletes()
    {
        var remind = Text("remind", "Your visit is tomorrow", Retry(maxAttempts: 2, "PT1M", backoff: 1, "PT1M"));
        remind["continueOnError"] = true;
        var plan = Compile(remind, TaskStep("call", "The text failed ({{ steps.remind.error }}): call the client"));
        var effects = new RecordingEffects(Start).Answer("remind", Outage, Outage);

        var outcome = await WalkAsync(plan, effects);

        Assert.Equal(ExecutionStatus.Completed, outcome.Status);
        Assert.Equal(["remind", "call"], effects.Reached);
        Assert.Equal(2, effects.Attempts.Count(a => a.Call.Key == "remind"));
        var call = effects.Attempts.Single(a => a.Call.Key == "call");
        Assert.Equal(Start.AddMinutes(1), call.At);
        Assert.Equal(
            "Step 'remind' (send_sms) failed after 2 attempt(s): Telnyx answered 503",
            call.Call.Context["steps"]!["remind"]!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Action_InQuietHours_IsPutOffUntilTheyEnd_WithoutSpendingAnAttempt()
    {
        var morning = new DateTime(2026, 12, 8, 8, 0, 0, DateTimeKind.Utc);
        var plan = Compile(Text("remind", "Your visit is tomorrow", Retry(maxAttempts: 1, "PT1M", backoff: 1, "PT1M")), TaskStep("call", "Call the client"));
        var effects = new RecordingEffects(Start).Answer("remind", new ActionDeferred(morning, "quiet hours until 08:00", null));

        var outcome = await WalkAsync(plan, effects);

        Assert.Equal(ExecutionStatus.Completed, outcome.Status);
        Assert.Equal([(Start, 1), (morning, 1)], effects.Attempts.Where(a => a.Call.Key == "remind").Select(a => (a.At, a.Call.Attempt)));
        Assert.Equal(1, effects.DoneCount("remind"));
        Assert.Contains((Start, morning, false), effects.Timers);
        Assert.Equal(morning, effects.Attempts.Single(a => a.Call.Key == "call").At);
    }

    [Fact]
    public async Task Action_PutOffMoreOftenThanTheLimit_FailsSayingHowOften_AndNothingIsSent()
    {
        var plan = Compile(Text("remind", "Your visit is tomorrow", null), TaskStep("call", "Call the client"));
        var effects = new RecordingEffects(Start).AnswerAlways("remind", new ActionDeferred(Start.AddHours(1), "the daily text limit is reached", null));

        var outcome = await WalkAsync(plan, effects);

        Assert.Equal(ExecutionStatus.Failed, outcome.Status);
        Assert.Equal(PlanWalker.MaxDeferrals + 1, effects.Attempts.Count);
        Assert.Equal(0, effects.DoneCount("remind"));
        Assert.Equal($"Step 'remind' (send_sms) was put off {PlanWalker.MaxDeferrals} times: the daily text limit is reached", outcome.Error);
        Assert.Equal(StepStatus.Failed, effects.Last("remind").Status);
        Assert.Equal(["remind"], effects.Reached);
    }

    [Fact]
    public async Task Action_WhenTheExitConditionHolds_StopsTheExecutionAsCancelled()
    {
        var plan = Compile(Text("remind", "Please pay", null), TaskStep("call", "Call the client"));
        var effects = new RecordingEffects(Start).Answer("remind", new ActionStopped("Invoice #1042 was paid"));

        var outcome = await WalkAsync(plan, effects);

        Assert.Equal((ExecutionStatus.Cancelled, "Invoice #1042 was paid"), (outcome.Status, outcome.Error));
        Assert.Equal(["remind"], effects.Reached);
    }

    [Theory]
    [InlineData(5, "true", "big")]
    [InlineData(0, "false", "small")]
    public async Task Condition_TakesTheBranchItsRulesChoose_ThenWhatFollows(int amount, string branch, string taken)
    {
        var plan = Compile(
            Condition("check", Rule("trigger.data.amount", "gt", 1), new JsonArray(TaskStep("big", "Big job")), new JsonArray(TaskStep("small", "Small job"))),
            TaskStep("after", "Follow up"));
        var effects = new RecordingEffects(Start);

        var outcome = await WalkAsync(plan, effects, new JsonObject { ["amount"] = amount });

        Assert.Equal(ExecutionStatus.Completed, outcome.Status);
        Assert.Equal(["check", taken, "after"], effects.Reached);
        Assert.Equal(branch, effects.Last("check").Output!["branch"]!.GetValue<string>());
    }

    [Fact]
    public async Task Loop_OverMoreItemsThanItsBound_DoesTheFirstOnes_AndWarns()
    {
        var plan = Compile(
            new JsonObject
            {
                ["id"] = "each", ["type"] = "loop",
                ["config"] = new JsonObject { ["over"] = "trigger.data.visits", ["maxIterations"] = 2 },
                ["body"] = new JsonArray(TaskStep("visit", "Visit {{ item }}")),
            },
            TaskStep("done", "All visits planned"));
        var effects = new RecordingEffects(Start);

        var outcome = await WalkAsync(plan, effects, new JsonObject { ["visits"] = new JsonArray("Mon", "Tue", "Wed", "Thu", "Fri") });

        Assert.Equal(ExecutionStatus.Completed, outcome.Status);
        Assert.Equal(["each[0].visit", "each[1].visit", "done"], effects.Attempts.Select(a => a.Call.Key));
        const string warning = "'trigger.data.visits' held 5 items; only the first 2 were done (maxIterations 2).";
        Assert.Equal("Loop 'each': " + warning, Assert.Single(outcome.Warnings));
        Assert.Equal((StepStatus.Completed, warning), (effects.Last("each").Status, effects.Last("each").Warning));
    }

    [Fact]
    public async Task Loop_WithinItsBound_DoesEveryItem_WithoutAWarning()
    {
        var plan = Compile(new JsonObject
        {
            ["id"] = "each", ["type"] = "loop",
            ["config"] = new JsonObject { ["over"] = "trigger.data.visits", ["as"] = "day", ["maxIterations"] = 5 },
            ["body"] = new JsonArray(TaskStep("visit", "Visit {{ day }}")),
        });
        var effects = new RecordingEffects(Start);

        var outcome = await WalkAsync(plan, effects, new JsonObject { ["visits"] = new JsonArray("Mon", "Tue") });

        Assert.Equal(ExecutionStatus.Completed, outcome.Status);
        Assert.Equal(2, effects.DoneCount("visit"));
        Assert.Empty(outcome.Warnings);
        Assert.Null(effects.Last("each").Warning);
    }

    [Fact]
    public async Task Loop_OverSomethingThatIsNotAList_FailsTheExecution_WithoutRunningItsBody()
    {
        var plan = Compile(new JsonObject
        {
            ["id"] = "each", ["type"] = "loop",
            ["config"] = new JsonObject { ["over"] = "trigger.data.visits", ["maxIterations"] = 5 },
            ["body"] = new JsonArray(TaskStep("visit", "Visit {{ item }}")),
        });
        var effects = new RecordingEffects(Start);

        var outcome = await WalkAsync(plan, effects, new JsonObject { ["visits"] = "Monday" });

        Assert.Equal((ExecutionStatus.Failed, "Loop 'each': 'trigger.data.visits' is not a list."), (outcome.Status, outcome.Error));
        Assert.Empty(effects.Attempts);
    }

    [Fact]
    public async Task Delay_ShowsTheStepWaiting_ThenTheNextStepRunsWhenItEnds()
    {
        var plan = Compile(Steps.Delay("later", "PT2H"), TaskStep("call", "Call the client"));
        var effects = new RecordingEffects(Start);

        var outcome = await WalkAsync(plan, effects);

        Assert.Equal(ExecutionStatus.Completed, outcome.Status);
        Assert.Equal([StepStatus.Waiting, StepStatus.Completed], effects.Records.Where(r => r.StepKey == "later").Select(r => r.Status));
        Assert.Equal([(Start, Start.AddHours(2), true)], effects.Timers);
        Assert.Equal(Start.AddHours(2), effects.Attempts.Single().At);
    }

    [Fact]
    public async Task WaitForReply_TheClientAnswersYes_TheConfirmedBranchRunsWhenTheReplyComes()
    {
        var plan = Compile(AskToConfirm());
        var effects = new RecordingEffects(Start).EndWait("reply", wait => new WaitEnd(WaitSignal.Reply(wait.StartedAt.AddMinutes(30), "Yes")));

        var outcome = await WalkAsync(plan, effects);

        Assert.Equal(ExecutionStatus.Completed, outcome.Status);
        var wait = Assert.Single(effects.Waits);
        Assert.Equal((new ReplyTarget("ask") as WaitTarget, Start.AddHours(24)), (wait.Target, wait.Deadline));
        Assert.Equal(["ask", "reply", "answer", "confirmed"], effects.Reached);
        Assert.Equal(Start.AddMinutes(30), effects.Attempts.Single(a => a.Call.Key == "confirmed").At);
        Assert.Equal("confirm", effects.Last("reply").Output!["intent"]!.GetValue<string>());
    }

    [Fact]
    public async Task WaitForReply_NoReplyInTime_TimesOutAtItsDeadline_AndTheOtherBranchRuns()
    {
        var plan = Compile(AskToConfirm());
        var effects = new RecordingEffects(Start);

        var outcome = await WalkAsync(plan, effects);

        Assert.Equal(ExecutionStatus.Completed, outcome.Status);
        Assert.Equal(["ask", "reply", "answer", "other"], effects.Reached);
        Assert.Equal(Start.AddHours(24), effects.Attempts.Single(a => a.Call.Key == "other").At);
        Assert.Equal("none", effects.Last("reply").Output!["intent"]!.GetValue<string>());
    }

    [Fact]
    public async Task WaitForReply_TheTextWasNotSent_DoesNotWait_AndSaysWhy()
    {
        var plan = Compile(AskToConfirm());
        var effects = new RecordingEffects(Start).Answer("ask", new ActionDone(StepStatus.Suppressed, new JsonObject { ["reason"] = "opted out" }, "opted out", null));

        var outcome = await WalkAsync(plan, effects);

        Assert.Equal(ExecutionStatus.Completed, outcome.Status);
        Assert.Empty(effects.Waits);
        Assert.Equal(["ask", "reply", "answer", "other"], effects.Reached);
        Assert.Equal(Start, effects.Attempts.Single(a => a.Call.Key == "other").At);
        Assert.Equal("the text 'ask' was not sent (suppressed), so there is no reply to wait for", effects.Last("reply").Output!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task WaitForEvent_TheInvoiceIsPaidInTime_EndsTheWaitThen_AndNoReminderIsSent()
    {
        var plan = RemindUntilPaid();
        var effects = new RecordingEffects(Start).EndWait("paid", wait => new WaitEnd(new WaitSignal(wait.StartedAt.AddDays(1), EventType: "invoice_paid")));

        var outcome = await WalkAsync(plan, effects, invoice: true);

        Assert.Equal(ExecutionStatus.Completed, outcome.Status);
        var wait = Assert.Single(effects.Waits);
        Assert.Equal((new EventTarget("invoice", InvoiceId, "invoice_paid") as WaitTarget, Start.AddDays(3)), (wait.Target, wait.Deadline));
        Assert.Equal(0, effects.DoneCount("text"));
        Assert.Equal(Start.AddDays(1), effects.Now);
        Assert.True(effects.Last("paid").Output!["happened"]!.GetValue<bool>());
    }

    [Fact]
    public async Task WaitForEvent_NotPaidInTime_TimesOutAtItsDeadline_AndTheReminderIsSentOnce()
    {
        var plan = RemindUntilPaid();
        var effects = new RecordingEffects(Start);

        var outcome = await WalkAsync(plan, effects, invoice: true);

        Assert.Equal(ExecutionStatus.Completed, outcome.Status);
        Assert.Equal(1, effects.DoneCount("text"));
        Assert.Equal(Start.AddDays(3), effects.Attempts.Single(a => a.Call.Key == "text").At);
        Assert.False(effects.Last("paid").Output!["happened"]!.GetValue<bool>());
    }

    /// <summary>Text the client, wait a day for the answer; confirmed → a task, else another.</summary>
    static JsonObject[] AskToConfirm() =>
    [
        Text("ask", "Reply YES to confirm your visit", null),
        new JsonObject { ["id"] = "reply", ["type"] = "wait_for_reply", ["config"] = new JsonObject { ["timeout"] = "PT24H" } },
        Condition("answer", Rule("steps.reply.intent", "eq", "confirm"), new JsonArray(TaskStep("confirmed", "Visit confirmed")), new JsonArray(TaskStep("other", "Call the client"))),
    ];

    /// <summary>Invoice overdue: email, wait up to 3 days for it to be paid; if not, text.</summary>
    static WorkflowPlan RemindUntilPaid() => Compile(
        "invoice_overdue",
        new JsonObject { ["daysOverdue"] = 3 },
        Action("email", "send_email", new JsonObject { ["subject"] = "Invoice {{ invoice.number }} is past due", ["text"] = "Please pay." }),
        new JsonObject { ["id"] = "paid", ["type"] = "wait_for_event", ["config"] = new JsonObject { ["eventType"] = "invoice_paid", ["timeout"] = "P3D" } },
        Condition("unpaid", Rule("steps.paid.happened", "eq", false), new JsonArray(Text("text", "Invoice {{ invoice.number }} is still open.", null)), []));

    static JsonObject Text(string id, string message, JsonObject? retry)
    {
        var step = Action(id, "send_sms", new JsonObject { ["message"] = message });
        if (retry is not null)
        {
            step["retry"] = retry;
        }

        return step;
    }

    static JsonObject TaskStep(string id, string title) => Action(id, "create_task", new JsonObject { ["title"] = title });

    static JsonObject Retry(int maxAttempts, string firstInterval, double backoff, string maxInterval) => new()
    {
        ["maxAttempts"] = maxAttempts, ["firstInterval"] = firstInterval, ["backoffCoefficient"] = backoff, ["maxInterval"] = maxInterval,
    };

    static WorkflowPlan Compile(params JsonObject[] steps) => Compile("manual", [], steps);

    static WorkflowPlan Compile(string triggerType, JsonObject triggerConfig, params JsonObject[] steps)
    {
        var compiled = Services.Value.GetRequiredService<WorkflowCompiler>().Compile(new WorkflowDraft(triggerType, triggerConfig, [], [], [.. steps]));
        Assert.True(compiled.IsValid, string.Join("; ", compiled.Errors));
        return compiled.Plan!;
    }

    /// <summary>Walks <paramref name="plan"/> over a context as a run builds it: the trigger's data, the client, and the invoice.</summary>
    static Task<WalkOutcome> WalkAsync(WorkflowPlan plan, RecordingEffects effects, JsonObject? data = null, bool invoice = false)
    {
        var state = new JsonObject
        {
            ["trigger"] = new JsonObject { ["type"] = plan.TriggerType, ["data"] = data ?? [] },
            ["steps"] = new JsonObject(),
            ["client"] = new JsonObject
            {
                ["id"] = "3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c", ["first_name"] = "Paula", ["phone"] = "+15555550123", ["email"] = "paula@example.com",
            },
        };
        if (invoice)
        {
            state["invoice"] = new JsonObject { ["id"] = InvoiceId.ToString(), ["number"] = "1042", ["status"] = "sent" };
        }

        return new PlanWalker(plan, state, chainDepth: 0, effects).RunAsync();
    }
}
