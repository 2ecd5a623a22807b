using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fixlify.Api;
using Fixlify.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace Fixlify.Tests.Api;

/// <summary>
/// The response check of ADR 0016: a body or status the OpenAPI document does not allow is found, with its JSON path, and
/// the standalone host with <c>Api:ValidateResponses</c> on answers it with a 500 problem naming the operation.
/// </summary>
public sealed class ApiResponseContractTests(ApiResponseContractTests.App app) : IClassFixture<ApiResponseContractTests.App>
{
    /// <summary>A host whose contract says health answers with the Caller shape: every health response then breaks it.</summary>
    public sealed class App : StandaloneApp
    {
        protected override void ConfigureServices(IServiceCollection services) =>
            services.AddSingleton(new ApiResponseContract(ApiRoutes.All.Select(r => r.Name == "GetHealth"
                ? r with { Responses = new Dictionary<int, string?> { [200] = "Caller", [503] = "Caller" } }
                : r)));
    }

    static JsonObject Workflow() => new()
    {
        ["id"] = "5b3c1f0e-8d2a-4c71-9f43-0a6f3e2b9d10", ["name"] = "Thank the client", ["description"] = null, ["triggerType"] = "job_completed",
        ["triggerConfig"] = new JsonObject(), ["nodes"] = new JsonArray(), ["edges"] = new JsonArray(), ["steps"] = new JsonArray(), ["schedule"] = null,
        ["nextRunAt"] = null, ["isActive"] = true, ["version"] = 3, ["etag"] = "\"3-1\"", ["executionCount"] = 0, ["successCount"] = 0, ["failureCount"] = 0,
        ["lastTriggeredAt"] = null, ["createdBy"] = null, ["createdAt"] = "2026-12-07T10:00:00+00:00", ["updatedAt"] = "2026-12-07T10:05:00Z",
    };

    [Fact]
    public void Check_WorkflowAsDocumented_HasNoMismatch()
    {
        Assert.Empty(ApiResponseContract.Default.Check("GetWorkflow", 200, Workflow().ToJsonString()));
    }

    [Fact]
    public void Check_WorkflowWithARenamedField_NamesTheMissingFieldAndTheUnknownOne()
    {
        var renamed = Workflow();
        renamed["active"] = renamed["isActive"]!.DeepClone();
        renamed.Remove("isActive");

        var mismatches = ApiResponseContract.Default.Check("GetWorkflow", 200, renamed.ToJsonString());

        Assert.Contains(mismatches, m => m.Path == "$" && m.Message.Contains("isActive", StringComparison.Ordinal));
        Assert.Contains(mismatches, m => m.Path == "$.active");
    }

    [Fact]
    public void Check_PageItemMissingAField_NamesItsJsonPath()
    {
        var workflow = Workflow();
        workflow.Remove("name");
        var page = new JsonObject { ["items"] = new JsonArray(Workflow(), workflow), ["nextCursor"] = null };

        var mismatch = Assert.Single(ApiResponseContract.Default.Check("ListWorkflows", 200, page.ToJsonString()));

        Assert.Equal("$.items[1]", mismatch.Path);
        Assert.Contains("name", mismatch.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_FieldOfTheWrongTypeOrFormat_NamesIt()
    {
        var workflow = Workflow();
        workflow["version"] = "3";
        workflow["createdAt"] = "yesterday";

        var paths = ApiResponseContract.Default.Check("GetWorkflow", 200, workflow.ToJsonString()).Select(m => m.Path).ToHashSet();

        Assert.Equal(["$.createdAt", "$.version"], paths.Order());
    }

    [Fact]
    public void Check_StatusTheOperationDoesNotDocument_IsAMismatch()
    {
        var mismatch = Assert.Single(ApiResponseContract.Default.Check("GetWorkflow", 409, """{"title":"Conflict","status":409}"""));

        Assert.Contains("409", mismatch.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ProblemForAnError_IsChecked()
    {
        Assert.Empty(ApiResponseContract.Default.Check("GetWorkflow", 404, """{"title":"Not found","status":404,"detail":"No workflow."}"""));
        Assert.Contains(ApiResponseContract.Default.Check("GetWorkflow", 404, """{"message":"No workflow."}"""), m => m.Message.Contains("title", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_BodyWhereTheStatusDocumentsNone_IsAMismatch()
    {
        Assert.Empty(ApiResponseContract.Default.Check("DeleteWorkflow", 204, ""));
        Assert.Single(ApiResponseContract.Default.Check("DeleteWorkflow", 204, """{"deleted":true}"""));
    }

    [Fact]
    public async Task Host_ResponseThatBreaksTheContract_Answers500NamingTheOperationAndThePath()
    {
        using var response = await app.Http.GetAsync(new Uri("api/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("GetHealth", problem.GetProperty("operation").GetString());
        var paths = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()).ToList();
        Assert.Contains("$", paths); // organizationId, subject … missing
        Assert.Contains("$.database", paths); // not a Caller's field
        Assert.Contains("GetHealth", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_ResponseAsDocumented_PassesUnchanged()
    {
        using var response = await app.Http.GetAsync(new Uri("api/openapi.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ApiDocument.Text, await response.Content.ReadAsStringAsync());
    }
}
