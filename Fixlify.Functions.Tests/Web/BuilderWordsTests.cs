using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using Fixlify.Tests.Fixtures;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Fixlify.Tests.Web;

/// <summary>
/// What a person reads in the builder (issue 21): every panel of every catalog template in plain words, and a definition
/// written by hand that the plain controls cannot show opens in code view and survives an open-and-save unchanged.
/// </summary>
public sealed partial class BuilderWordsTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task EveryCatalogTemplate_EveryPanel_ReadsInPlainWords()
    {
        var organization = await OrganizationAsync("Words Plumbing");
        using var api = app.ClientFor(organization);
        var templates = (await api.GetFromJsonAsync<JsonElement>(new Uri("api/templates", UriKind.Relative))).GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(templates);
        await using var web = await app.OpenPageAsync(1366, 800);
        var page = web.Page;
        await web.SignInAsync(app.Token(organization), "/");
        var found = new List<string>();

        foreach (var template in templates)
        {
            var name = template.GetProperty("name").GetString()!;
            using var created = await api.PostAsJsonAsync(new Uri($"api/templates/{template.GetProperty("id").GetString()}/instantiate", UriKind.Relative), new { });
            created.EnsureSuccessStatusCode();
            var workflow = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
            await page.GotoAsync($"/workflows/{workflow}");
            var nodes = page.Locator(".react-flow__node");
            await Expect(nodes.First).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "No problems" })).ToBeVisibleAsync();
            found.AddRange(CodeWords(name, "the builder", await page.Locator("main").InnerTextAsync()));

            var count = await nodes.CountAsync();
            for (var i = 0; i < count; i++)
            {
                var node = nodes.Nth(i);
                var title = await node.GetAttributeAsync("aria-label") ?? $"node {i}";
                await node.ClickAsync();
                // The panel draws its fields as the catalog's menus arrive: read it once it has settled (a field still
                // shown as code after that is a finding).
                try
                {
                    await Expect(Panel(page)).Not.ToContainTextAsync("{{", new() { Timeout = 30_000, UseInnerText = true });
                }
                catch (PlaywrightException)
                {
                }

                found.AddRange(CodeWords(name, title, await Panel(page).InnerTextAsync()));
                await web.ScreenshotAsync($"words-{Slug(name)}-{i}");
            }
        }

        Assert.True(found.Count == 0, "Code words where a person reads:\n" + string.Join("\n", found));
        web.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task HandWrittenDefinition_OpenedAndSaved_KeepsEveryStepByteForByte()
    {
        var organization = await OrganizationAsync("Code Plumbing");
        using var api = app.ClientFor(organization);
        var workflow = await api.CreateWorkflowAsync(new JsonObject
        {
            ["name"] = "Written by a developer",
            ["triggerType"] = "job_completed",
            ["isActive"] = false,
            ["nodes"] = new JsonArray(
                Step("trigger", "trigger", 0, new JsonObject()),
                Step("pause", "delay", 150, new JsonObject { ["config"] = new JsonObject { ["duration"] = "PT90S" } }),
                Step("vip", "condition", 300, new JsonObject
                {
                    ["config"] = JsonNode.Parse("""{"any":[{"field":"trigger.data.source","op":"eq","value":"web"},{"all":[{"field":"job.total","op":"gte","value":1000}]}]}"""),
                }),
                Step("note", "action", 450, new JsonObject
                {
                    ["actionType"] = "send_email",
                    ["config"] = new JsonObject
                    {
                        ["subject"] = "{{ client.first_name | upcase }}, thanks",
                        ["text"] = "Hi{% if client.company %} from {{ client.company }}{% endif %},\n{{ job.title | truncate: 20 }} is done.",
                    },
                })),
            ["edges"] = new JsonArray(Edge("trigger", "pause", null), Edge("pause", "vip", null), Edge("vip", "note", "true")),
        });
        var before = await NodesTextAsync(workflow);

        await using var web = await app.OpenPageAsync(1366, 800);
        var page = web.Page;
        await web.SignInAsync(app.Token(organization), $"/workflows/{workflow}");
        // What the plain controls cannot show (90 seconds, Liquid beyond details, a path outside the menus) stays code.
        foreach (var (node, shot) in new[] { ("Wait", "delay"), ("Check", "check"), ("Email", "email") })
        {
            await Node(page, node).ClickAsync();
            await Expect(Panel(page)).ToContainTextAsync("Shown as code");
            await web.ScreenshotAsync($"hand-written-{shot}-in-code");
        }

        // Only the name changes; every step is written back as it was.
        await page.GetByLabel("Automation name").FillAsync("Written by a developer (renamed)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved · version 2" })).ToBeVisibleAsync();

        Assert.Equal(before, await NodesTextAsync(workflow));
        web.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task RuleOnTheJobsTechnician_OffersTechniciansByName_AndSavesTheChoice()
    {
        var organization = await OrganizationAsync("Crew Plumbing");
        Guid quinn, rory;
        await using (var connection = await app.OpenAsync())
        {
            quinn = await TestData.TechnicianAsync(connection, organization, "Quinn");
            rory = await TestData.TechnicianAsync(connection, organization, "Rory");
        }

        using var api = app.ClientFor(organization);
        var workflow = await api.CreateWorkflowAsync(new JsonObject
        {
            ["name"] = "Quinn's jobs",
            ["triggerType"] = "job_completed",
            ["isActive"] = false,
            ["nodes"] = new JsonArray(
                Step("trigger", "trigger", 0, new JsonObject()),
                Step("crew", "condition", 150, new JsonObject
                {
                    ["config"] = JsonNode.Parse($$"""{"all":[{"field":"job.technician_id","op":"eq","value":"{{quinn}}"}]}"""),
                }),
                Step("thanks", "action", 300, new JsonObject { ["actionType"] = "create_task", ["config"] = new JsonObject { ["title"] = "Call the client" } })),
            ["edges"] = new JsonArray(Edge("trigger", "crew", null), Edge("crew", "thanks", "true")),
        });

        await using var web = await app.OpenPageAsync(1366, 800);
        var page = web.Page;
        await web.SignInAsync(app.Token(organization), $"/workflows/{workflow}");
        await Node(page, "Check").ClickAsync();
        var value = Panel(page).GetByLabel("Value", new() { Exact = true });
        await Expect(value.Locator("option:checked")).ToHaveTextAsync("Quinn Lopez");
        await value.SelectOptionAsync(new SelectOptionValue { Label = "Rory Lopez" });
        await web.ScreenshotAsync("rule-on-the-technician");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved · version 2" })).ToBeVisibleAsync();

        var nodes = JsonNode.Parse(await NodesTextAsync(workflow))!.AsArray();
        var rule = nodes.Single(n => (string?)n!["id"] == "crew")!["data"]!["config"]!["all"]![0]!;
        Assert.Equal(rory.ToString(), (string?)rule["value"]);
        web.AssertNoConsoleErrors();
    }

    /// <summary>The code words in a text a person reads: snake_case, a record path, an ISO-8601 duration, Liquid.</summary>
    static IEnumerable<string> CodeWords(string template, string where, string text) =>
        CodeWord().Matches(text).Select(m => $"{template} · {where}: “{m.Value}” in “{Around(text, m.Index)}”");

    static string Around(string text, int index) => text.Substring(Math.Max(0, index - 30), Math.Min(text.Length - Math.Max(0, index - 30), 70)).ReplaceLineEndings(" ");

    [GeneratedRegex(@"\b[a-z]+(?:_[a-z0-9]+)+\b|\b(?:client|job|invoice|estimate|organization|technician|steps|trigger|workflow|execution)\.[a-z_]+|(?<![\w-])-?P(?:\d+[YMWD]|T\d+[HMS])\b|\b[Ss]ms\b|\{\{|\{%")]
    private static partial Regex CodeWord();

    static string Slug(string name) => Regex.Replace(name.ToLowerInvariant(), "[^a-z0-9]+", "-").Trim('-');

    static ILocator Node(IPage page, string name) => page.GetByRole(AriaRole.Group, new() { Name = name, Exact = true });

    static ILocator Panel(IPage page) => page.Locator("aside.side-panel");

    static JsonObject Step(string id, string type, int y, JsonObject data) =>
        new() { ["id"] = id, ["type"] = type, ["position"] = new JsonObject { ["x"] = 0, ["y"] = y }, ["data"] = data };

    static JsonObject Edge(string source, string target, string? handle)
    {
        var edge = new JsonObject { ["id"] = $"{source}-{target}", ["source"] = source, ["target"] = target };
        if (handle is not null)
        {
            edge["sourceHandle"] = handle;
        }

        return edge;
    }

    async Task<Guid> OrganizationAsync(string name)
    {
        await using var connection = await app.OpenAsync();
        return await TestData.OrganizationAsync(connection, name);
    }

    async Task<string> NodesTextAsync(Guid workflow)
    {
        await using var connection = await app.OpenAsync();
        return await connection.ExecuteScalarAsync<string>("SELECT nodes::text FROM automation_workflows WHERE id = @workflow", new { workflow }) ?? "";
    }
}
