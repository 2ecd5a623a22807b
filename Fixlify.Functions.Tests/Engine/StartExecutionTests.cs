using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Engine;

/// <summary>
/// An execution never carries (or hangs on) a field of megabytes: a 5 MB job description is cut with a marker when the
/// execution starts, the run completes, and the execution and the dry run both say what was cut.
/// </summary>
public sealed class StartExecutionTests(EngineApp app) : IClassFixture<EngineApp>
{
    [Fact]
    public async Task FiveMegabyteJobDescription_IsCut_TheRunCompletes_AndSaysWhatWasCut()
    {
        var description = string.Concat(Enumerable.Repeat("Pipe burst under the sink; water everywhere. ", 5 * 1024 * 1024 / 45));
        Guid job;
        await using (var connection = await app.OpenAsync())
        {
            var client = await TestData.ClientAsync(connection, app.OrganizationId, "Huge");
            job = await TestData.JobAsync(connection, app.OrganizationId, client);
            await connection.ExecuteAsync("UPDATE jobs SET description = @description WHERE id = @job", new { description, job });
        }

        var workflow = await app.Api.CreateWorkflowAsync(new JsonObject
        {
            ["name"] = "huge",
            ["triggerType"] = "job_completed",
            ["steps"] = new JsonArray(Record("note", "{{ job.description }}")),
        });

        var execution = await app.Api.WaitForAsync(await app.Api.RunAsync(workflow, new JsonObject { ["jobId"] = job.ToString() }), TimeSpan.FromSeconds(60));

        Assert.Equal("completed", execution.GetProperty("status").GetString());
        var label = (await app.CallsAsync(execution.GetProperty("id").GetGuid())).Single().Label!;
        Assert.StartsWith("Pipe burst under the sink", label, StringComparison.Ordinal);
        Assert.EndsWith($"… [cut: {description.Length:N0} characters in all]", label, StringComparison.Ordinal);
        Assert.True(label.Length < 9_000, $"{label.Length} characters");
        var warning = Assert.Single(execution.GetProperty("warnings").EnumerateArray()).GetString();
        Assert.Equal($"job.description is {description.Length:N0} characters long: only the first 8,000 are used.", warning);

        using var dry = await app.Api.PostAsJsonAsync(new Uri($"api/workflows/{workflow}/test", UriKind.Relative), new JsonObject { ["context"] = new JsonObject { ["jobId"] = job.ToString() } });
        var report = await dry.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(warning, Assert.Single(report.GetProperty("warnings").EnumerateArray()).GetString());
    }
}
