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
public sealed class TemplateCatalogTests(StandaloneApp app) : IClassFixture<StandaloneApp>
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

        // Times in the organization's zone, money with two decimals, the technician's own week.
        var start = DateTimeOffset.Parse(context["job"]!["scheduled_start"]!.ToString(), CultureInfo.InvariantCulture);
        var local = TimeZoneInfo.ConvertTime(start, TimeZoneInfo.FindSystemTimeZoneById("America/Chicago"));
        Assert.Equal(
            $"Hi Rosa, this is Template Plumbing reminding you of your appointment (Fix leak) on {local.ToString("dddd, MMMM d 'at' h:mm tt", CultureInfo.InvariantCulture)}. Reply STOP to opt out.",
            rendered["Appointment reminder, 24 hours before/steps[0].then[1].config.sms.message"]);
        Assert.Contains("$1,049.50 is still open", rendered["Overdue invoice escalation/steps[0].config.text"], StringComparison.Ordinal);
        Assert.Contains(
            $"- {local.ToString("ddd MMM d, h:mm tt", CultureInfo.InvariantCulture)}: Fix leak for Rosa Rivera, 12 Elm St",
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
