using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Engine;

/// <summary>
/// One walker serves a real run and a dry run: every catalog template, run for real (on the in-process Durable host, with
/// real SMTP and a Telnyx stub) and dry-run on the same records, takes the same steps, of the same kinds, with the same
/// branches and outcomes. Delays and waits' timeouts are shortened to a second so each run ends within the test.
/// </summary>
public sealed class PlanWalkerTests(PlanWalkerTests.App app) : IClassFixture<PlanWalkerTests.App>
{
    /// <summary>Real peers, no scheduler tick (active time-triggered workflows must not fire on their own here).</summary>
    public sealed class App : ChannelsApp
    {
        protected override IEnumerable<string> Arguments() => base.Arguments().Append("--Scheduler:Enabled=false");
    }

    [Fact]
    public async Task EveryCatalogTemplate_RealRunAndDryRun_TakeTheSameStepsAndBranches()
    {
        app.Telnyx.Given(Request.Create().WithPath("/v2/messages").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"data":{"id":"msg-walker","record_type":"message"}}"""));
        var context = await SeedAsync();
        using var response = await app.Api.GetAsync(new Uri("api/templates", UriKind.Relative));
        var templates = (await response.Content.ReadFromJsonAsync<JsonObject>())!["items"]!.AsArray().Select(t => t!.AsObject()).ToList();
        Assert.True(templates.Count >= 10, $"{templates.Count} templates");

        var mismatches = await Task.WhenAll(templates.Select(template => CompareAsync(template, context)));

        Assert.Equal("", string.Join("\n", mismatches.Where(m => m is not null)));
    }

    /// <summary>Null when the real run and the dry run of <paramref name="template"/> agree; else how they differ.</summary>
    async Task<string?> CompareAsync(JsonObject template, JsonObject context)
    {
        var name = template["name"]!.ToString();
        var workflow = await app.Api.CreateWorkflowAsync(new JsonObject
        {
            ["name"] = name,
            ["triggerType"] = template["triggerType"]!.DeepClone(),
            ["triggerConfig"] = template["triggerConfig"]?.DeepClone() ?? new JsonObject(),
            ["schedule"] = template["schedule"]?.DeepClone(),
            ["steps"] = Shortened(template["steps"]!.AsArray()),
            ["isActive"] = true,
        });

        using var dry = await app.Api.PostAsJsonAsync(new Uri($"api/workflows/{workflow}/test", UriKind.Relative), new JsonObject { ["context"] = context.DeepClone() });
        var report = await dry.Content.ReadFromJsonAsync<JsonObject>();
        if (!dry.IsSuccessStatusCode)
        {
            return $"{name}: dry run {(int)dry.StatusCode} {report}";
        }

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow, (JsonObject)context.DeepClone()), TimeSpan.FromSeconds(90));
        var dryPath = report!["steps"]!.AsArray().Select(s => Describe(s!["stepKey"], s["type"], Dry(s["status"]!.ToString()), s["branch"])).ToList();
        var realPath = execution.GetProperty("steps").EnumerateArray()
            .Select(s => Describe(s.GetProperty("stepKey").GetString(), s.GetProperty("type").GetString(), s.GetProperty("status").GetString()!,
                s.GetProperty("output").ValueKind == JsonValueKind.Object && s.GetProperty("output").TryGetProperty("branch", out var branch) ? branch.GetString() : null))
            .ToList();
        var outcome = (report["outcome"]!.ToString(), execution.GetProperty("status").GetString()) switch
        {
            ("would_complete", "completed") or ("would_fail", "failed") => null,
            var (d, r) => $"dry run {d}, real run {r}",
        };
        return dryPath.SequenceEqual(realPath) && outcome is null
            ? null
            : $"{name}: {outcome}\n  dry:  {string.Join(" → ", dryPath)}\n  real: {string.Join(" → ", realPath)}";
    }

    static string Describe(object? key, object? type, string status, object? branch) => branch is null ? $"{key} ({type}) {status}" : $"{key} ({type}) {status} → {branch}";

    /// <summary>A dry run's step status in a real run's words.</summary>
    static string Dry(string status) => status switch
    {
        "would_run" => "completed",
        "would_fail" => "failed",
        _ => status,
    };

    /// <summary>The steps with every duration-delay cut to a second (structure, ids and everything else unchanged).</summary>
    static JsonArray Shortened(JsonArray steps)
    {
        var copy = (JsonArray)steps.DeepClone();
        foreach (var step in copy.OfType<JsonObject>())
        {
            if (step["type"]?.ToString() == "delay" && step["config"] is JsonObject config && config.ContainsKey("duration"))
            {
                config["duration"] = "PT1S";
            }

            // A wait for a reply or an event nobody sends ends at its timeout, in both runs.
            if (step["type"]?.ToString() is "wait_for_reply" or "wait_for_event" && step["config"] is JsonObject wait && wait.ContainsKey("timeout"))
            {
                wait["timeout"] = "PT1S";
            }

            foreach (var branch in new[] { "then", "else", "body" })
            {
                if (step[branch] is JsonArray nested)
                {
                    step[branch] = Shortened(nested);
                }
            }
        }

        return copy;
    }

    /// <summary>
    /// One of each record the templates read: a client with email and phone, a technician, a job starting a day and a few
    /// seconds from now (so "a day before" comes in seconds), a sent invoice three days overdue, a sent estimate.
    /// </summary>
    async Task<JsonObject> SeedAsync()
    {
        await using var connection = await app.OpenAsync();
        var organization = app.OrganizationId;
        await connection.ExecuteAsync("UPDATE organizations SET daily_message_cap = NULL WHERE id = @organization", new { organization });
        var client = await TestData.ClientAsync(connection, organization, "Rosa", "rosa@example.com", "+15550004444");
        var technician = await TestData.TechnicianAsync(connection, organization, "Maria");
        await connection.ExecuteAsync("UPDATE technicians SET user_id = gen_random_uuid() WHERE id = @technician", new { technician });
        var job = await TestData.JobAsync(connection, organization, client, start: DateTimeOffset.UtcNow.AddDays(1).AddSeconds(3), technicianId: technician);
        var invoice = await TestData.InvoiceAsync(connection, organization, client, "sent", DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-3)), 1250m);
        await connection.ExecuteAsync("UPDATE invoices SET job_id = @job WHERE id = @invoice", new { invoice, job });
        var estimate = await TestData.EstimateAsync(connection, organization, client, "sent");
        return new JsonObject
        {
            ["clientId"] = client.ToString(),
            ["jobId"] = job.ToString(),
            ["invoiceId"] = invoice.ToString(),
            ["estimateId"] = estimate.ToString(),
            ["technicianId"] = technician.ToString(),
        };
    }
}
