using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Data;
using Fixlify.Engine;
using Fixlify.Tests.Fixtures;
using Fixlify.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fixlify.Tests.Workflows;

/// <summary>
/// The shared catalog as migration 0009 writes it: every template is a workflow the API would save (compiled with the
/// production action handlers), its messages render on real records, and the app's login cannot rewrite it.
/// </summary>
public sealed partial class TemplateCatalogTests(StandaloneApp app) : IClassFixture<StandaloneApp>
{
    [Fact]
    public async Task Catalog_HoldsAtLeastTenPublishedTemplates_InKnownCategories()
    {
        var catalog = await CatalogAsync();

        Assert.True(catalog.Count >= 10, $"the catalog has {catalog.Count} templates");
        Assert.All(catalog, t => Assert.Contains(t.Category, TemplateCategories.All));
        Assert.Equal(catalog.Count, catalog.Select(t => t.Name).Distinct().Count());
    }

    [Fact]
    public async Task EveryTemplate_CompilesAndPassesTheTriggerAndScheduleChecks()
    {
        var compiler = app.Services.GetRequiredService<WorkflowCompiler>();
        var problems = new List<string>();

        foreach (var template in await CatalogAsync())
        {
            var compiled = compiler.Compile(new WorkflowDraft(template.TriggerType!, template.TriggerConfig, template.Nodes, template.Edges, template.Steps));
            var errors = new List<FieldError>(compiled.Errors);
            TriggerSettings.Validate(template.TriggerType!, template.TriggerConfig, errors);
            WorkflowSchedule.Read(template.TriggerType!, template.Schedule, errors);
            problems.AddRange(errors.Select(e => $"{template.Name}: {e.Path}: {e.Message}"));
            if (compiled.Plan is { } plan)
            {
                Assert.Equal(template.TriggerType, plan.TriggerType);
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public async Task FieldServiceTemplates_DoWhatTheirNamesSay()
    {
        var compiler = app.Services.GetRequiredService<WorkflowCompiler>();
        var catalog = (await CatalogAsync()).ToDictionary(t => t.Name);
        WorkflowPlan Plan(string name) => compiler.Compile(new WorkflowDraft(catalog[name].TriggerType!, catalog[name].TriggerConfig, [], [], catalog[name].Steps)).Plan!;

        var reminder = Plan("Appointment reminder, 24 hours before");
        var dayBefore = Assert.IsType<DelayStep>(reminder["day-before"]);
        Assert.Equal(((TimeSpan?)null, "job.scheduled_start", TimeSpan.FromHours(-24)), (dayBefore.Duration, dayBefore.Until, dayBefore.Offset));
        Assert.Equal("send_message", ((ActionStep)reminder[reminder["day-before"].Next!]).ActionType);

        Assert.Equal("in_progress", catalog["Technician on the way"].TriggerConfig["toStatus"]?.ToString());
        Assert.Equal("send_sms", ((ActionStep)Plan("Technician on the way")[Plan("Technician on the way").Start!]).ActionType);

        // Email at 3 days overdue, text at 7, a task at 14: each guarded by "still unpaid", re-checked on fresh records.
        Assert.Equal(3, TriggerSettings.Whole(catalog["Overdue invoice escalation"].TriggerConfig["daysOverdue"]));
        var escalation = Walk(Plan("Overdue invoice escalation"));
        Assert.Equal(["send_email", "P4D", "send_sms", "P7D", "create_task"], escalation.Select(s => s is ActionStep a ? a.ActionType : System.Xml.XmlConvert.ToString(((DelayStep)s).Duration!.Value)));
        Assert.All(escalation.OfType<ActionStep>(), s => Assert.Equal(
            ("all", "invoice.status", "in", """["sent","partially_paid"]"""),
            (s.OnlyIf!.Match, s.OnlyIf.Rules.Single().Field, s.OnlyIf.Rules.Single().Op, s.OnlyIf.Rules.Single().Value!.ToJsonString())));

        var followUp = Walk(Plan("Estimate follow-up after 3 days"));
        Assert.Equal(TimeSpan.FromDays(3), ((DelayStep)followUp[0]).Duration);
        Assert.All(followUp.Skip(1), s => Assert.Equal("estimate.status", ((ActionStep)s).OnlyIf!.Rules.Single().Field));

        Assert.Equal(180, TriggerSettings.Whole(catalog["Win back inactive clients (180 days)"].TriggerConfig["inactiveDays"]));
        Assert.Equal("job_technician_assigned", catalog["Technician assigned notice"].TriggerType);

        // Text the day before, wait a day for the answer, branch on it.
        var confirmation = Plan("Appointment confirmation by text");
        var ask = Assert.IsType<ActionStep>(confirmation["ask"]);
        var wait = Assert.IsType<WaitForReplyStep>(confirmation[ask.Next!]);
        Assert.Equal(("send_sms", "ask", TimeSpan.FromHours(24)), (ask.ActionType, wait.After, wait.Timeout));
        Assert.Equal("steps.reply.intent", Assert.IsType<ConditionStep>(confirmation[wait.Next!]).When.Rules.Single().Field);

        var weekly = catalog["Weekly schedule email to each technician"];
        Assert.Equal(("recurring", "0 7 * * 1"), (weekly.TriggerType, weekly.Schedule?["cron"]?.ToString()));
        var loop = Assert.IsType<LoopStep>(Plan(weekly.Name)["each-technician"]);
        Assert.Equal(("technicians", "technician"), (loop.Over, loop.As));
    }

    [Fact]
    public async Task EveryMessage_RendersOnRealRecords_WithoutLeftoverLiquid()
    {
        var context = await ContextAsync();
        var renderer = app.Services.GetRequiredService<TemplateRenderer>();
        var rendered = new Dictionary<string, string>();

        foreach (var template in await CatalogAsync())
        {
            foreach (var (path, text) in Strings(template.Steps, "steps").Where(s => Fixlify.Engine.TemplateRenderer.IsTemplate(s.Text)))
            {
                var output = await renderer.RenderAsync(text, context);
                Assert.False(string.IsNullOrWhiteSpace(output), $"{template.Name} {path} rendered empty");
                Assert.DoesNotContain("Liquid error", output, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("{{", output, StringComparison.Ordinal);
                rendered[$"{template.Name}/{path}"] = output;
            }
        }

        // Times in the organization's zone, money in its currency, the technician's own week.
        var start = DateTimeOffset.Parse(context["job"]!["scheduled_start"]!.ToString(), CultureInfo.InvariantCulture);
        var local = TimeZoneInfo.ConvertTime(start, TimeZoneInfo.FindSystemTimeZoneById("America/Chicago"));
        Assert.Equal(
            $"Hi Rosa, this is Template Plumbing reminding you of your appointment (Fix leak) on {local.ToString("dddd, MMMM d 'at' h:mm tt", CultureInfo.InvariantCulture)}. Reply STOP to opt out.",
            rendered["Appointment reminder, 24 hours before/steps[0].then[1].config.sms.message"]);
        Assert.Contains("$1,049.50 is still open", rendered["Overdue invoice escalation/steps[0].config.text"], StringComparison.Ordinal);
        Assert.Contains("for $1,250.00 is ready and due on", rendered["Invoice sent notice/steps[0].config.text"], StringComparison.Ordinal);
        Assert.Contains(
            $"- {local.ToString("dddd, MMMM d 'at' h:mm tt", CultureInfo.InvariantCulture)}: Fix leak for Rosa Rivera, 12 Elm St",
            rendered["Weekly schedule email to each technician/steps[0].body[0].then[0].config.text"],
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppLogin_CanCountUses_ButCannotRewriteASharedTemplate()
    {
        await using var connection = await app.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection, "Mallory Plumbing");
        var id = (await CatalogAsync())[0].Id;
        await using var tenants = new TenantDatabase(Options.Create(new PostgresOptions { ConnectionString = app.AppConnectionString }));
        await using var transaction = await tenants.BeginAsync(organization, CancellationToken.None);

        var error = await Assert.ThrowsAsync<PostgresException>(() => transaction.ExecuteAsync(
            "UPDATE automation_templates SET steps = '[]' WHERE id = @id", new { id }, CancellationToken.None));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    async Task<List<TemplateRecord>> CatalogAsync()
    {
        await using var connection = await app.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection, "Catalog Reader");
        await using var tenants = new TenantDatabase(Options.Create(new PostgresOptions { ConnectionString = app.AppConnectionString }));
        await using var transaction = await tenants.BeginAsync(organization, CancellationToken.None);
        var templates = await TemplateRepository.ListAsync(transaction, null, null, CancellationToken.None);
        return [.. templates.Where(t => t.OrganizationId is null)];
    }

    /// <summary>A context as StartExecution builds it, from rows in PostgreSQL: every record any template uses, and a loop's technician.</summary>
    async Task<JsonObject> ContextAsync()
    {
        await using var connection = await app.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection, "Template Plumbing", "America/Chicago");
        var client = await TestData.ClientAsync(connection, organization, "Rosa");
        await connection.ExecuteAsync("UPDATE clients SET address = '12 Elm St' WHERE id = @client", new { client });
        var technician = await TestData.TechnicianAsync(connection, organization, "Maria");
        await connection.ExecuteAsync("UPDATE technicians SET user_id = gen_random_uuid() WHERE id = @technician", new { technician });
        var start = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(2).AddHours(15), TimeSpan.Zero);
        var job = await TestData.JobAsync(connection, organization, client, start: start, technicianId: technician);
        var invoice = await TestData.InvoiceAsync(connection, organization, client, "sent", DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-3)), 1250m);
        await connection.ExecuteAsync("UPDATE invoices SET amount_paid = 200.50, job_id = @job WHERE id = @invoice", new { invoice, job });
        var estimate = await TestData.EstimateAsync(connection, organization, client, "sent");

        await using var tenants = new TenantDatabase(Options.Create(new PostgresOptions { ConnectionString = app.AppConnectionString }));
        await using var transaction = await tenants.BeginAsync(organization, CancellationToken.None);
        var context = new JsonObject
        {
            ["trigger"] = new JsonObject { ["type"] = "manual" },
            ["workflow"] = new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["name"] = "catalog", ["version"] = 1 },
            ["execution"] = new JsonObject { ["id"] = Guid.NewGuid().ToString() },
            ["steps"] = new JsonObject(),
        };
        foreach (var (record, id) in new[] { ("organization", organization), ("client", client), ("technician", technician), ("job", job), ("invoice", invoice), ("estimate", estimate) })
        {
            context[record] = await BusinessRecords.LoadAsync(transaction, record, id, CancellationToken.None);
        }

        var technicians = await BusinessRecords.ActiveTechniciansAsync(transaction, CancellationToken.None);
        context["technicians"] = technicians;
        // Inside the weekly email's loop, "technician" is the list's item (with its upcoming jobs).
        context["technician"] = technicians[0]!.DeepClone();
        context["loop"] = new JsonObject { ["index"] = 0, ["number"] = 1, ["count"] = 1, ["first"] = true, ["last"] = true };

        // After the confirmation template's wait: the client's answer.
        context["steps"]!["reply"] = new JsonObject { ["reply"] = "C", ["intent"] = "confirm", ["receivedAt"] = "2026-01-14T15:04:05Z" };
        return context;
    }

