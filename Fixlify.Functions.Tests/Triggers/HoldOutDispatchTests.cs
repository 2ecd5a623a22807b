using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using Fixlify.Workflows;
using MimeKit;

namespace Fixlify.Tests.Triggers;

/// <summary>
/// A workflow that holds out half its records, end to end (a job's write → relay → dispatcher): the held-out records get
/// an execution that ends <c>held_out</c> at once — no step, no delivery row, no email at the SMTP server — the others get
/// the email; a new version of the workflow keeps every record in its group.
/// </summary>
public sealed class HoldOutDispatchTests(ChannelsApp app) : IClassFixture<ChannelsApp>
{
    [Fact]
    public async Task Dispatch_HeldOutRecords_EndHeldOutAndNeverSend_AndKeepTheirGroupAcrossVersions()
    {
        var workflow = new JsonObject
        {
            ["name"] = "on the way",
            ["triggerType"] = "job_status_changed",
            ["triggerConfig"] = new JsonObject
            {
                ["toStatus"] = "in_progress", ["jobTypes"] = new JsonArray("hold-out-test"), ["holdOutPercent"] = 50,
                ["goal"] = new JsonObject { ["kind"] = "appointment_confirmed", ["withinDays"] = 3 },
            },
            ["steps"] = new JsonArray(ActionSteps.Action("mail", "send_email", new JsonObject { ["subject"] = "On the way", ["text"] = "See you soon." })),
        };
        var workflowId = await app.Api.CreateWorkflowAsync(workflow);
        await using var connection = await app.OpenAsync();
        var jobs = new Dictionary<Guid, (string Email, bool HeldOut)>();
        for (var i = 0; i < 40 && (jobs.Count(j => j.Value.HeldOut) < 2 || jobs.Count(j => !j.Value.HeldOut) < 2); i++)
        {
            var email = $"holdout{i}@example.com";
            var client = await TestData.ClientAsync(connection, app.OrganizationId, $"Held{i}", email, phone: null);
            var job = await TestData.JobAsync(connection, app.OrganizationId, client);
            jobs[job] = (email, HoldOutGroup.IsHeldOut(workflowId, job, 50));
        }

        await connection.ExecuteAsync("UPDATE jobs SET job_type = 'hold-out-test', status = 'in_progress' WHERE id = ANY(@ids)", new { ids = jobs.Keys.ToArray() });
        var first = await FinishedAsync(connection, workflowId, jobs.Count);

        foreach (var (job, (email, heldOut)) in jobs)
        {
            var execution = first.Single(e => e.Job == job);
            Assert.Equal(heldOut ? "held_out" : "completed", execution.Status);
            Assert.Equal(heldOut ? 0 : 1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM automation_deliveries WHERE execution_id = @id", new { id = execution.Id }));
            Assert.Equal(heldOut ? 0 : 1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM automation_execution_steps WHERE execution_id = @id", new { id = execution.Id }));
            Assert.Equal(heldOut ? 0 : 1, Received().Count(to => to == email));
        }

        // A held-out execution is shown as such, and cannot be retried into sending.
        var heldOutExecution = first.First(e => jobs[e.Job].HeldOut);
        var listed = await app.Api.GetFromJsonAsync<JsonObject>(new Uri($"api/executions/{heldOutExecution.Id}", UriKind.Relative));
        Assert.Equal("held_out", (string)listed!["status"]!);
        using (var retry = await app.Api.PostAsync(new Uri($"api/executions/{heldOutExecution.Id}/retry", UriKind.Relative), null))
        {
            Assert.Equal(System.Net.HttpStatusCode.Conflict, retry.StatusCode);
            Assert.Contains("hold-out group", await retry.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // A new version, then every job starts it again: each record is in the group it was in.
        workflow["steps"] = new JsonArray(ActionSteps.Action("mail", "send_email", new JsonObject { ["subject"] = "On the way (v2)", ["text"] = "See you soon." }));
        using (var put = await app.Api.PutAsJsonAsync(new Uri($"api/workflows/{workflowId}", UriKind.Relative), workflow))
        {
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }

        await connection.ExecuteAsync("UPDATE jobs SET status = 'scheduled' WHERE id = ANY(@ids)", new { ids = jobs.Keys.ToArray() });
        await connection.ExecuteAsync("UPDATE jobs SET status = 'in_progress' WHERE id = ANY(@ids)", new { ids = jobs.Keys.ToArray() });
        var both = await FinishedAsync(connection, workflowId, jobs.Count * 2);

        foreach (var (job, (email, heldOut)) in jobs)
        {
            var second = both.Where(e => e.Job == job).OrderBy(e => e.Version).Last();
            Assert.Equal(2, second.Version);
            Assert.Equal(heldOut ? "held_out" : "completed", second.Status);
            Assert.Equal(heldOut ? 0 : 2, Received().Count(to => to == email));
        }
    }

    sealed record Run(Guid Id, Guid Job, string Status, int Version);

    /// <summary>The workflow's executions once there are <paramref name="count"/> and all ended (or after a minute: the test asserts on them).</summary>
    static async Task<List<Run>> FinishedAsync(Npgsql.NpgsqlConnection connection, Guid workflowId, int count)
    {
        var deadline = DateTimeOffset.UtcNow.AddMinutes(1);
        while (true)
        {
            var runs = (await connection.QueryAsync<Run>(
                "SELECT id, (trigger_data ->> 'entityId')::uuid AS job, status, workflow_version AS version FROM automation_execution_logs WHERE workflow_id = @workflowId",
                new { workflowId })).ToList();
            if ((runs.Count >= count && runs.All(r => r.Status is "completed" or "failed" or "held_out")) || DateTimeOffset.UtcNow > deadline)
            {
                return runs;
            }

            await Task.Delay(200);
        }
    }

    List<string> Received() =>
        [.. app.Smtp.ReceivedEmail
            .Select(m => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(m.Data))))
            .SelectMany(m => m.To.Mailboxes.Select(b => b.Address))];
}
