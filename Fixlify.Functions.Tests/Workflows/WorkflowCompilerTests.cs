using System.Text.Json.Nodes;
using Fixlify.Actions;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Tests.Fixtures;
using Fixlify.Workflows;
using Microsoft.Extensions.Options;

namespace Fixlify.Tests.Workflows;

/// <summary>Every validation rule reports its exact path; a valid definition compiles to the plan it describes.</summary>
public sealed class WorkflowCompilerTests
{
    readonly WorkflowCompiler _compiler;

    public WorkflowCompilerTests()
    {
        var database = new TenantDatabase(Options.Create(new PostgresOptions { ConnectionString = "Host=127.0.0.1" }));
        var templates = new TemplateRenderer();
        _compiler = new WorkflowCompiler(new ActionHandlers(
        [
            new CreateTaskHandler(database, templates, TimeProvider.System),
            new UpdateRecordHandler(database, templates),
            new RecordingActionHandler("Host=127.0.0.1", templates),
        ]));
    }

    public static TheoryData<string, string, string> InvalidGraphs() => new()
    {
        // name, graph (nodes | edges as compact JSON), expected "path: message fragment"
        { "no trigger", """{"nodes":[{"id":"a","type":"action","data":{"actionType":"record","config":{"label":"x"}}}],"edges":[]}""", "nodes: Add a start: choose what starts the automation." },
        { "two triggers", """{"nodes":[{"id":"t1","type":"trigger"},{"id":"t2","type":"trigger"}],"edges":[]}""", "nodes: An automation has one start" },
        { "unknown node type", """{"nodes":[{"id":"t","type":"trigger"},{"id":"x","type":"email"}],"edges":[]}""", "nodes[1].type: This kind of step does not exist" },
        { "unknown action type", """{"nodes":[{"id":"t","type":"trigger"},{"id":"a","type":"action","data":{"actionType":"send_fax"}}],"edges":[{"source":"t","target":"a"}]}""", "nodes[1].data.actionType: This step does something that does not exist" },
        { "edge to a missing node", """{"nodes":[{"id":"t","type":"trigger"}],"edges":[{"source":"t","target":"ghost"}]}""", "edges[0].target: This connection leads to a step that does not exist." },
        { "edge from a missing node", """{"nodes":[{"id":"t","type":"trigger"}],"edges":[{"source":"ghost","target":"t"}]}""", "edges[0].source: This connection starts at a step that does not exist." },
        { "unreachable node", """{"nodes":[{"id":"t","type":"trigger"},{"id":"a","type":"action","data":{"actionType":"record","config":{"label":"x"}}},{"id":"lost","type":"action","data":{"actionType":"record","config":{"label":"y"}}}],"edges":[{"source":"t","target":"a"}]}""", "nodes[2]: Nothing leads to this step" },
        { "cycle outside a loop", """{"nodes":[{"id":"t","type":"trigger"},{"id":"a","type":"action","data":{"actionType":"record","config":{"label":"x"}}},{"id":"b","type":"action","data":{"actionType":"record","config":{"label":"y"}}}],"edges":[{"source":"t","target":"a"},{"source":"a","target":"b"},{"source":"b","target":"a"}]}""", "edges[2]: This line goes back to an earlier step" },
        { "condition without true branch", """{"nodes":[{"id":"t","type":"trigger"},{"id":"c","type":"condition","data":{"config":{"all":[{"field":"trigger.data.x","op":"eq","value":1}]}}},{"id":"a","type":"action","data":{"actionType":"record","config":{"label":"x"}}}],"edges":[{"source":"t","target":"c"},{"source":"c","target":"a","sourceHandle":"false"}]}""", "nodes[1]: Choose what happens when the check is true." },
        { "condition edge without handle", """{"nodes":[{"id":"t","type":"trigger"},{"id":"c","type":"condition","data":{"config":{"any":[{"field":"trigger.data.x","op":"exists"}]}}},{"id":"a","type":"action","data":{"actionType":"record","config":{"label":"x"}}}],"edges":[{"source":"t","target":"c"},{"source":"c","target":"a"}]}""", "edges[1].sourceHandle: A line from a check leaves by its Yes or its No side." },
        { "unknown operator", """{"nodes":[{"id":"t","type":"trigger"},{"id":"c","type":"condition","data":{"config":{"all":[{"field":"job.status","op":"like","value":"x"}]}}},{"id":"a","type":"action","data":{"actionType":"record","config":{"label":"x"}}}],"edges":[{"source":"t","target":"c"},{"source":"c","target":"a","sourceHandle":"true"}]}""", "nodes[1].data.config.all[0].op: Choose how to compare" },
        { "missing config", """{"nodes":[{"id":"t","type":"trigger"},{"id":"a","type":"action","data":{"actionType":"create_task","config":{}}}],"edges":[{"source":"t","target":"a"}]}""", "nodes[1].data.config.title: Fill in “Title”." },
        { "ill-typed config", """{"nodes":[{"id":"t","type":"trigger"},{"id":"a","type":"action","data":{"actionType":"create_task","config":{"title":42}}}],"edges":[{"source":"t","target":"a"}]}""", "nodes[1].data.config.title: “Title” must be text." },
        { "field not writable", """{"nodes":[{"id":"t","type":"trigger"},{"id":"a","type":"action","data":{"actionType":"update_record","config":{"record":"job","fields":{"total":"0"}}}}],"edges":[{"source":"t","target":"a"}]}""", "nodes[1].data.config.fields.total: An automation cannot change Job › Total" },
        { "ill-typed retry", """{"nodes":[{"id":"t","type":"trigger"},{"id":"a","type":"action","data":{"actionType":"record","config":{"label":"x"},"retry":{"maxAttempts":"many"}}}],"edges":[{"source":"t","target":"a"}]}""", "nodes[1].data.retry.maxAttempts: Enter a whole number from 1 to 20." },
        { "unknown template variable", """{"nodes":[{"id":"t","type":"trigger"},{"id":"a","type":"action","data":{"actionType":"record","config":{"label":"Hi {{ client.nickname }}"}}}],"edges":[{"source":"t","target":"a"}]}""", "nodes[1].data.config.label: This automation has no client: choose a field from the list." },
        { "record the trigger does not provide", """{"nodes":[{"id":"t","type":"trigger"},{"id":"a","type":"action","data":{"actionType":"record","config":{"label":"{{ invoice.number }}"}}}],"edges":[{"source":"t","target":"a"}]}""", "nodes[1].data.config.label: This automation has no invoice" },
        { "unknown step output", """{"nodes":[{"id":"t","type":"trigger"},{"id":"a","type":"action","data":{"actionType":"record","config":{"label":"{{ steps.nope.label }}"}}}],"edges":[{"source":"t","target":"a"}]}""", "nodes[1].data.config.label: This uses the result of a step that is not in the automation" },
        { "template that does not parse", """{"nodes":[{"id":"t","type":"trigger"},{"id":"a","type":"action","data":{"actionType":"record","config":{"label":"Hi {{ client.first_name "}}}],"edges":[{"source":"t","target":"a"}]}""", "nodes[1].data.config.label: A variable or tag in this text is not written right" },
        { "bad ISO-8601 duration", """{"nodes":[{"id":"t","type":"trigger"},{"id":"d","type":"delay","data":{"config":{"duration":"3 days"}}}],"edges":[{"source":"t","target":"d"}]}""", "nodes[1].data.config.duration: Enter a length of time, such as 3 days" },
        { "bad ISO-8601 offset", """{"nodes":[{"id":"t","type":"trigger"},{"id":"d","type":"delay","data":{"config":{"until":"job.scheduled_start","offset":"-24h"}}}],"edges":[{"source":"t","target":"d"}]}""", "nodes[1].data.config.offset: Enter a length of time, such as 3 days" },
        { "delay without duration or until", """{"nodes":[{"id":"t","type":"trigger"},{"id":"d","type":"delay","data":{"config":{}}}],"edges":[{"source":"t","target":"d"}]}""", "nodes[1].data.config: Choose how long to wait" },
        { "delay at something not a date", """{"nodes":[{"id":"t","type":"trigger"},{"id":"d","type":"delay","data":{"config":{"at":"next Tuesday"}}}],"edges":[{"source":"t","target":"d"}]}""", "nodes[1].data.config.at: Enter a date and time" },
        { "delay at a moment and for a duration", """{"nodes":[{"id":"t","type":"trigger"},{"id":"d","type":"delay","data":{"config":{"at":"2026-12-24T09:00","duration":"PT1H"}}}],"edges":[{"source":"t","target":"d"}]}""", "nodes[1].data.config: Choose one way to wait" },
        { "delay at a moment with an offset", """{"nodes":[{"id":"t","type":"trigger"},{"id":"d","type":"delay","data":{"config":{"at":"2026-12-24T09:00","offset":"PT1H"}}}],"edges":[{"source":"t","target":"d"}]}""", "nodes[1].data.config.offset: A fixed date and time takes no time before or after it" },
        { "loop without a bound", """{"nodes":[{"id":"t","type":"trigger"},{"id":"l","type":"loop","data":{"config":{"over":"technicians"}}},{"id":"a","type":"action","data":{"actionType":"record","config":{"label":"x"}}}],"edges":[{"source":"t","target":"l"},{"source":"l","target":"a","sourceHandle":"body"}]}""", "nodes[1].data.config.maxIterations: Choose the most times it may repeat" },
        { "loop without a list or count", """{"nodes":[{"id":"t","type":"trigger"},{"id":"l","type":"loop","data":{"config":{"maxIterations":5}}},{"id":"a","type":"action","data":{"actionType":"record","config":{"label":"x"}}}],"edges":[{"source":"t","target":"l"},{"source":"l","target":"a","sourceHandle":"body"}]}""", "nodes[1].data.config: Choose what to repeat for" },
        { "loop without a body", """{"nodes":[{"id":"t","type":"trigger"},{"id":"l","type":"loop","data":{"config":{"times":3}}}],"edges":[{"source":"t","target":"l"}]}""", "nodes[1]: Add the steps to repeat." },
        { "duplicate node id", """{"nodes":[{"id":"t","type":"trigger"},{"id":"t","type":"action"}],"edges":[]}""", "nodes[1].id: Two steps have the same id" },
        { "two next steps", """{"nodes":[{"id":"t","type":"trigger"},{"id":"a","type":"action","data":{"actionType":"record","config":{"label":"x"}}},{"id":"b","type":"action","data":{"actionType":"record","config":{"label":"y"}}}],"edges":[{"source":"t","target":"a"},{"source":"t","target":"b"}]}""", "edges[1]: This step already leads to another" },
    };

