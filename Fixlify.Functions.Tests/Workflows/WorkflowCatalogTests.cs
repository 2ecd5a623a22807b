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
        Assert.Equal(TriggerType.All.Select(t => t.Name).Order(StringComparer.Ordinal), triggers.Order(StringComparer.Ordinal));
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
                Assert.DoesNotContain(errors, e => e.Path == "nodes[1].type" || e.Path.EndsWith("sourceHandle", StringComparison.Ordinal));
            }

            Assert.Contains(CompileGraph(name, "sideways"), e => e.Path.EndsWith("sourceHandle", StringComparison.Ordinal) || e.Path.StartsWith("edges", StringComparison.Ordinal));
        }

        Assert.Contains(CompileGraph("email", null), e => e.Path == "nodes[1].type");
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
            var schema = ContextSchema.For(TriggerType.Find(type)!);
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

    [Fact]
    public async Task Get_ListsEveryRecordFieldWithALabelAndAKind()
    {
        var catalog = await CatalogAsync();
        var records = catalog["records"]!.AsArray().ToDictionary(r => (string)r!["name"]!, r => r!.AsObject());

        foreach (var (name, columns) in ContextSchema.RecordFields)
        {
            var fields = records[name]["fields"]!.AsArray();
            Assert.Equal(columns, fields.Select(f => (string)f!["name"]!));
            Assert.All(fields, f =>
            {
                Assert.False(string.IsNullOrWhiteSpace((string?)f!["label"]), $"{f["path"]} has no label");
                Assert.DoesNotMatch(CodeWords, (string)f["label"]!);
                Assert.Contains((string)f["kind"]!, Kinds);
                Assert.Equal($"{name}.{f["name"]}", (string)f["path"]!);
                Assert.Null(ContextSchema.For(TriggerType.Manual).Explain((string)f["path"]!));
            });
        }

        var invoiceStatus = records["invoice"]["fields"]!.AsArray().Single(f => (string)f!["name"]! == "status")!;
        Assert.Equal("choice", (string)invoiceStatus["kind"]!);
        Assert.Contains(invoiceStatus["choices"]!.AsArray(), c => (string)c!["value"]! == "paid" && (string)c["label"]! == "Paid");
        Assert.Equal("money", (string)records["invoice"]["fields"]!.AsArray().Single(f => (string)f!["name"]! == "total")!["kind"]!);
        Assert.True((bool)records["invoice"]["fields"]!.AsArray().Single(f => (string)f!["name"]! == "organization_id")!["hidden"]!);
        Assert.Equal("list", (string)records["technicians"]["fields"]![0]!["kind"]!);
    }

    [Fact]
    public async Task RecordStatusChoices_AreWhatTheDatabaseAllows()
    {
        await using var connection = new Npgsql.NpgsqlConnection(app.OwnerConnectionString);
        await connection.OpenAsync();
        foreach (var (record, choices) in ContextRecords.Statuses)
        {
            var table = Fixlify.Data.BusinessRecords.Tables[record];
            await using var command = new Npgsql.NpgsqlCommand(
                "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = @table::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%(status)%'", connection);
            command.Parameters.AddWithValue("table", table);
            var definition = (string)(await command.ExecuteScalarAsync())!;
            var allowed = System.Text.RegularExpressions.Regex.Matches(definition, "'([a-z_]+)'").Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);
            Assert.Equal(allowed, choices.Select(c => c.Value).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task Get_NamesEveryTriggerActionNodeKindAndOperatorInWords()
    {
        var catalog = await CatalogAsync();
        foreach (var trigger in catalog["triggers"]!.AsArray())
        {
            AssertPlain(trigger!, "label", "description");
            Assert.DoesNotMatch(CodeWords, System.Text.RegularExpressions.Regex.Replace((string)trigger!["sentence"]!, @"\{\w+\}", "7"));
            var placeholders = System.Text.RegularExpressions.Regex.Matches((string)trigger!["sentence"]!, @"\{(\w+)\}").Select(m => m.Groups[1].Value);
            Assert.All(placeholders, p => Assert.Contains(p, ((JsonObject)trigger["configSchema"]!["properties"]!).Select(k => k.Key)));
        }

        foreach (var action in catalog["actions"]!.AsArray())
        {
            AssertPlain(action!, "label", "description", "sentence");
            Assert.All(action!["outputs"]!.AsArray(), o => Assert.Contains((string)o!["kind"]!, Kinds));
        }

        foreach (var kind in catalog["nodeKinds"]!.AsArray())
        {
            AssertPlain(kind!, "label", "description");
        }

        var reply = catalog["nodeKinds"]!.AsArray().Single(k => (string)k!["kind"]! == "wait_for_reply")!["outputs"]!.AsArray();
        var intent = reply.Single(o => (string)o!["name"]! == "intent")!;
        Assert.Contains(intent["choices"]!.AsArray(), c => (string)c!["value"]! == "confirm" && (string)c["label"]! == "Confirmed");
        Assert.Contains(intent["choices"]!.AsArray(), c => (string)c!["value"]! == "none" && (string)c["label"]! == "No reply in time");

        var labels = catalog["operatorLabels"]!.AsArray();
        foreach (var op in catalog["operators"]!.AsArray().Select(o => (string)o!))
        {
            Assert.Contains(labels, l => (string)l!["op"]! == op);
        }

        Assert.All(labels, l =>
        {
            AssertPlain(l!, "label");
            Assert.NotEmpty(l!["kinds"]!.AsArray());
            Assert.All(l["kinds"]!.AsArray(), k => Assert.Contains((string)k!, Kinds));
        });
        Assert.Contains(labels, l => (string)l!["op"]! == "lt" && (string)l["label"]! == "is before" && l["kinds"]!.AsArray().Any(k => (string)k! == "datetime"));
        Assert.Equal("currency", (string)catalog["moneyFilter"]!);
        Assert.Contains(catalog["filters"]!.AsArray(), f => (string)f!["name"]! == "currency");
        Assert.All(catalog["dateFormats"]!.AsArray(), f => Assert.NotEmpty(f!["kinds"]!.AsArray()));
    }

    [Fact]
    public async Task EveryConfigSchemaProperty_HasAPlainTitle()
    {
        var catalog = await CatalogAsync();
        var schemas = new List<(string What, JsonNode? Schema)>
        {
            ("retrySchema", catalog["retrySchema"]), ("onlyIfSchema", catalog["onlyIfSchema"]),
        };
        schemas.AddRange(catalog["triggers"]!.AsArray().SelectMany(t => new[] { ($"{t!["type"]} configSchema", t["configSchema"]), ($"{t["type"]} scheduleSchema", t["scheduleSchema"]) }));
        schemas.AddRange(catalog["actions"]!.AsArray().Select(a => ($"{a!["type"]} configSchema", a["configSchema"])));
        schemas.AddRange(catalog["nodeKinds"]!.AsArray().Select(k => ($"{k!["kind"]} configSchema", k["configSchema"])));

        var checkedProperties = 0;
        var problems = new List<string>();
        foreach (var (what, schema) in schemas)
        {
            foreach (var (path, property) in Properties(schema, what))
            {
                checkedProperties++;
                var title = (string?)property["title"];
                if (string.IsNullOrWhiteSpace(title) || CodeWords.IsMatch(title))
                {
                    problems.Add($"{path}: title {title ?? "missing"}");
                }

                if ((string?)property["description"] is { } description && CodeWords.IsMatch(description))
                {
                    problems.Add($"{path}: description {description}");
                }

                foreach (var values in new[] { property, property["items"] as JsonObject }.OfType<JsonObject>().Where(p => p["enum"] is JsonArray e && e.All(v => v is JsonValue t && t.TryGetValue<string>(out _))))
                {
                    var labels = values["x-enum-labels"] as JsonArray;
                    if (labels is null || labels.Count != values["enum"]!.AsArray().Count || labels.Any(l => CodeWords.IsMatch((string)l!)))
                    {
                        problems.Add($"{path}: choices {labels?.ToJsonString() ?? "without labels"}");
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct()));
        Assert.True(checkedProperties > 100, $"only {checkedProperties} properties were checked");
        var sms = catalog["actions"]!.AsArray().Single(a => (string)a!["type"]! == "send_sms")!["configSchema"]!["properties"]!["message"]!;
        Assert.Equal("sms", (string)sms["x-message"]!);
        var allowOrigin = catalog["triggers"]!.AsArray().Single(t => (string)t!["type"]! == Trigger)!["configSchema"]!["properties"]!["allowAutomationOrigin"]!;
        Assert.Equal("Also when an automation made the change", (string)allowOrigin["title"]!);
        var strategy = catalog["actions"]!.AsArray().Single(a => (string)a!["type"]! == "assign_technician")!["configSchema"]!["properties"]!["strategy"]!;
        Assert.Equal(["The least busy technician", "The next technician in turn"], strategy["x-enum-labels"]!.AsArray().Select(l => (string)l!));
        var toStatus = catalog["triggers"]!.AsArray().Single(t => (string)t!["type"]! == "job_status_changed")!["configSchema"]!["properties"]!["toStatus"]!;
        Assert.Equal("job.status", (string)toStatus["x-choices-from"]!);
    }

    static readonly string[] Kinds = [.. Enum.GetValues<FieldKind>().Select(RecordField.KindName)];

    /// <summary>snake_case or camelCase identifiers, dotted paths, ISO-8601 durations and Liquid: words a person must not read.</summary>
    static readonly System.Text.RegularExpressions.Regex CodeWords = new(
        @"\b[a-z]+_[a-z_]+\b|\b[a-z]+[A-Z]\w*\b|\b[a-z_]+\.[a-z_]+\b|\bP(T?\d+[YMWDHS])+\b|\{\{|\{%");

    static void AssertPlain(JsonNode node, params string[] keys)
    {
        foreach (var key in keys)
        {
            var text = (string?)node[key];
            Assert.False(string.IsNullOrWhiteSpace(text), $"{node.ToJsonString()} has no {key}");
            Assert.DoesNotMatch(CodeWords, text!);
        }
    }

    /// <summary>Every property of a schema, nested objects' and $defs' included, with its path.</summary>
    static IEnumerable<(string Path, JsonObject Property)> Properties(JsonNode? schema, string path)
    {
        if (schema is not JsonObject obj)
        {
            yield break;
        }

        foreach (var (key, property) in obj["properties"] as JsonObject ?? [])
        {
            if (property is JsonObject p)
            {
                yield return ($"{path}.{key}", p);
                foreach (var nested in Properties(p, $"{path}.{key}"))
                {
                    yield return nested;
                }
            }
        }

        foreach (var (key, def) in obj["$defs"] as JsonObject ?? [])
        {
            foreach (var nested in Properties(def, $"{path}.$defs.{key}"))
            {
                yield return nested;
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
