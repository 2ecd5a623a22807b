using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Engine;
using Fixlify.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Fixlify.Tests.Fixtures.ActionSteps;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Actions;

/// <summary>assign_technician end to end, checked in PostgreSQL; each test has an organization of its own technicians.</summary>
public sealed class AssignTechnicianHandlerTests(EngineApp app) : IClassFixture<EngineApp>
{
    sealed record Shop(Guid Organization, Guid Client, HttpClient Api);

    async Task<Shop> ShopAsync(string name)
    {
        await using var connection = await app.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection, name);
        var client = await TestData.ClientAsync(connection, organization);
        return new Shop(organization, client, app.ClientFor(organization));
    }

    static async Task<Guid> JobAsync(NpgsqlConnection connection, Shop shop, Guid? technician = null, string status = "scheduled", TimeSpan? assignedAgo = null)
    {
        var job = await TestData.JobAsync(connection, shop.Organization, shop.Client, status, technicianId: technician);
        if (assignedAgo is { } ago)
        {
            await connection.ExecuteAsync("UPDATE jobs SET technician_assigned_at = now() - @ago WHERE id = @job", new { ago, job });
        }

        return job;
    }

    static async Task<JsonElement> AssignAsync(Shop shop, Guid job, JsonObject config)
    {
        var workflow = await shop.Api.CreateWorkflowAsync(Linear($"assign {Guid.NewGuid():N}", Action("assign", "assign_technician", config, maxAttempts: 3)));
        return await shop.Api.WaitForAsync(await shop.Api.RunAsync(workflow, new JsonObject { ["jobId"] = job.ToString() }));
    }

    async Task<Guid?> TechnicianOfAsync(Guid job)
    {
        await using var connection = await app.OpenAsync();
        return await connection.QuerySingleAsync<Guid?>("SELECT technician_id FROM jobs WHERE id = @job", new { job });
    }

    [Fact]
    public async Task Execute_ExplicitTechnician_AssignsTheJobAsTheExecution()
    {
        var shop = await ShopAsync("Explicit Plumbing");
        Guid maria, job;
        await using (var connection = await app.OpenAsync())
        {
            maria = await TestData.TechnicianAsync(connection, shop.Organization, "Maria");
            job = await JobAsync(connection, shop);
        }

        var execution = await AssignAsync(shop, job, new JsonObject { ["technicianId"] = maria.ToString() });

        Assert.Equal("completed", execution.GetProperty("status").GetString());
        Assert.Equal(maria, await TechnicianOfAsync(job));
        var output = execution.GetProperty("steps")[0].GetProperty("output");
        Assert.Equal((job.ToString(), maria.ToString(), "explicit", "Maria Lopez"), (
            output.GetProperty("jobId").GetString(), output.GetProperty("technicianId").GetString(),
            output.GetProperty("strategy").GetString(), output.GetProperty("technicianName").GetString()));
        await using var check = await app.OpenAsync();
        await TestData.ExpandChangesAsync(check);
        var events = (await check.QueryAsync<(string Origin, int ChainDepth)>(
            "SELECT origin, chain_depth FROM automation_events WHERE entity_id = @job AND event_type = 'job_technician_assigned'", new { job })).ToList();
        Assert.Equal([(execution.GetProperty("id").GetString()!, 1)], events);
    }

    [Fact]
    public async Task Execute_TechnicianFromATemplate_IsAssigned()
    {
        var shop = await ShopAsync("Template Plumbing");
        Guid ana, job;
        await using (var connection = await app.OpenAsync())
        {
            ana = await TestData.TechnicianAsync(connection, shop.Organization, "Ana");
            job = await JobAsync(connection, shop);
        }

        var workflow = await shop.Api.CreateWorkflowAsync(Linear("assign from data",
            Action("assign", "assign_technician", new JsonObject { ["technicianId"] = "{{ trigger.data.tech }}", ["job"] = "{{ trigger.data.target }}" })));
        var execution = await shop.Api.WaitForAsync(await shop.Api.RunAsync(workflow, new JsonObject { ["tech"] = ana.ToString(), ["target"] = job.ToString() }));

        Assert.Equal("completed", execution.GetProperty("status").GetString());
        Assert.Equal(ana, await TechnicianOfAsync(job));
    }

    [Fact]
    public async Task Execute_LeastBusy_PicksTheActiveTechnicianWithFewestOpenJobs_TieByName()
    {
        var shop = await ShopAsync("Least Busy Plumbing");
        Guid bob, job;
        await using (var connection = await app.OpenAsync())
        {
            var ann = await TestData.TechnicianAsync(connection, shop.Organization, "Ann");
            bob = await TestData.TechnicianAsync(connection, shop.Organization, "Bob");
            var dee = await TestData.TechnicianAsync(connection, shop.Organization, "Dee");
            await TestData.TechnicianAsync(connection, shop.Organization, "Cy", active: false);
            await JobAsync(connection, shop, ann, "scheduled");
            await JobAsync(connection, shop, ann, "in_progress");
            await JobAsync(connection, shop, bob, "on_hold");
            foreach (var _ in Enumerable.Range(0, 3))
            {
                await JobAsync(connection, shop, bob, "completed");
            }

            await JobAsync(connection, shop, bob, "cancelled");
            await JobAsync(connection, shop, dee, "scheduled");
            job = await JobAsync(connection, shop);
        }

        var execution = await AssignAsync(shop, job, new JsonObject { ["strategy"] = "least_busy" });

        Assert.Equal("completed", execution.GetProperty("status").GetString());
        Assert.Equal(bob, await TechnicianOfAsync(job));
        Assert.Equal("least_busy", execution.GetProperty("steps")[0].GetProperty("output").GetProperty("strategy").GetString());
    }

    [Fact]
    public async Task Execute_RoundRobin_PicksWhoseLatestAssignmentIsOldest_ThenMovesOn()
    {
        var shop = await ShopAsync("Round Robin Plumbing");
        Guid ann, bob, first, second;
        await using (var connection = await app.OpenAsync())
        {
            ann = await TestData.TechnicianAsync(connection, shop.Organization, "Ann");
            bob = await TestData.TechnicianAsync(connection, shop.Organization, "Bob");
            var dee = await TestData.TechnicianAsync(connection, shop.Organization, "Dee");
            var cy = await TestData.TechnicianAsync(connection, shop.Organization, "Cy", active: false);
            await JobAsync(connection, shop, ann, "completed", TimeSpan.FromHours(1));
            await JobAsync(connection, shop, bob, "completed", TimeSpan.FromHours(3));
            await JobAsync(connection, shop, dee, "completed", TimeSpan.FromHours(5));
            await JobAsync(connection, shop, dee, "scheduled", TimeSpan.FromMinutes(10));
            await JobAsync(connection, shop, cy, "completed", TimeSpan.FromDays(3));
            first = await JobAsync(connection, shop);
            second = await JobAsync(connection, shop);
        }

        var execution = await AssignAsync(shop, first, new JsonObject { ["strategy"] = "round_robin" });
        Assert.Equal("completed", execution.GetProperty("status").GetString());
        Assert.Equal(bob, await TechnicianOfAsync(first));

        await AssignAsync(shop, second, new JsonObject { ["strategy"] = "round_robin" });
        Assert.Equal(ann, await TechnicianOfAsync(second));
    }

    [Fact]
    public async Task Execute_AnotherOrganizationsTechnician_IsRefused()
    {
        var shop = await ShopAsync("Own Plumbing");
        var other = await ShopAsync("Other Plumbing");
        Guid stranger, job;
        await using (var connection = await app.OpenAsync())
        {
            await TestData.TechnicianAsync(connection, shop.Organization, "Ours");
            stranger = await TestData.TechnicianAsync(connection, other.Organization, "Theirs");
            job = await JobAsync(connection, shop);
        }

        var execution = await AssignAsync(shop, job, new JsonObject { ["technicianId"] = stranger.ToString() });

        Assert.Equal("failed", execution.GetProperty("status").GetString());
        Assert.Contains($"failed after 1 attempt(s): assign_technician: no technician {stranger} in this organization", execution.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Null(await TechnicianOfAsync(job));
    }

    [Fact]
    public async Task Execute_InactiveTechnician_IsRefused()
    {
        var shop = await ShopAsync("Inactive Plumbing");
        Guid gone, job;
        await using (var connection = await app.OpenAsync())
        {
            gone = await TestData.TechnicianAsync(connection, shop.Organization, "Gone", active: false);
            job = await JobAsync(connection, shop);
        }

        var execution = await AssignAsync(shop, job, new JsonObject { ["technicianId"] = gone.ToString() });

        Assert.Equal("failed", execution.GetProperty("status").GetString());
        Assert.Contains("technician Gone Lopez", execution.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("is not active", execution.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Null(await TechnicianOfAsync(job));
    }

    [Fact]
    public async Task Execute_NoActiveTechnician_FailsPermanently()
    {
        var shop = await ShopAsync("Empty Plumbing");
        Guid job;
        await using (var connection = await app.OpenAsync())
        {
            await TestData.TechnicianAsync(connection, shop.Organization, "Away", active: false);
            job = await JobAsync(connection, shop);
        }

        var execution = await AssignAsync(shop, job, new JsonObject { ["strategy"] = "least_busy" });

        Assert.Equal("failed", execution.GetProperty("status").GetString());
        Assert.Contains("failed after 1 attempt(s): assign_technician: the organization has no active technician", execution.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_Replayed_AssignsOnceAndReturnsTheRecordedChoice()
    {
        var shop = await ShopAsync("Replay Plumbing");
        Guid job;
        await using (var connection = await app.OpenAsync())
        {
            await TestData.TechnicianAsync(connection, shop.Organization, "Ann");
            await TestData.TechnicianAsync(connection, shop.Organization, "Bob");
            job = await JobAsync(connection, shop);
        }

        var handler = app.Services.GetRequiredService<ActionHandlers>().Get("assign_technician");
        var request = new ActionRequest(Guid.NewGuid(), shop.Organization, "assign", "assign_technician", new JsonObject { ["strategy"] = "round_robin" },
            new JsonObject { ["job"] = new JsonObject { ["id"] = job.ToString() } }, 1, 0);

        var first = await handler.ExecuteAsync(request, CancellationToken.None);
        var replay = await handler.ExecuteAsync(request with { Attempt = 2 }, CancellationToken.None);

        Assert.Equal("Ann Lopez", first.Output!["technicianName"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(first.Output, replay.Output));
        await using var check = await app.OpenAsync();
        await TestData.ExpandChangesAsync(check);
        Assert.Equal(1, await check.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM automation_events WHERE entity_id = @job AND event_type = 'job_technician_assigned'", new { job }));
    }

    [Theory]
    [InlineData("""{"strategy": "least_busy", "technicianId": "{{ trigger.data.t }}"}""", "config.strategy")]
    [InlineData("""{}""", "config.technicianId")]
    [InlineData("""{"strategy": "random"}""", "config.strategy")]
    [InlineData("""{"technicianId": "maria"}""", "config.technicianId")]
    [InlineData("""{"strategy": "least_busy", "job": "not-an-id"}""", "config.job")]
    [InlineData("""{"strategy": "least_busy", "crew": "a"}""", "config.crew")]
    public async Task Create_InvalidConfig_IsRefusedNamingTheField(string config, string path)
    {
        var paths = await app.Api.RefusedAsync(Linear("bad assign", Action("assign", "assign_technician", (JsonObject)JsonNode.Parse(config)!)));

        Assert.Contains(paths, p => p.EndsWith(path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_TriggerWithoutAJob_NeedsTheJobNamed()
    {
        var workflow = new JsonObject
        {
            ["name"] = "client assign",
            ["triggerType"] = "client_created",
            ["steps"] = new JsonArray(Action("assign", "assign_technician", new JsonObject { ["strategy"] = "least_busy" })),
        };

        var paths = await app.Api.RefusedAsync(workflow);

        Assert.Contains(paths, p => p.EndsWith("config.job", StringComparison.Ordinal));
    }
}
