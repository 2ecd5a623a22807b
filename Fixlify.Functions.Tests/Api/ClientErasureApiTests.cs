using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using static Fixlify.Tests.Fixtures.ActionSteps;

namespace Fixlify.Tests.Api;

/// <summary>
/// <c>POST /api/clients/{id}/erase</c>: a client reached through every path (created → an event, emails, texts, a reply
/// to a waiting execution, a reply nobody awaited, a wait still open, an opt-out) is erased, then no automation table and
/// no orchestration in the task hub holds their name, email or number; the opt-out still stops a text; a second call
/// changes nothing; an audit row records each call.
/// </summary>
public sealed class ClientErasureApiTests(ChannelsApp app) : IClassFixture<ChannelsApp>
{
    const string FirstName = "Ulrike";
    const string LastName = "Zwanzigmann";
    const string Email = "ulrike.zwanzigmann@example.com";
    const string Phone = "(555) 014-7788";
    const string E164 = "+15550147788";

    static JsonObject Workflow(string name, params JsonNode[] steps) => new()
    {
        ["name"] = name,
        ["triggerType"] = "manual",
        ["steps"] = new JsonArray(steps),
    };

    static JsonObject Text(string message) => new() { ["message"] = message };

    [Fact]
    public async Task Erase_ClientReachedEveryWay_LeavesNoTraceAndKeepsTheOptOut()
    {
        app.TelnyxAcceptsEveryText("msg-erase");
        await using var connection = await app.OpenAsync();
        var client = await TestData.ClientAsync(connection, app.OrganizationId, FirstName, Email, Phone);
        await connection.ExecuteAsync("UPDATE clients SET last_name = @LastName WHERE id = @client", new { LastName, client });
        var job = await TestData.JobAsync(connection, app.OrganizationId, client, "in_progress");
        JsonObject Context() => new() { ["clientId"] = client.ToString(), ["jobId"] = job.ToString() };

        // Emails and texts, ended.
        var greet = await app.Api.CreateWorkflowAsync(Workflow(
            "greet", Action("mail", "send_email", new JsonObject { ["subject"] = "Hello {{ client.first_name }} {{ client.last_name }}", ["text"] = "Write to {{ client.email }}." }),
            Action("text", "send_sms", Text("Hi {{ client.first_name }}, we have {{ client.phone }} on file."))));
        var greeted = await app.Api.WaitForAsync(await app.Api.RunAsync(greet, Context()));
        Assert.Equal("completed", greeted.Status());

        // A message kept for a decision while its send was in doubt (issue 25): the email as it was written.
        Assert.Equal(1, await connection.ExecuteAsync(
            "UPDATE automation_deliveries SET message = jsonb_build_object('subject', @subject), in_doubt_at = now() WHERE execution_id = @execution AND channel = 'email'",
            new { subject = $"Hello {FirstName} {LastName}", execution = greeted.GetProperty("id").GetGuid() }));

        // A reply that went to a waiting execution (it ends), then one nobody awaited (kept), then a wait left open.
        var ask = await app.Api.CreateWorkflowAsync(Workflow(
            "ask", Action("ask", "send_sms", Text("Hi {{ client.first_name }}, reply C to confirm.")),
            new JsonObject { ["id"] = "reply", ["type"] = "wait_for_reply", ["config"] = new JsonObject { ["timeout"] = "P3D" } },
            Action("note", "create_task", new JsonObject { ["title"] = "{{ client.first_name }} answered {{ steps.reply.reply }}" })));
        var answered = await app.Api.RunAsync(ask, Context());
        await app.Api.WaitForAsync(answered, TimeSpan.FromSeconds(60), "waiting");
        await app.TextInAsync(E164, "C, thanks - Ulrike Zwanzigmann");
        Assert.Equal("completed", (await app.Api.WaitForAsync(answered)).Status());
        await app.TextInAsync(E164, "Also, my new email is ulrike.zwanzigmann@example.com");
        var waiting = await app.Api.RunAsync(ask, Context());
        await app.Api.WaitForAsync(waiting, TimeSpan.FromSeconds(60), "waiting");
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM automation_execution_waits WHERE client_id = @client", new { client }));

        // The office puts the client's number on the SMS opt-out list (as a STOP would).
        using (var optOut = await app.Api.PostAsJsonAsync(new Uri("api/sms/suppressions", UriKind.Relative), new JsonObject { ["phone"] = Phone, ["note"] = "asked by phone" }))
        {
            Assert.True(optOut.IsSuccessStatusCode, await optOut.Content.ReadAsStringAsync());
        }

        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM sms_suppressions WHERE phone_e164 = @E164", new { E164 }));
        Assert.NotEmpty(await PersonalRowsAsync(connection));

        var first = await EraseAsync(client);

        Assert.Equal(3, first.GetProperty("executions").GetInt32());
        Assert.Equal(1, first.GetProperty("cancelled").GetInt32());
        var cancelled = await app.Api.ExecutionAsync(waiting);
        Assert.Equal("cancelled", cancelled.Status());
        Assert.Contains("erased on request", cancelled.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await PersonalRowsAsync(connection));
        var hub = app.Services.GetRequiredService<DurableTaskClient>();
        foreach (var execution in new[] { greeted.GetProperty("id").GetGuid(), answered, waiting })
        {
            Assert.Null(await hub.GetInstanceAsync(execution.ToString(), getInputsAndOutputs: true));
        }

        var leftInHub = new List<string>();
        await foreach (var instance in hub.GetAllInstancesAsync(new OrchestrationQuery { FetchInputsAndOutputs = true }))
        {
            var text = string.Join(' ', instance.SerializedInput, instance.SerializedOutput, instance.SerializedCustomStatus);
            if (Needles().Any(n => text.Contains(n, StringComparison.OrdinalIgnoreCase)))
            {
                leftInHub.Add(instance.InstanceId);
            }
        }

        Assert.Empty(leftInHub);

        // The opt-out outlives the number: a new text to it is suppressed, and only a hash of it is kept.
        var again = await app.Api.WaitForAsync(await app.Api.RunAsync(greet, Context()));
        Assert.Equal("suppressed", again.Step("text").Status());
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM sms_suppression_hashes WHERE organization_id = @OrganizationId AND phone_hash = fixlify_phone_hash(@OrganizationId, @E164)", new { app.OrganizationId, E164 }));

        // Again: nothing left to change; each call has its audit row, without the data.
        var second = await EraseAsync(client);
        Assert.Equal(0, second.GetProperty("cancelled").GetInt32());
        var audits = (await connection.QueryAsync<string>("SELECT row_to_json(a)::text FROM automation_erasures a WHERE client_id = @client", new { client })).ToList();
        Assert.Equal(2, audits.Count);
        Assert.DoesNotContain(audits, a => Needles().Any(n => a.Contains(n, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task Erase_UnknownId_IsNotFound()
    {
        using var response = await app.Api.PostAsync(new Uri("api/clients/not-a-client/erase", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    async Task<JsonElement> EraseAsync(Guid client)
    {
        using var response = await app.Api.PostAsync(new Uri($"api/clients/{client}/erase", UriKind.Relative), null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"erase: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    static string[] Needles() => [FirstName, LastName, Email, E164, Phone, "5550147788"];

    /// <summary>Every row of every automation table (and the SMS lists) whose text holds the client's name, email or number.</summary>
    static async Task<List<string>> PersonalRowsAsync(Npgsql.NpgsqlConnection connection)
    {
        var tables = (await connection.QueryAsync<string>(
            """
            SELECT table_name FROM information_schema.tables
             WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND (table_name LIKE 'automation\_%' OR table_name LIKE 'sms\_%')
            """)).ToList();
        Assert.Contains("automation_execution_steps", tables);
        var found = new List<string>();
        var patterns = Needles().Select(n => "%" + n + "%").ToArray();
        foreach (var table in tables)
        {
            // Digits of a number stored in another format count too.
            var rows = await connection.ExecuteScalarAsync<long>(
                $"SELECT count(*) FROM {table} t WHERE t::text ILIKE ANY(@patterns) OR regexp_replace(t::text, '[^0-9]', '', 'g') LIKE '%5550147788%'",
                new { patterns });
            if (rows > 0)
            {
                found.Add($"{table}: {rows}");
            }
        }

        return found;
    }
}
