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
        { "no trigger", """{"nodes":[{"id":"a","type":"action","data":{"actionType":"record","config":{"label":"x"}}}],"edges":[]}""", "nodes: exactly one trigger" },
        { "two triggers", """{"nodes":[{"id":"t1","type":"trigger"},{"id":"t2","type":"trigger"}],"edges":[]}""", "nodes: exactly one trigger node; it has 2" },
        { "unknown node type", """{"nodes":[{"id":"t","type":"trigger"},{"id":"x","type":"email"}],"edges":[]}""", "nodes[1].type: Unknown node type 'email'" },
        { "unknown action type", """{"nodes":[{"id":"t","type":"trigger"},{"id":"a","type":"action","data":{"actionType":"send_fax"}}],"edges":[{"source":"t","target":"a"}]}""", "nodes[1].data.actionType: Unknown action type 'send_fax'" },
        { "edge to a missing node", """{"nodes":[{"id":"t","type":"trigger"}],"edges":[{"source":"t","target":"ghost"}]}""", "edges[0].target: No node has id 'ghost'" },
        { "edge from a missing node", """{"nodes":[{"id":"t","type":"trigger"}],"edges":[{"source":"ghost","target":"t"}]}""", "edges[0].source: No node has id 'ghost'" },
        { "unreachable node", """{"nodes":[{"id":"t","type":"trigger"},{"id":"a","type":"action","data":{"actionType":"record","config":{"label":"x"}}},{"id":"lost","type":"action","data":{"actionType":"record","config":{"label":"y"}}}],"edges":[{"source":"t","target":"a"}]}""", "nodes[2]: Node 'lost' cannot be reached" },
        { "cycle outside a loop", """{"nodes":[{"id":"t","type":"trigger"},{"id":"a","type":"action","data":{"actionType":"record","config":{"label":"x"}}},{"id":"b","type":"action","data":{"actionType":"record","config":{"label":"y"}}}],"edges":[{"source":"t","target":"a"},{"source":"a","target":"b"},{"source":"b","target":"a"}]}""", "edges[2]: This edge closes a cycle (a → b → a)" },
        { "condition without true branch", """{"nodes":[{"id":"t","type":"trigger"},{"id":"c","type":"condition","data":{"config":{"all":[{"field":"trigger.data.x","op":"eq","value":1}]}}},{"id":"a","type":"action","data":{"actionType":"record","config":{"label":"x"}}}],"edges":[{"source":"t","target":"c"},{"source":"c","target":"a","sourceHandle":"false"}]}""", "nodes[1]: Condition 'c' has no 'true' branch" },
        { "condition edge without handle", """{"nodes":[{"id":"t","type":"trigger"},{"id":"c","type":"condition","data":{"config":{"any":[{"field":"trigger.data.x","op":"exists"}]}}},{"id":"a","type":"action","data":{"actionType":"record","config":{"label":"x"}}}],"edges":[{"source":"t","target":"c"},{"source":"c","target":"a"}]}""", "edges[1].sourceHandle: An edge from a condition needs sourceHandle true or false" },
        { "unknown operator", """{"nodes":[{"id":"t","type":"trigger"},{"id":"c","type":"condition","data":{"config":{"all":[{"field":"job.status","op":"like","value":"x"}]}}},{"id":"a","type":"action","data":{"actionType":"record","config":{"label":"x"}}}],"edges":[{"source":"t","target":"c"},{"source":"c","target":"a","sourceHandle":"true"}]}""", "nodes[1].data.config.all[0].op: Unknown operator 'like'" },
        { "missing config", """{"nodes":[{"id":"t","type":"trigger"},{"id":"a","type":"action","data":{"actionType":"create_task","config":{}}}],"edges":[{"source":"t","target":"a"}]}""", "nodes[1].data.config.title: Required" },
        { "ill-typed config", """{"nodes":[{"id":"t","type":"trigger"},{"id":"a","type":"action","data":{"actionType":"create_task","config":{"title":42}}}],"edges":[{"source":"t","target":"a"}]}""", "nodes[1].data.config.title: Must be a string" },
        { "field not writable", """{"nodes":[{"id":"t","type":"trigger"},{"id":"a","type":"action","data":{"actionType":"update_record","config":{"record":"job","fields":{"total":"0"}}}}],"edges":[{"source":"t","target":"a"}]}""", "nodes[1].data.config.fields.total: A workflow cannot set job.total" },
        { "ill-typed retry", """{"nodes":[{"id":"t","type":"trigger"},{"id":"a","type":"action","data":{"actionType":"record","config":{"label":"x"},"retry":{"maxAttempts":"many"}}}],"edges":[{"source":"t","target":"a"}]}""", "nodes[1].data.retry.maxAttempts: Must be a whole number" },
        { "unknown template variable", """{"nodes":[{"id":"t","type":"trigger"},{"id":"a","type":"action","data":{"actionType":"record","config":{"label":"Hi {{ client.nickname }}"}}}],"edges":[{"source":"t","target":"a"}]}""", "nodes[1].data.config.label: Unknown variable 'client.nickname'" },
        { "record the trigger does not provide", """{"nodes":[{"id":"t","type":"trigger"},{"id":"a","type":"action","data":{"actionType":"record","config":{"label":"{{ invoice.number }}"}}}],"edges":[{"source":"t","target":"a"}]}""", "nodes[1].data.config.label: Unknown variable 'invoice.number': this trigger provides" },
        { "unknown step output", """{"nodes":[{"id":"t","type":"trigger"},{"id":"a","type":"action","data":{"actionType":"record","config":{"label":"{{ steps.nope.label }}"}}}],"edges":[{"source":"t","target":"a"}]}""", "nodes[1].data.config.label: Unknown variable 'steps.nope.label': there is no step 'nope'" },
        { "template that does not parse", """{"nodes":[{"id":"t","type":"trigger"},{"id":"a","type":"action","data":{"actionType":"record","config":{"label":"Hi {{ client.first_name "}}}],"edges":[{"source":"t","target":"a"}]}""", "nodes[1].data.config.label: The template does not parse" },
        { "bad ISO-8601 duration", """{"nodes":[{"id":"t","type":"trigger"},{"id":"d","type":"delay","data":{"config":{"duration":"3 days"}}}],"edges":[{"source":"t","target":"d"}]}""", "nodes[1].data.config.duration: '3 days' is not an ISO-8601 duration" },
        { "bad ISO-8601 offset", """{"nodes":[{"id":"t","type":"trigger"},{"id":"d","type":"delay","data":{"config":{"until":"job.scheduled_start","offset":"-24h"}}}],"edges":[{"source":"t","target":"d"}]}""", "nodes[1].data.config.offset: '-24h' is not an ISO-8601 duration" },
        { "delay without duration or until", """{"nodes":[{"id":"t","type":"trigger"},{"id":"d","type":"delay","data":{"config":{}}}],"edges":[{"source":"t","target":"d"}]}""", "nodes[1].data.config: A delay needs either" },
        { "loop without a bound", """{"nodes":[{"id":"t","type":"trigger"},{"id":"l","type":"loop","data":{"config":{"over":"technicians"}}},{"id":"a","type":"action","data":{"actionType":"record","config":{"label":"x"}}}],"edges":[{"source":"t","target":"l"},{"source":"l","target":"a","sourceHandle":"body"}]}""", "nodes[1].data.config.maxIterations: A loop over a list needs a bound" },
        { "loop without a list or count", """{"nodes":[{"id":"t","type":"trigger"},{"id":"l","type":"loop","data":{"config":{"maxIterations":5}}},{"id":"a","type":"action","data":{"actionType":"record","config":{"label":"x"}}}],"edges":[{"source":"t","target":"l"},{"source":"l","target":"a","sourceHandle":"body"}]}""", "nodes[1].data.config: A loop needs \"over\"" },
        { "loop without a body", """{"nodes":[{"id":"t","type":"trigger"},{"id":"l","type":"loop","data":{"config":{"times":3}}}],"edges":[{"source":"t","target":"l"}]}""", "nodes[1]: Loop 'l' has no 'body' branch" },
        { "duplicate node id", """{"nodes":[{"id":"t","type":"trigger"},{"id":"t","type":"action"}],"edges":[]}""", "nodes[1].id: Another node already has id 't'" },
        { "two next steps", """{"nodes":[{"id":"t","type":"trigger"},{"id":"a","type":"action","data":{"actionType":"record","config":{"label":"x"}}},{"id":"b","type":"action","data":{"actionType":"record","config":{"label":"y"}}}],"edges":[{"source":"t","target":"a"},{"source":"t","target":"b"}]}""", "edges[1]: Node 't' already leads somewhere" },
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

    CompileResult Compile(string triggerType, string graph)
    {
        var json = JsonNode.Parse(graph)!.AsObject();
        return _compiler.Compile(new WorkflowDraft(triggerType, [], json["nodes"]!.AsArray(), json["edges"]!.AsArray(), []));
    }

    static JsonObject Step(string id, string label) =>
        new() { ["id"] = id, ["type"] = "action", ["actionType"] = "record", ["config"] = new JsonObject { ["label"] = label } };
}
