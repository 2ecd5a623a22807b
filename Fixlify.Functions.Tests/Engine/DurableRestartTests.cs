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
                    new JsonObject { ["id"] = "pause", ["type"] = "delay", ["config"] = new JsonObject { ["duration"] = "PT12S" } },
                    Task("after", "Check the client was called")),
            });
            executionId = await api.RunAsync(workflow);
            await api.WaitForAsync(executionId, TimeSpan.FromSeconds(60), "waiting");

            // "waiting" is logged just before the orchestration commits its timer; give that commit a moment, so the
            // crash lands while the execution sleeps in the durable timer (not inside the storage provider's checkpoint).
            await System.Threading.Tasks.Task.Delay(TimeSpan.FromSeconds(2));
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

    /// <summary>
    /// Killed right after an email went out (before the send could be recorded, or its result delivered): the next host
    /// finishes the execution within a minute — what the task hub's visibility timeouts and lease allow, with this app's
    /// settings — and the email is not sent again.
    /// </summary>
    [Fact]
    public async Task HostKilledRightAfterASend_NextHostFinishesWithinAMinute_EmailSentOnce()
    {
        var smtp = netDumbster.smtp.Configuration.Configure().WithAddress(System.Net.IPAddress.Loopback).WithPort(StandaloneApp.FreePort()).Build();
        try
        {
            Guid organization, client;
            await using (var connection = await database.OpenAsync())
            {
                organization = await TestData.OrganizationAsync(connection, "Crash Plumbing");
                client = await TestData.ClientAsync(connection, organization, "Kim", "kim@example.com");
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
                ["Durable__TaskHub"] = "crash" + Guid.NewGuid().ToString("N")[..10],
                ["Smtp__Host"] = "127.0.0.1",
                ["Smtp__Port"] = smtp.Configuration.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Smtp__TlsMode"] = "None",
            };

            var first = await StandaloneProcess.StartAsync(settings);
            Guid executionId;
            try
            {
                using var api = Client(first, organization);
                var workflow = await api.CreateWorkflowAsync(new JsonObject
                {
                    ["name"] = "survives a crash after a send",
                    ["triggerType"] = "manual",
                    ["steps"] = new JsonArray(
                        new JsonObject
                        {
                            ["id"] = "thanks", ["type"] = "action", ["actionType"] = "send_email",
                            ["config"] = new JsonObject { ["to"] = "{{ client.email }}", ["subject"] = "Thanks, {{ client.first_name }}", ["text"] = "Thank you." },
                        },
                        Task("after", "Ask for a review")),
                });
                executionId = await api.RunAsync(workflow, new JsonObject { ["clientId"] = client.ToString() });
                var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
                while (smtp.ReceivedEmailCount == 0 && DateTimeOffset.UtcNow < deadline)
                {
                    await System.Threading.Tasks.Task.Delay(5);
                }

                first.Kill();
                Assert.Equal(1, smtp.ReceivedEmailCount);
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
                var execution = await api.WaitForAsync(executionId, TimeSpan.FromSeconds(60));

                Assert.Equal("completed", execution.GetProperty("status").GetString());
                Assert.Equal(1, smtp.ReceivedEmailCount);
                await using var connection = await database.OpenAsync();
                Assert.Equal(["Ask for a review"], await connection.QueryAsync<string>("SELECT title FROM tasks WHERE created_by_execution = @executionId", new { executionId }));
                Assert.Equal(["thanks", "after"], execution.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("stepKey").GetString()));
            }
            catch
            {
                output.WriteLine(second.Output);
                throw;
            }
        }
        finally
        {
            smtp.Stop();
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
