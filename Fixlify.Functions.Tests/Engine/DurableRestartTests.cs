using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Xunit.Abstractions;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Engine;

/// <summary>
/// On Azure Storage (Azurite): a host killed while an execution waits in a delay, or for the client's reply; the next host
/// finishes it (and receives the reply).
/// </summary>
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

        var settings = Settings();
        var executionId = await RunThenCrashWhileWaitingAsync(settings, organization, new JsonObject
        {
            ["name"] = "survives a crash",
            ["triggerType"] = "manual",
            ["steps"] = new JsonArray(
                Task("before", "Call the client back"),
                new JsonObject { ["id"] = "pause", ["type"] = "delay", ["config"] = new JsonObject { ["duration"] = "PT12S" } },
                Task("after", "Check the client was called")),
        });

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


    [Fact]
    public async Task HostKilledDuringWaitForReply_NextHostHandsTheExecutionTheReply()
    {
        var telnyxKey = new Ed25519PrivateKeyParameters(new SecureRandom());
        using var telnyx = HttpPeer.Start();
        telnyx.Given(Request.Create().WithPath("/v2/messages").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"data": {"id": "msg-restart"}}"""));
        Guid organization;
        Guid client;
        await using (var connection = await database.OpenAsync())
        {
            organization = await TestData.OrganizationAsync(connection, "Listening Plumbing");
            await connection.ExecuteAsync(
                "UPDATE organizations SET sms_from_number = '+15550005555', quiet_hours_start = '00:00', quiet_hours_end = '00:00' WHERE id = @organization", new { organization });
            client = await TestData.ClientAsync(connection, organization, "Rhea", email: null, "+15550305001");
        }

        var settings = Settings();
        settings["Telnyx__BaseUrl"] = telnyx.Url!;
        settings["Telnyx__ApiKey"] = "KEY_restart";
        settings["Telnyx__PublicKey"] = Convert.ToBase64String(telnyxKey.GeneratePublicKey().GetEncoded());

        var executionId = await RunThenCrashWhileWaitingAsync(
            settings,
            organization,
            new JsonObject
            {
                ["name"] = "listens through a crash",
                ["triggerType"] = "manual",
                ["steps"] = new JsonArray(
                    new JsonObject
                    {
                        ["id"] = "ask", ["type"] = "action", ["actionType"] = "send_sms",
                        ["config"] = new JsonObject { ["message"] = "Reply C to confirm tomorrow's visit." },
                    },
                    new JsonObject { ["id"] = "reply", ["type"] = "wait_for_reply", ["config"] = new JsonObject { ["timeout"] = "PT10M" } },
                    Task("after", "Answer: {{ steps.reply.intent }}")),
            },
            new JsonObject { ["clientId"] = client.ToString() });

        await using var second = await StandaloneProcess.StartAsync(settings);
        try
        {
            using var http = new HttpClient { BaseAddress = second.BaseAddress };
            using var reply = await InboundTexts.PostSignedAsync(
                http, (timestamp, body) => InboundTexts.Sign(telnyxKey, timestamp, body), InboundTexts.Webhook("+15550305001", "+15550005555", "yes"));
            var routed = await reply.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(executionId, routed.GetProperty("executionId").GetGuid());

            using var api = Client(second, organization);
            var execution = await api.WaitForAsync(executionId, TimeSpan.FromSeconds(120));

            Assert.Equal("completed", execution.GetProperty("status").GetString());
            Assert.Equal("confirm", execution.Step("reply").GetProperty("output").GetProperty("intent").GetString());
            await using var connection = await database.OpenAsync();
            Assert.Equal(["Answer: confirm"], await connection.QueryAsync<string>("SELECT title FROM tasks WHERE created_by_execution = @executionId", new { executionId }));
            Assert.Single(telnyx.LogEntries, e => e.RequestMessage.Path == "/v2/messages");
        }
        catch
        {
            output.WriteLine(second.Output);
            throw;
        }
    }

    /// <summary>A first host runs the workflow until its execution waits, then dies as in a crash; returns the execution.</summary>
    async Task<Guid> RunThenCrashWhileWaitingAsync(Dictionary<string, string> settings, Guid organization, JsonObject workflow, JsonObject? context = null)
    {
        var first = await StandaloneProcess.StartAsync(settings);
        try
        {
            using var api = Client(first, organization);
            var executionId = await api.RunAsync(await api.CreateWorkflowAsync(workflow), context);
            await api.WaitForAsync(executionId, TimeSpan.FromSeconds(60), "waiting");

            // "waiting" is logged just before the orchestration commits its timer (or its wait); give that commit a moment,
            // so the crash lands while the execution sleeps durably (not inside the storage provider's checkpoint).
            await System.Threading.Tasks.Task.Delay(TimeSpan.FromSeconds(2));
            first.Kill();
            return executionId;
        }
        catch
        {
            output.WriteLine(first.Output);
            throw;
        }
        finally
        {
            await first.DisposeAsync();
        }
    }

    Dictionary<string, string> Settings() => new()
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
