using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Fixlify.Engine;
using Fixlify.Tests.Fixtures;
using Fixlify.Workflows;
using Json.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace Fixlify.Tests.Workflows;

/// <summary>
/// GET /api/catalog offers exactly what the compiler accepts, and its schemas agree with the checks they were recorded
/// from: for configs made from each schema (its examples, defaults and enums; every field, the required ones, one left
/// out, one of the wrong type or out of range), the schema and the compiler say the same.
/// </summary>
public sealed class WorkflowCatalogTests(EngineApp app) : IClassFixture<EngineApp>
{
    const string Trigger = "job_completed";

    static readonly EvaluationOptions Strict = new() { RequireFormatValidation = true, OutputFormat = OutputFormat.Flag };

    async Task<JsonObject> CatalogAsync()
    {
        using var response = await app.Api.GetAsync(new Uri("api/catalog", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    WorkflowCompiler Compiler => app.Services.GetRequiredService<WorkflowCompiler>();

    [Fact]
    public async Task Get_ListsEveryActionTriggerAndNodeKindTheCompilerAccepts()
    {
        var catalog = await CatalogAsync();

        var actions = catalog["actions"]!.AsArray().Select(a => (string)a!["type"]!).ToList();
        Assert.Equal(app.Services.GetRequiredService<ActionHandlers>().Types, actions);
        Assert.Contains("send_email", actions);
        var triggers = catalog["triggers"]!.AsArray().Select(t => (string)t!["type"]!).ToList();
        Assert.Equal(TriggerTypes.All.Keys.Order(StringComparer.Ordinal), triggers.Order(StringComparer.Ordinal));
        Assert.Equal(["eq", "ne", "gt", "gte", "lt", "lte", "in", "contains", "exists", "changed_to"], catalog["operators"]!.AsArray().Select(o => (string)o!));
        Assert.Contains(catalog["filters"]!.AsArray(), f => (string)f!["name"]! == "money");
        var sendEmail = catalog["actions"]!.AsArray().Single(a => (string)a!["type"]! == "send_email")!;
        Assert.Equal(5, (int)sendEmail["defaultRetry"]!["maxAttempts"]!);
        Assert.Equal("PT30S", (string)sendEmail["defaultRetry"]!["firstInterval"]!);

        Assert.Equal(GraphReader.NodeTypes.Order(StringComparer.Ordinal), catalog["nodeKinds"]!.AsArray().Select(k => (string)k!["kind"]!).Order(StringComparer.Ordinal));

        // Every kind compiles as a node and every handle it lists is accepted; an unlisted kind or handle is refused.
        foreach (var kind in catalog["nodeKinds"]!.AsArray())
        {
            var name = (string)kind!["kind"]!;
            foreach (var handle in kind["handles"]!.AsArray().Select(h => (string?)h))
            {
                var errors = CompileGraph(name, handle);
                Assert.DoesNotContain(errors, e => e.Message.Contains("Unknown node type", StringComparison.Ordinal) || e.Path.EndsWith("sourceHandle", StringComparison.Ordinal));
            }

            Assert.Contains(CompileGraph(name, "sideways"), e => e.Path.EndsWith("sourceHandle", StringComparison.Ordinal) || e.Path.StartsWith("edges", StringComparison.Ordinal));
        }

        Assert.Contains(CompileGraph("email", null), e => e.Message.Contains("Unknown node type", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_OffersEachTriggersVariablesAndEveryOneOfThemCompiles()
    {
        var catalog = await CatalogAsync();
        foreach (var trigger in catalog["triggers"]!.AsArray())
        {
            var type = (string)trigger!["type"]!;
            var variables = trigger["variables"]!.AsArray().Select(v => (string)v!).ToList();
            Assert.NotEmpty(variables);
            var schema = ContextSchema.For(type);
            Assert.All(variables, v => Assert.Null(schema.Explain(v)));
        }

        var jobCompleted = catalog["triggers"]!.AsArray().Single(t => (string)t!["type"]! == Trigger)!["variables"]!.AsArray().Select(v => (string)v!);
        Assert.Contains("client.first_name", jobCompleted);
        Assert.Contains("job.completed_at", jobCompleted);
        Assert.DoesNotContain("invoice.number", jobCompleted);
    }

    [Fact]
    public async Task ActionConfigSchemas_AgreeWithTheCompiler()
    {
        var catalog = await CatalogAsync();
        foreach (var action in catalog["actions"]!.AsArray())
        {
            var type = (string)action!["type"]!;
            var schema = (JsonObject)action["configSchema"]!;
            AssertAgreement($"{type} config", schema, config => CompileAction(type, config, retry: null).Where(e => e.Path.StartsWith("nodes[1].data.config", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task ControlStepAndRetrySchemas_AgreeWithTheCompiler()
    {
        var catalog = await CatalogAsync();
        var kinds = catalog["nodeKinds"]!.AsArray().ToDictionary(k => (string)k!["kind"]!, k => k!["configSchema"] as JsonObject);
        AssertAgreement("delay", kinds["delay"]!, config => CompileGraph("delay", null, config).Where(e => e.Path.StartsWith("nodes[1]", StringComparison.Ordinal)));
        AssertAgreement("loop", kinds["loop"]!, config => CompileGraph("loop", "body", config).Where(e => e.Path.StartsWith("nodes[1]", StringComparison.Ordinal)));
        AssertAgreement("retry", (JsonObject)catalog["retrySchema"]!, retry => CompileAction("create_task", new JsonObject { ["title"] = "Call back" }, retry));

        // Conditions: the rule-group schema and ConditionGroup agree on a sample.
        var condition = kinds["condition"]!;
        foreach (var (sample, valid) in new (string, bool)[]
        {
            ("""{"all":[{"field":"job.status","op":"eq","value":"completed"}]}""", true),
            ("""{"any":[{"field":"client.email","op":"exists"},{"all":[{"field":"job.total","op":"gt","value":100}]}]}""", true),
            ("""{"all":[]}""", false),
            ("""{"all":[{"field":"job.status","op":"like","value":"x"}]}""", false),
            ("""{"all":[{"op":"eq","value":"x"}]}""", false),
            ("""{"all":[{"field":"job.status","op":"eq","value":"x"}],"any":[{"field":"job.status","op":"eq","value":"y"}]}""", false),
            ("""{"none":[{"field":"job.status","op":"eq","value":"x"}]}""", false),
        })
        {
            var node = JsonNode.Parse(sample)!.AsObject();
            Assert.True(valid == Valid(condition, node), $"schema on {sample}");
            Assert.True(valid == !CompileGraph("condition", "true", node).Any(e => e.Path.StartsWith("nodes[1].data.config", StringComparison.Ordinal)), $"compiler on {sample}");
        }
    }

    [Fact]
    public async Task TriggerConfigAndScheduleSchemas_AgreeWithTheChecks()
    {
        var catalog = await CatalogAsync();
        foreach (var trigger in catalog["triggers"]!.AsArray())
        {
            var type = (string)trigger!["type"]!;
            AssertAgreement($"{type} triggerConfig", (JsonObject)trigger["configSchema"]!, config =>
            {
                var errors = new List<FieldError>();
                TriggerSettings.Validate(type, config, errors);
                return errors;
            });
            if (trigger["scheduleSchema"] is JsonObject schedule)
            {
                AssertAgreement($"{type} schedule", schedule, config =>
                {
                    var errors = new List<FieldError>();
                    WorkflowSchedule.Read(type, config, errors);
                    return errors;
                });
            }
        }
    }

    /// <summary>For every config made from <paramref name="schema"/>, the schema accepts it exactly when the check does; some are accepted, some refused.</summary>
    static void AssertAgreement(string what, JsonObject schema, Func<JsonObject, IEnumerable<FieldError>> check)
    {
        var accepted = 0;
        var refused = 0;
        foreach (var candidate in Candidates(schema))
        {
            var bySchema = Valid(schema, candidate);
            var errors = check(JsonNode.Parse(candidate.ToJsonString())!.AsObject()).ToList(); // as a request body is read
            Assert.True(bySchema == (errors.Count == 0), $"{what}: the schema {(bySchema ? "accepts" : "refuses")} {candidate.ToJsonString()} but the compiler says {(errors.Count == 0 ? "nothing" : string.Join("; ", errors.Select(e => $"{e.Path}: {e.Message}")))}");
            _ = bySchema ? accepted++ : refused++;
        }

        Assert.True(accepted > 0, $"{what}: no config made from the schema is valid");
        Assert.True(refused > 0, $"{what}: no config made from the schema is invalid");
    }

    static bool Valid(JsonObject schema, JsonNode instance) =>
        JsonSchema.FromText(schema.ToJsonString()).Evaluate(instance, Strict).IsValid;

    /// <summary>Configs made from a schema: every field; only the required; every field but one; each field of the wrong type, out of range or not in its list.</summary>
    static IEnumerable<JsonObject> Candidates(JsonObject schema)
    {
        var properties = schema["properties"] as JsonObject ?? [];
        var required = (schema["required"] as JsonArray)?.Select(r => (string)r!).ToHashSet() ?? [];
        var full = Sample(schema).AsObject();
        var minimal = new JsonObject(full.Where(p => required.Contains(p.Key)).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        yield return full;
        yield return minimal;
        foreach (var (key, property) in properties)
        {
            var without = (JsonObject)full.DeepClone();
            without.Remove(key);
            yield return without;
            var with = (JsonObject)minimal.DeepClone();
            with[key] = Sample(property!);
            yield return with;
            foreach (var wrong in Wrong(property!.AsObject()))
            {
                foreach (var basis in new[] { full, without.Count > 0 ? with : minimal })
                {
                    var bad = (JsonObject)basis.DeepClone();
                    bad[key] = wrong.DeepClone();
                    yield return bad;
                }
            }
        }

        var unknown = (JsonObject)minimal.DeepClone();
        unknown["colour"] = "blue";
        yield return unknown;
    }

    /// <summary>A value the schema describes: its example, default, const or first enum value, or one of its type.</summary>
    static JsonNode Sample(JsonNode schemaNode)
    {
        var schema = schemaNode.AsObject();
        if ((schema["examples"] as JsonArray)?.FirstOrDefault() is { } example)
        {
            return example.DeepClone();
        }

        if (schema["default"] is { } given)
        {
            return given.DeepClone();
        }

        if (schema["const"] is { } constant)
        {
            return constant.DeepClone();
        }

        if ((schema["enum"] as JsonArray)?.FirstOrDefault() is { } first)
        {
            return first.DeepClone();
        }

        if (schema["anyOf"] is JsonArray options && options.FirstOrDefault(o => o!["type"] is not null) is { } option)
        {
            return Sample(option);
        }

        return (string?)(schema["type"] as JsonValue) switch
        {
            "integer" => (JsonNode)((int?)schema["minimum"] ?? 1),
            "number" => 1,
            "boolean" => true,
            "array" when schema["items"]?["enum"] is JsonArray all => all.DeepClone(),
            "array" => new JsonArray(schema["items"] is { } items ? Sample(items) : "one"),
            "object" => new JsonObject((schema["properties"] as JsonObject ?? []).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Sample(p.Value!)))),
            _ => "Thanks for choosing us",
        };
    }

    /// <summary>Values a field's schema refuses: the wrong type, past its bounds, not in its list.</summary>
    static IEnumerable<JsonNode> Wrong(JsonObject schema)
    {
        switch ((string?)(schema["type"] as JsonValue))
        {
            case "string":
                yield return 42;
                if (schema["pattern"] is not null)
                {
                    yield return " ";
                }

                break;
            case "integer":
                yield return "many";
                yield return 2.5;
                if ((int?)schema["maximum"] is { } max)
                {
                    yield return max + 1;
                }

                if ((int?)schema["minimum"] is { } min)
                {
                    yield return min - 1;
                }

                break;
            case "number":
            case "boolean":
            case "array":
            case "object":
                yield return "many";
                break;
        }

        if (schema["enum"] is not null)
        {
            yield return "nope";
        }
    }

    IReadOnlyList<FieldError> CompileAction(string actionType, JsonObject config, JsonObject? retry)
    {
        var data = new JsonObject { ["actionType"] = actionType, ["config"] = config };
        if (retry is not null)
        {
            data["retry"] = retry;
        }

        return Compile(
            new JsonArray(Node("t", "trigger", null), new JsonObject { ["id"] = "a", ["type"] = "action", ["data"] = data }),
            new JsonArray(Edge("t", "a", null)));
    }

    /// <summary>trigger → a node of <paramref name="kind"/> whose <paramref name="handle"/> leads to a task (and, for a loop's body, back).</summary>
    IReadOnlyList<FieldError> CompileGraph(string kind, string? handle, JsonObject? config = null)
    {
        config ??= kind switch
        {
            "condition" => JsonNode.Parse("""{"all":[{"field":"job.status","op":"eq","value":"completed"}]}""")!.AsObject(),
            "delay" => new JsonObject { ["duration"] = "PT1H" },
            "loop" => new JsonObject { ["times"] = 3 },
            _ => null,
        };
        var data = kind == "action" ? new JsonObject { ["actionType"] = "create_task", ["config"] = new JsonObject { ["title"] = "x" } } : new JsonObject { ["config"] = config };
        var nodes = new JsonArray(
            Node("t", "trigger", null),
            new JsonObject { ["id"] = "n", ["type"] = kind, ["data"] = data },
            Node("a", "action", new JsonObject { ["actionType"] = "create_task", ["config"] = new JsonObject { ["title"] = "Call back" } }));
        var edges = new JsonArray(Edge("t", "n", null), Edge("n", "a", handle));
        if (kind == "trigger")
        {
            nodes = new JsonArray(Node("t", "trigger", null), Node("a", "action", new JsonObject { ["actionType"] = "create_task", ["config"] = new JsonObject { ["title"] = "x" } }));
            edges = new JsonArray(Edge("t", "a", handle));
        }
        else if (kind == "condition" && handle == "false")
        {
            nodes.Add(Node("b", "action", new JsonObject { ["actionType"] = "create_task", ["config"] = new JsonObject { ["title"] = "y" } }));
            edges.Add(Edge("n", "b", "true"));
        }
        else if (kind == "loop" && handle == "done")
        {
            nodes.Add(Node("b", "action", new JsonObject { ["actionType"] = "create_task", ["config"] = new JsonObject { ["title"] = "y" } }));
            edges.Add(Edge("n", "b", "body"));
        }

        return Compile(nodes, edges);
    }

    IReadOnlyList<FieldError> Compile(JsonArray nodes, JsonArray edges) =>
        Compiler.Compile(new WorkflowDraft(Trigger, [], nodes, edges, [])).Errors;

    static JsonObject Node(string id, string type, JsonObject? data) =>
        data is null ? new() { ["id"] = id, ["type"] = type } : new() { ["id"] = id, ["type"] = type, ["data"] = data };

    static JsonObject Edge(string source, string target, string? handle) =>
        handle is null ? new() { ["source"] = source, ["target"] = target } : new() { ["source"] = source, ["target"] = target, ["sourceHandle"] = handle };
}