    /// <summary>
    /// Every text in every template fits the builder's chip grammar (PLAIN-CATALOG §2, docs/templates.md): plain text and
    /// output tags {{ PATH }}, {{ PATH | currency }} or {{ PATH | date: "FORMAT" }} (a catalog format), each optionally
    /// followed by | default: "TEXT". The one exception is the weekly schedule's list of jobs, a {% for %} no chip can show
    /// (that field opens in code view).
    /// </summary>
    [Fact]
    public async Task EveryTemplateText_FitsTheChipGrammar()
    {
        var problems = new List<string>();
        foreach (var template in await CatalogAsync())
        {
            foreach (var (path, text) in Strings(template.Steps, "steps").Where(s => TemplateRenderer.IsTemplate(s.Text)))
            {
                if (template.Name == "Weekly schedule email to each technician" && path.EndsWith(".config.text", StringComparison.Ordinal))
                {
                    Assert.Equal(2, ForTag().Count(text)); // {% for %} and {% endfor %} (with its {% else %}) are all it adds
                    continue;
                }

                if (Chip().Replace(text, "") is var rest && (rest.Contains("{{", StringComparison.Ordinal) || rest.Contains("{%", StringComparison.Ordinal)))
                {
                    problems.Add($"{template.Name} {path}: {text}");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>
    /// Every catalog template broken in the ways a person breaks one (a setting left empty or mistyped, a wrong variable,
    /// a step removed, a bad wait, a bad start) is refused with messages in the person's words: no snake_case identifier,
    /// no record path, no ISO-8601 duration, no Liquid and no step id, while each message's path still names the field.
    /// </summary>
    [Fact]
    public async Task BrokenTemplates_AreRefusedInPlainWords()
    {
        var compiler = app.Services.GetRequiredService<WorkflowCompiler>();
        var problems = new List<string>();
        var messages = 0;
        foreach (var template in await CatalogAsync())
        {
            foreach (var broken in Broken(template))
            {
                var (how, triggerType, triggerConfig, schedule, steps) = (broken.How, broken.TriggerType, broken.TriggerConfig, broken.Schedule, broken.Steps);
                var errors = new List<FieldError>(compiler.Compile(new WorkflowDraft(triggerType, triggerConfig, [], [], steps)).Errors);
                TriggerSettings.Validate(triggerType, triggerConfig, errors);
                WorkflowSchedule.Read(triggerType, schedule, errors);
                Assert.True(errors.Count > 0 || !broken.MustFail, $"{template.Name} {how}: accepted");
                foreach (var error in errors)
                {
                    messages++;
                    Assert.False(string.IsNullOrWhiteSpace(error.Path), $"{template.Name} {how}: a message without a path");
                    if (CodeWords().Match(error.Message) is { Success: true } code)
                    {
                        problems.Add($"{template.Name} {how}: {error.Path}: {error.Message}  ← “{code.Value}”");
                    }
                }
            }
        }

        Assert.True(messages > 200, $"only {messages} messages were checked");
        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct()));
    }

    /// <summary>The template, its step ids made distinctive (so a message naming one is caught), broken one way at a time.</summary>
    sealed record BrokenTemplate(string How, string TriggerType, JsonObject TriggerConfig, JsonObject? Schedule, JsonArray Steps)
    {
        public bool MustFail { get; init; } = true;
    }

    static IEnumerable<BrokenTemplate> Broken(TemplateRecord template)
    {
        var original = (JsonArray)template.Steps.DeepClone();
        var ids = Objects(original).Where(o => o["id"] is not null).Select(o => (string)o["id"]!).ToList();
        var renamed = original.ToJsonString();
        foreach (var id in ids.OrderByDescending(i => i.Length))
        {
            renamed = renamed.Replace($"\"{id}\"", $"\"stepid{ids.IndexOf(id)}x\"", StringComparison.Ordinal);
        }

        var steps = JsonNode.Parse(renamed)!.AsArray();
        var trigger = (template.TriggerType!, template.TriggerConfig, template.Schedule);
        BrokenTemplate With(string how, Action<JsonArray> change)
        {
            var copy = (JsonArray)steps.DeepClone();
            change(copy);
            return new(how, trigger.Item1, (JsonObject)trigger.TriggerConfig.DeepClone(), trigger.Schedule?.DeepClone() as JsonObject, copy);
        }

        var count = Objects(steps).Count(o => o["type"] is not null);
        for (var n = 0; n < count; n++)
        {
            var index = n;
            JsonObject Step(JsonArray copy) => Objects(copy).Where(o => o["type"] is not null).ElementAt(index);
            yield return With($"step {n} with no settings", c => Step(c)["config"] = new JsonObject());
            yield return With($"step {n} with an unknown setting", c => Step(c)["config"] = new JsonObject { ["colour"] = "blue" });
            yield return With($"step {n} of an unknown kind", c => Step(c)["type"] = "teleport");
            yield return With($"step {n} with its id twice", c => c.Add(new JsonObject { ["id"] = Step(c)["id"]!.DeepClone(), ["type"] = "action", ["actionType"] = "create_task", ["config"] = new JsonObject { ["title"] = "x" } }));
            var step = Step(steps);
            switch ((string?)step["type"])
            {
                case "action":
                    yield return With($"step {n} doing an unknown thing", c => Step(c)["actionType"] = "send_fax");
                    yield return With($"step {n} doing nothing", c => Step(c).Remove("actionType"));
                    yield return With($"step {n} retrying wrongly", c => Step(c)["retry"] = new JsonObject { ["maxAttempts"] = 99, ["firstInterval"] = "soon", ["backoffCoefficient"] = 50 });
                    yield return With($"step {n} with a bad guard", c => Step(c)["onlyIf"] = JsonNode.Parse("""{"all": [{"field": "invoice.colour", "op": "like"}]}"""));
                    foreach (var (path, _) in Strings(step["config"], "").Where(s => s.Path.Length > 0))
                    {
                        var key = path.TrimStart('.');
                        foreach (var (what, value) in new (string, JsonNode?)[]
                        {
                            ("empty", ""), ("a number", 42), ("an unknown variable", "Hi {{ client.nickname }}"), ("an unknown filter", "{{ client.first_name | shout }}"),
                            ("broken Liquid", "Hi {{ client.first_name"), ("a record it lacks", "{{ estimate.number }} {{ invoice.due_date }}"), ("an unknown step", "{{ steps.ghost.reply }}"),
                            ("a bad time zone", "{{ job.scheduled_start | time_zone: 'Mars/Olympus' | date: '%H' }}"), ("a bad length of time", "3 days"),
                        })
                        {
                            // An empty, numeric or plain text may be a fine value for some settings: only the message is judged.
                            yield return With($"step {n} {key} set to {what}", c => Set(Step(c)["config"]!, key, value?.DeepClone())) with
                            {
                                MustFail = what is not ("empty" or "a number" or "a bad length of time"),
                            };
                        }
                    }

                    break;
                case "condition":
                    yield return With($"step {n} comparing wrongly", c => Step(c)["config"] = JsonNode.Parse("""{"all": [{"field": "job.status", "op": "like", "value": "x"}]}"""));
                    yield return With($"step {n} checking an unknown field", c => Step(c)["config"] = JsonNode.Parse("""{"all": [{"field": "invoice.colour", "op": "eq", "value": "x"}, {"field": "steps.ghost.intent", "op": "eq", "value": "confirm"}]}"""));
                    yield return With($"step {n} with no value", c => Step(c)["config"] = JsonNode.Parse("""{"any": [{"field": "job.total", "op": "gt"}, {"field": "job.total", "op": "gt", "value": "lots"}, {"field": "job.status", "op": "in", "value": "x"}]}"""));
                    yield return With($"step {n} with no rules", c => Step(c)["config"] = JsonNode.Parse("""{"all": []}"""));
                    yield return With($"step {n} with no Yes path", c => Step(c).Remove("then"));
                    break;
                case "delay":
                    foreach (var config in new[] { """{"duration": "3 days"}""", """{"duration": "-PT1H"}""", """{"until": "job.finished_at", "offset": "-24h"}""", """{"at": "next Tuesday"}""", """{"duration": "PT1H", "at": "2026-12-24T09:00"}""", """{"at": "2026-12-24T09:00", "offset": "PT1H"}""" })
                    {
                        yield return With($"step {n} waiting {config}", c => Step(c)["config"] = JsonNode.Parse(config));
                    }

                    break;
                case "loop":
                    yield return With($"step {n} repeating without a bound", c => Step(c)["config"] = JsonNode.Parse("""{"over": "technicians"}"""));
                    yield return With($"step {n} repeating over nothing", c => Step(c)["config"] = JsonNode.Parse("""{"over": "job.colours", "times": 3, "as": "Item"}"""));
                    yield return With($"step {n} repeating nothing", c => Step(c).Remove("body"));
                    break;
                case "wait_for_reply":
                    foreach (var config in new[] { """{"timeout": "P60D"}""", """{"timeout": "tomorrow", "after": "ghost"}""", """{"timeout": "PT1H", "intents": {"Confirm": ["C"], "none": ["N"], "stop_it": ["STOP"], "twice": ["C"]}}""" })
                    {
                        yield return With($"step {n} waiting for a reply {config}", c => Step(c)["config"] = JsonNode.Parse(config));
                    }

                    break;
            }
        }

        yield return With("with no steps' kinds", c => { foreach (var o in Objects(c).Where(o => o["type"] is not null)) { o.Remove("type"); } });
        yield return new("starting on an unknown event", "job_exploded", new JsonObject(), null, (JsonArray)steps.DeepClone());
        yield return new("with a wrong start setting", trigger.Item1, new JsonObject { ["colour"] = "blue", ["allowAutomationOrigin"] = "yes" }, trigger.Schedule?.DeepClone() as JsonObject, (JsonArray)steps.DeepClone());
        yield return new("with a schedule it cannot have or a bad one", trigger.Item1, (JsonObject)trigger.TriggerConfig.DeepClone(),
            new JsonObject { ["cron"] = "every monday", ["timeZone"] = "Mars/Olympus", ["overlap"] = "maybe", ["runAt"] = "soon" }, (JsonArray)steps.DeepClone());
        yield return new("overdue with no days", "invoice_overdue", new JsonObject { ["daysOverdue"] = "many" }, null, (JsonArray)steps.DeepClone());
        yield return new("quiet with no days", "client_inactive", new JsonObject(), null, (JsonArray)steps.DeepClone());
    }

    static void Set(JsonNode config, string dotted, JsonNode? value)
    {
        var parts = dotted.Split('.');
        var target = config;
        foreach (var part in parts[..^1])
        {
            target = target[part]!;
        }

        if (target is JsonObject obj)
        {
            obj[parts[^1]] = value;
        }
    }

    static IEnumerable<JsonObject> Objects(JsonNode? node) => node switch
    {
        JsonObject obj => new[] { obj }.Concat(obj.SelectMany(p => Objects(p.Value))),
        JsonArray array => array.SelectMany(Objects),
        _ => [],
    };

    [System.Text.RegularExpressions.GeneratedRegex("""\{\{\s*[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*\s*(\|\s*(currency|date:\s*"(%A, %B %-d at %-I:%M %p|%A, %B %-d|%B %-d, %Y|%-I:%M %p)")\s*)?(\|\s*default:\s*"[^"]*"\s*)?\}\}""")]
    private static partial System.Text.RegularExpressions.Regex Chip();

    [System.Text.RegularExpressions.GeneratedRegex(@"\{%-?\s*(for|endfor)\b")]
    private static partial System.Text.RegularExpressions.Regex ForTag();

    /// <summary>What a person must not read: snake_case, record paths, ISO-8601 durations, Liquid, the test's step ids.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"\b[a-z]+_[a-z0-9_]+\b|\b(client|job|invoice|estimate|technician|technicians|organization|steps|trigger|workflow|execution|config|triggerConfig)\.[A-Za-z_]|\bP(T?\d+[YMWDHS])+\b|-PT|\{\{|\{%|stepid\d+x")]
    private static partial System.Text.RegularExpressions.Regex CodeWords();

    /// <summary>The plan's steps from its start, following next (the linear templates have no branches that matter here).</summary>
    static List<PlanStep> Walk(WorkflowPlan plan)
    {
        var steps = new List<PlanStep>();
        for (var id = plan.Start; id is not null; id = plan[id].Next)
        {
            steps.Add(plan[id]);
        }

        return steps;
    }

    static IEnumerable<(string Path, string Text)> Strings(JsonNode? node, string path) => node switch
    {
        JsonObject obj => obj.SelectMany(p => Strings(p.Value, $"{path}.{p.Key}")),
        JsonArray array => array.SelectMany((item, i) => Strings(item, $"{path}[{i}]")),
        JsonValue value when value.TryGetValue<string>(out var text) => [(path, text)],
        _ => [],
    };
}
