using System.Text.Json.Nodes;
using Fixlify.Hosting;
using Fixlify.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fixlify.Tests.Workflows;

/// <summary>
/// The two wait steps as a workflow is saved: a wait for a reply must follow a text to the client on every path and have a
/// bounded timeout, its keywords may not be consent keywords, a wait for an event must name an event of a record the
/// trigger provides; each refusal names its path. Compiled with the production action handlers.
/// </summary>
public sealed class WaitStepReaderTests : IAsyncLifetime
{
    readonly ServiceProvider _services;
    readonly WorkflowCompiler _compiler;

    public WaitStepReaderTests()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Postgres:ConnectionString"] = "Host=127.0.0.1;Database=unused",
            ["Postgres:ServiceConnectionString"] = "Host=127.0.0.1;Database=unused",
            ["Postgres:MigrationConnectionString"] = "Host=127.0.0.1;Database=unused",
        }).Build();
        _services = new ServiceCollection().AddLogging(b => b.SetMinimumLevel(LogLevel.Warning)).AddFixlify(configuration).BuildServiceProvider();
        _compiler = _services.GetRequiredService<WorkflowCompiler>();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _services.DisposeAsync();

    static JsonObject Sms(string id, string? to = null)
    {
        var config = new JsonObject { ["message"] = "Hi {{ client.first_name }}, reply C to confirm." };
        if (to is not null)
        {
            config["to"] = to;
        }

        return new JsonObject { ["id"] = id, ["type"] = "action", ["actionType"] = "send_sms", ["config"] = config };
    }

    static JsonObject Wait(string id, JsonObject config) => new() { ["id"] = id, ["type"] = "wait_for_reply", ["config"] = config };

    static JsonObject OfficeTask(string id) => new() { ["id"] = id, ["type"] = "action", ["actionType"] = "create_task", ["config"] = new JsonObject { ["title"] = "Call" } };

    CompileResult Compile(string trigger, params JsonNode[] steps) => _compiler.Compile(new WorkflowDraft(trigger, [], [], [], new JsonArray(steps)));

    static void AssertError(CompileResult result, string path, string fragment) =>
        Assert.True(
            result.Errors.Any(e => e.Path == path && e.Message.Contains(fragment, StringComparison.Ordinal)),
            $"expected {path}: …{fragment}…, got {string.Join(" | ", result.Errors.Select(e => $"{e.Path}: {e.Message}"))}");

    [Fact]
    public void Compile_WaitAfterATextToTheClient_TiesItToTheNearestText_WithTheDefaultIntents()
    {
        var result = Compile("job_created", Sms("first"), OfficeTask("between"), Sms("remind"), Wait("reply", new JsonObject { ["timeout"] = "PT24H" }));

        Assert.True(result.IsValid, string.Join(" | ", result.Errors));
        var wait = Assert.IsType<WaitForReplyStep>(result.Plan!["reply"]);
        Assert.Equal(("remind", TimeSpan.FromHours(24)), (wait.After, wait.Timeout));
        Assert.Equal(["confirm:C,Y,YES,CONFIRM,OK", "reschedule:R,RESCHEDULE"], wait.Intents.Select(i => $"{i.Name}:{string.Join(',', i.Keywords)}"));

        // The stored plan reads back as the same kinds.
        var stored = WorkflowPlanJson.FromJson(WorkflowPlanJson.ToJson(result.Plan));
        Assert.Equal(wait.Intents.SelectMany(i => i.Keywords), Assert.IsType<WaitForReplyStep>(stored["reply"]).Intents.SelectMany(i => i.Keywords));
    }

    [Fact]
    public void Compile_OwnIntents_AreComparedAsRepliesAre()
    {
        var result = Compile("job_created", Sms("ask"), Wait("reply", new JsonObject
        {
            ["timeout"] = "PT2H",
            ["intents"] = new JsonObject { ["keep"] = new JsonArray("yes", " Sounds good! "), ["call_me"] = new JsonArray("call-me") },
        }));

        Assert.True(result.IsValid, string.Join(" | ", result.Errors));
        Assert.Equal(["keep:YES,SOUNDS GOOD", "call_me:CALL ME"], ((WaitForReplyStep)result.Plan!["reply"]).Intents.Select(i => $"{i.Name}:{string.Join(',', i.Keywords)}"));
    }

    [Fact]
    public void Compile_WaitForReplyWithoutATextBefore_IsRefusedAtItsPath()
    {
        AssertError(Compile("job_created", OfficeTask("first"), Wait("reply", new JsonObject { ["timeout"] = "PT1H" })), "steps[1]", "Add a text to the client before this step");
    }

    [Fact]
    public void Compile_TextOnlyOnOneBranch_DoesNotCount()
    {
        var branch = new JsonObject
        {
            ["id"] = "check", ["type"] = "condition",
            ["config"] = new JsonObject { ["all"] = new JsonArray(new JsonObject { ["field"] = "job.status", ["op"] = "eq", ["value"] = "scheduled" }) },
            ["then"] = new JsonArray(Sms("remind")),
        };

        AssertError(Compile("job_created", branch, Wait("reply", new JsonObject { ["timeout"] = "PT1H" })), "steps[1]", "Add a text to the client before this step");
    }

    [Fact]
    public void Compile_TextToAnotherNumber_IsNotATextToTheClient()
    {
        AssertError(Compile("job_created", Sms("office", to: "+15550009999"), Wait("reply", new JsonObject { ["timeout"] = "PT1H" })), "steps[1]", "Add a text to the client before this step");
        AssertError(
            Compile("job_created", Sms("office", to: "+15550009999"), Wait("reply", new JsonObject { ["timeout"] = "PT1H", ["after"] = "office" })),
            "steps[1].config.after", "does not text the client");
    }

    [Fact]
    public void Compile_AfterNamingAStepThatDoesNotExist_IsRefused()
    {
        AssertError(Compile("job_created", Sms("ask"), Wait("reply", new JsonObject { ["timeout"] = "PT1H", ["after"] = "nope" })), "steps[1].config.after", "is no longer in the automation");
    }

    [Theory]
    [InlineData(null, "Fill in “Wait at most”.")]
    [InlineData("P60D", "from 1 second to 30 days; 60 days is not")]
    [InlineData("PT0S", "from 1 second to 30 days")]
    [InlineData("tomorrow", "Enter a length of time, such as 3 days")]
    public void Compile_WaitWithoutABoundedTimeout_IsRefused(string? timeout, string fragment)
    {
        var config = new JsonObject();
        if (timeout is not null)
        {
            config["timeout"] = timeout;
        }

        AssertError(Compile("job_created", Sms("ask"), Wait("reply", config)), "steps[1].config.timeout", fragment);
    }

    [Theory]
    [InlineData("cancel", "CANCEL", "steps[1].config.intents.cancel[0]", "CANCEL is a consent keyword")]
    [InlineData("cancel", "stop", "steps[1].config.intents.cancel[0]", "STOP is a consent keyword")]
    [InlineData("again", "Start", "steps[1].config.intents.again[0]", "opts the number back in")]
    [InlineData("none", "N", "steps[1].config.intents.none", "is a meaning the automation gives replies itself")]
    [InlineData("Confirm", "C", "steps[1].config.intents.Confirm", "lower-case letters")]
    [InlineData("blank", "!!", "steps[1].config.intents.blank[0]", "needs a letter or a digit")]
    public void Compile_BadIntent_IsRefusedAtItsPath(string name, string keyword, string path, string fragment)
    {
        var config = new JsonObject { ["timeout"] = "PT1H", ["intents"] = new JsonObject { [name] = new JsonArray(keyword) } };

        AssertError(Compile("job_created", Sms("ask"), Wait("reply", config)), path, fragment);
    }

    [Fact]
    public void Compile_KeywordInTwoIntents_IsRefused()
    {
        var config = new JsonObject { ["timeout"] = "PT1H", ["intents"] = new JsonObject { ["yes"] = new JsonArray("Y"), ["maybe"] = new JsonArray("y") } };

        AssertError(Compile("job_created", Sms("ask"), Wait("reply", config)), "steps[1].config.intents.maybe[0]", "Y already means “Yes”");
    }

    [Fact]
    public void Compile_WaitForEvent_OfARecordTheTriggerProvides()
    {
        var result = Compile("job_created", new JsonObject
        {
            ["id"] = "moved", ["type"] = "wait_for_event", ["config"] = new JsonObject { ["eventType"] = "job_rescheduled", ["timeout"] = "P3D" },
        });

        Assert.True(result.IsValid, string.Join(" | ", result.Errors));
        var wait = Assert.IsType<WaitForEventStep>(result.Plan!["moved"]);
        Assert.Equal(("job_rescheduled", "job", TimeSpan.FromDays(3)), (wait.EventType, wait.Record, wait.Timeout));
        Assert.Contains("job.id", result.Plan.Reads);
    }

    [Theory]
    [InlineData("invoice_paid", "This automation has no invoice to wait for")]
    [InlineData("invoice_overdue", "Choose what to wait for from the list.")]
    [InlineData("job_exploded", "Choose what to wait for from the list.")]
    public void Compile_WaitForAnEventItCannotSee_IsRefused(string eventType, string fragment)
    {
        var result = Compile("job_created", new JsonObject
        {
            ["id"] = "w", ["type"] = "wait_for_event", ["config"] = new JsonObject { ["eventType"] = eventType, ["timeout"] = "P3D" },
        });

        AssertError(result, "steps[0].config.eventType", fragment);
    }

    [Fact]
    public void Compile_GraphForm_ReadsWaitNodes_AndNamesTheNodeWhenNoTextComesFirst()
    {
        static JsonObject Node(string id, string type, JsonObject data) => new() { ["id"] = id, ["type"] = type, ["data"] = data };
        static JsonObject Edge(string source, string target) => new() { ["source"] = source, ["target"] = target };
        var waitData = new JsonObject { ["config"] = new JsonObject { ["timeout"] = "PT4H" } };
        var sms = new JsonObject { ["actionType"] = "send_sms", ["config"] = new JsonObject { ["message"] = "Reply C to confirm" } };

        var valid = _compiler.Compile(new WorkflowDraft(
            "job_created", [],
            [Node("t", "trigger", []), Node("ask", "action", sms), Node("reply", "wait_for_reply", (JsonObject)waitData.DeepClone())],
            [Edge("t", "ask"), Edge("ask", "reply")],
            []));
        var missing = _compiler.Compile(new WorkflowDraft("job_created", [], [Node("t", "trigger", []), Node("reply", "wait_for_reply", waitData)], [Edge("t", "reply")], []));

        Assert.True(valid.IsValid, string.Join(" | ", valid.Errors));
        Assert.Equal("ask", ((WaitForReplyStep)valid.Plan!["reply"]).After);
        AssertError(missing, "nodes[1].data", "Add a text to the client before this step");
    }

    [Fact]
    public void StepSchemas_OfferWhatTheReaderAccepts()
    {
        var reply = StepSchemas.All["wait_for_reply"];
        var awaited = StepSchemas.All["wait_for_event"];

        Assert.Equal(["timeout"], reply["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(["after", "intents", "timeout"], reply["properties"]!.AsObject().Select(p => p.Key).Order());
        Assert.Equal(["eventType", "timeout"], awaited["required"]!.AsArray().Select(r => r!.GetValue<string>()).Order());
        var offered = awaited["properties"]!["eventType"]!["enum"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
        Assert.Contains("invoice_paid", offered);
        Assert.DoesNotContain("invoice_overdue", offered);

        // Every event the schema offers compiles in a workflow whose trigger provides its record (a manual run has them all).
        foreach (var eventType in offered)
        {
            var result = Compile("manual", new JsonObject
            {
                ["id"] = "w", ["type"] = "wait_for_event", ["config"] = new JsonObject { ["eventType"] = eventType, ["timeout"] = "PT1H" },
            });
            Assert.True(result.IsValid, $"{eventType}: {string.Join(" | ", result.Errors)}");
        }
    }
}