    [Theory]
    [MemberData(nameof(InvalidGraphs))]
    public void Compile_InvalidGraph_ReportsTheRuleAtItsPath(string name, string graph, string expected)
    {
        var result = Compile("recurring", graph);

        Assert.False(result.IsValid, name);
        var (path, message) = (expected[..expected.IndexOf(": ", StringComparison.Ordinal)], expected[(expected.IndexOf(": ", StringComparison.Ordinal) + 2)..]);
        Assert.Contains(result.Errors, e => e.Path == path && e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Compile_UnknownTriggerType_NamesTriggerType()
    {
        var result = _compiler.Compile(new WorkflowDraft("job_exploded", [], [], [], [Step("a", "x")]));

        Assert.Equal("triggerType", Assert.Single(result.Errors).Path);
    }

    [Fact]
    public void Compile_SeveralProblems_ReportsThemAll()
    {
        var result = Compile("job_completed", """
            {"nodes":[{"id":"t","type":"trigger"},
                      {"id":"a","type":"action","data":{"actionType":"create_task","config":{"title":"{{ job.nope }}","dueIn":"soon"}}},
                      {"id":"d","type":"delay","data":{"config":{"duration":"P1X"}}}],
             "edges":[{"source":"t","target":"a"},{"source":"a","target":"d"},{"source":"d","target":"ghost"}]}
            """);

        Assert.Equal(
            new[] { "edges[2].target", "nodes[1].data.config.dueIn", "nodes[1].data.config.title", "nodes[2].data.config.duration" },
            result.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Compile_LoopBodyCycle_IsAllowed_AndCompilesToPointers()
    {
        var result = Compile("recurring", """
            {"nodes":[{"id":"t","type":"trigger"},
                      {"id":"each","type":"loop","data":{"config":{"over":"technicians","as":"technician","maxIterations":50}}},
                      {"id":"mail","type":"action","data":{"actionType":"record","config":{"label":"{{ technician.first_name }}"}}},
                      {"id":"check","type":"condition","data":{"config":{"any":[{"field":"technician.is_active","op":"eq","value":true},{"all":[{"field":"loop.index","op":"lt","value":3}]}]}}},
                      {"id":"note","type":"action","data":{"actionType":"create_task","config":{"title":"{{ steps.mail.label }}"}}},
                      {"id":"end","type":"action","data":{"actionType":"record","config":{"label":"done"}}}],
             "edges":[{"source":"t","target":"each"},{"source":"each","target":"mail","sourceHandle":"body"},{"source":"mail","target":"check"},
                      {"source":"check","target":"note","sourceHandle":"true"},{"source":"note","target":"each"},
                      {"source":"each","target":"end","sourceHandle":"done"}]}
            """);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var plan = result.Plan!;
        Assert.Equal("each", plan.Start);
        Assert.Equal(("mail", "end", 50), (((LoopStep)plan["each"]).Body, plan["each"].Next, ((LoopStep)plan["each"]).MaxIterations));
        Assert.Equal(("note", (string?)null), (((ConditionStep)plan["check"]).WhenTrue, ((ConditionStep)plan["check"]).WhenFalse));
        Assert.Equal("each", plan["note"].Next);
        Assert.Equal("any", ((ConditionStep)plan["check"]).When.Match);
        Assert.Single(((ConditionStep)plan["check"]).When.Groups);
    }

    [Fact]
    public void Compile_LinearSteps_ReportsNestedPathsAndLinksBranchesToWhatFollows()
    {
        var bad = _compiler.Compile(new WorkflowDraft("manual", [], [], [],
        [
            Step("a", "{{ trigger.data.x }}"),
            new JsonObject
            {
                ["id"] = "c", ["type"] = "condition", ["config"] = new JsonObject { ["all"] = new JsonArray(new JsonObject { ["field"] = "trigger.data.x", ["op"] = "gt", ["value"] = 1 }) },
                ["then"] = new JsonArray(new JsonObject { ["id"] = "t1", ["type"] = "action", ["actionType"] = "nope" }),
            },
        ]));
        Assert.Equal("steps[1].then[0].actionType", Assert.Single(bad.Errors).Path);

        var good = _compiler.Compile(new WorkflowDraft("manual", [], [], [],
        [
            new JsonObject
            {
                ["id"] = "c", ["type"] = "condition", ["config"] = new JsonObject { ["all"] = new JsonArray(new JsonObject { ["field"] = "trigger.data.x", ["op"] = "gt", ["value"] = 1 }) },
                ["then"] = new JsonArray(Step("big", "big")),
                ["else"] = new JsonArray(Step("small", "small")),
            },
            Step("after", "after"),
        ]));
        Assert.True(good.IsValid, string.Join("; ", good.Errors));
        Assert.Equal(("big", "small"), (((ConditionStep)good.Plan!["c"]).WhenTrue, ((ConditionStep)good.Plan["c"]).WhenFalse));
        Assert.Equal(("after", "after", (string?)null), (good.Plan["big"].Next, good.Plan["small"].Next, good.Plan["after"].Next));
    }

    [Fact]
    public void Plan_RoundTripsThroughItsStoredJson()
    {
        var compiled = Compile("job_completed", """
            {"nodes":[{"id":"t","type":"trigger"},{"id":"wait","type":"delay","data":{"config":{"until":"job.scheduled_start","offset":"-PT24H"}}},
                      {"id":"a","type":"action","data":{"actionType":"record","config":{"label":"{{ job.title }}"},"continueOnError":true,"retry":{"maxAttempts":4,"firstInterval":"PT10S","maxInterval":"PT5M"}}}],
             "edges":[{"source":"t","target":"wait"},{"source":"wait","target":"a"}]}
            """);
        Assert.True(compiled.IsValid, string.Join("; ", compiled.Errors));
        var plan = compiled.Plan!;

        var copy = WorkflowPlanJson.FromJson(WorkflowPlanJson.ToJson(plan));

        Assert.Equal(TimeSpan.FromHours(-24), ((DelayStep)copy["wait"]).Offset);
        Assert.Equal(new RetrySettings(4, TimeSpan.FromSeconds(10), 2, TimeSpan.FromMinutes(5)), ((ActionStep)copy["a"]).Retry);
        Assert.Equal(plan.Start, copy.Start);
        Assert.True(((ActionStep)copy["a"]).ContinueOnError);
        Assert.Equal("{{ job.title }}", ((ActionStep)copy["a"]).Config["label"]!.GetValue<string>());
    }

    [Fact]
    public void Plan_WithADelayAtAFixedMoment_KeepsItThroughItsStoredJson_AndReadsTheOrganizationsZone()
    {
        var compiled = Compile("job_completed", """
            {"nodes":[{"id":"t","type":"trigger"},{"id":"eve","type":"delay","data":{"config":{"at":"2026-12-24T09:00"}}},
                      {"id":"a","type":"action","data":{"actionType":"record","config":{"label":"x"}}}],
             "edges":[{"source":"t","target":"eve"},{"source":"eve","target":"a"}]}
            """);
        Assert.True(compiled.IsValid, string.Join("; ", compiled.Errors));

        var copy = WorkflowPlanJson.FromJson(WorkflowPlanJson.ToJson(compiled.Plan!));

        Assert.Equal(("2026-12-24T09:00", (TimeSpan?)null, (string?)null), (((DelayStep)copy["eve"]).At, ((DelayStep)copy["eve"]).Duration, ((DelayStep)copy["eve"]).Until));
        Assert.Contains("organization.time_zone", copy.Reads);
    }

    CompileResult Compile(string triggerType, string graph)
    {
        var json = JsonNode.Parse(graph)!.AsObject();
        return _compiler.Compile(new WorkflowDraft(triggerType, [], json["nodes"]!.AsArray(), json["edges"]!.AsArray(), []));
    }

    static JsonObject Step(string id, string label) =>
        new() { ["id"] = id, ["type"] = "action", ["actionType"] = "record", ["config"] = new JsonObject { ["label"] = label } };
}
