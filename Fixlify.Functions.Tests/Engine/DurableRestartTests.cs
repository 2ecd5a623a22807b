using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using Xunit.Abstractions;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Engine;

/// <summary>On Azure Storage (Azurite): a host killed while an execution waits in a delay; the next host finishes it.</summary>
public sealed class DurableRestartTests(StandaloneApp database, ITestOutputHelper output) : IClassFixture<StandaloneApp>
{
    [Fact]
    public async Task HostKilledDuringDelay_NextHostCompletesTheExecution_EachSideEffectOnce()
    {
        Guid organization;
        await using (var connection = await database.OpenAsync())
        {
            organization = await TestData.OrganizationAsync(connection, "Restart Plumbing");
        }

        var settings = new Dictionary<string, string>
        {
            ["Postgres__ConnectionString"] = database.AppConnectionString,
            ["Postgres__ServiceConnectionString"] = database.ServiceConnectionString,
            ["Postgres__MigrationConnectionString"] = database.OwnerConnectionString,
            ["Auth__Issuer"] = StandaloneApp.Issuer,
            ["Auth__Audience"] = StandaloneApp.Audience,
            ["Auth__SigningKey"] = StandaloneApp.SigningKey,
            ["Durable__Backend"] = "AzureStorage",
            ["Durable__StorageConnectionString"] = TestServices.AzuriteConnectionString,
            ["Durable__TaskHub"] = "restart" + Guid.NewGuid().ToString("N")[..10],
            ["Durable__LeaseInterval"] = "00:00:10",
        };

        var first = await StandaloneProcess.StartAsync(settings);
        Guid executionId;
        try
        {
            using var api = Client(first, organization);
            var workflow = await api.CreateWorkflowAsync(new JsonObject
            {
                ["name"] = "survives a crash",
                ["triggerType"] = "manual",
                ["steps"] = new JsonArray(
                    Task("before", "Call the client back"),
                    new JsonObject { ["id"] = "pause", ["type"] = "delay", ["config"] = new JsonObject { ["duration"] = "PT8S" } },
                    Task("after", "Check the client was called")),
            });
            executionId = await api.RunAsync(workflow);
            await api.WaitForAsync(executionId, TimeSpan.FromSeconds(60), "waiting");

            // "waiting" is written just before the episode that creates the timer. Killed inside that episode (its timer
            // message sent, its history not yet written), the next host parks the timer message as out of order until
            // the control queue's visibility timeout (5 minutes) brings the episode back: longer than this test waits.
            // A few seconds let the timer be created; the kill still falls inside the 8-second delay.
            await System.Threading.Tasks.Task.Delay(TimeSpan.FromSeconds(3));
            first.Kill();
        }
        catch
        {
            output.WriteLine(first.Output);
            throw;
        }

        await using var second = await StandaloneProcess.StartAsync(settings);
        try
        {
            using var api = Client(second, organization);
            var execution = await api.WaitForAsync(executionId, TimeSpan.FromSeconds(120));

            Assert.Equal("completed", execution.GetProperty("status").GetString());
            await using var connection = await database.OpenAsync();
            var tasks = (await connection.QueryAsync<string>(
                "SELECT title FROM tasks WHERE created_by_execution = @executionId ORDER BY created_at", new { executionId })).ToList();
            Assert.Equal(["Call the client back", "Check the client was called"], tasks);
            var deliveries = await connection.QueryAsync<string>(
                "SELECT step_key FROM automation_deliveries WHERE execution_id = @executionId ORDER BY created_at", new { executionId });
            Assert.Equal(["before", "after"], deliveries);
            Assert.Equal(["before", "pause", "after"], execution.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("stepKey").GetString()));
        }
        catch
        {
            output.WriteLine(second.Output);
            throw;
        }
    }

    HttpClient Client(StandaloneProcess host, Guid organization)
    {
        var client = new HttpClient { BaseAddress = host.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", database.Token(organization));
        return client;
    }

    static JsonObject Task(string id, string title) => new()
    {
        ["id"] = id,
        ["type"] = "action",
        ["actionType"] = "create_task",
        ["config"] = new JsonObject { ["title"] = title },
    };
}
