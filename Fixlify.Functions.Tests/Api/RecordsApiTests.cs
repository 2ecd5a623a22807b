using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;

namespace Fixlify.Tests.Api;

/// <summary>GET /api/records: the dry-run picker finds an organization's own records by what a person remembers, newest first.</summary>
public sealed class RecordsApiTests(EngineApp app) : IClassFixture<EngineApp>
{
    async Task<JsonObject> GetAsync(string query, HttpClient? client = null)
    {
        using var response = await (client ?? app.Api).GetAsync(new Uri($"api/records?{query}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    static List<string> Labels(JsonObject page) => [.. page["items"]!.AsArray().Select(i => (string)i!["label"]!)];

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100)]
    public async Task List_ThousandJobsWithOneTimestamp_PagesEveryOneOnceInOrder(int limit)
    {
        await using var connection = await app.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection, "Paging " + limit);
        using var api = app.ClientFor(organization);
        var expected = (await connection.QueryAsync<Guid>(
            """
            WITH made AS (
                INSERT INTO jobs (organization_id, title, job_type, status, total, created_at)
                SELECT @organization, 'Job ' || n, 'repair', 'scheduled', 100, @at FROM generate_series(1, 1000) AS n
                RETURNING id)
            SELECT id FROM made ORDER BY id DESC
            """,
            new { organization, at = Pages.SharedInstant })).ToList();

        var listed = await Pages.ReadAllAsync(api, "api/records?type=job", limit);

        Assert.Equal(expected, listed);
    }

    [Fact]
    public async Task List_SearchesJobsByTitleAndByTheirClient_NewestFirst()
    {
        await using var connection = await app.OpenAsync();
        var wanda = await TestData.ClientAsync(connection, app.OrganizationId, "Wanda", "wanda.search@example.com");
        var other = await TestData.ClientAsync(connection, app.OrganizationId, "Otto", "otto.search@example.com");
        var older = await TestData.JobAsync(connection, app.OrganizationId, wanda);
        var newer = await TestData.JobAsync(connection, app.OrganizationId, other);
        await connection.ExecuteAsync(
            "UPDATE jobs SET title = 'Boiler service 50%', created_at = now() - interval '1 day' WHERE id = @older; UPDATE jobs SET title = 'Boiler swap' WHERE id = @newer",
            new { older, newer });

        Assert.Equal(["Boiler swap", "Boiler service 50%"], Labels(await GetAsync("type=job&q=boiler")));
        Assert.Equal(["Boiler service 50%"], Labels(await GetAsync("type=job&q=WANDA.search")));
        Assert.Equal(["Boiler service 50%"], Labels(await GetAsync("type=job&q=50%25")));
        Assert.Empty(Labels(await GetAsync("type=job&q=boiler_")));
        var found = (await GetAsync("type=job&q=boiler%20swap"))["items"]![0]!;
        Assert.Equal(newer.ToString(), (string)found["id"]!);
        Assert.Equal("scheduled · Otto Rivera", (string)found["detail"]!);
    }

    [Fact]
    public async Task List_FindsInvoicesEstimatesAndClients_APageAtATime()
    {
        await using var connection = await app.OpenAsync();
        var client = await TestData.ClientAsync(connection, app.OrganizationId, "Paged", "paged@example.com");
        for (var i = 0; i < 3; i++)
        {
            var invoice = await TestData.InvoiceAsync(connection, app.OrganizationId, client);
            await connection.ExecuteAsync("UPDATE invoices SET number = @number, created_at = now() - make_interval(mins => @i) WHERE id = @invoice", new { number = $"PG-{i}", i, invoice });
        }

        await TestData.EstimateAsync(connection, app.OrganizationId, client);

        var first = await GetAsync("type=invoice&q=PG-&limit=2");
        Assert.Equal(["Invoice PG-0", "Invoice PG-1"], Labels(first));
        var second = await GetAsync($"type=invoice&q=PG-&limit=2&cursor={first["nextCursor"]}");
        Assert.Equal(["Invoice PG-2"], Labels(second));
        Assert.Null(second["nextCursor"]);
        Assert.Equal(3, (await GetAsync("type=invoice&q=paged@example")) ["items"]!.AsArray().Count);
        Assert.Single((await GetAsync("type=estimate&q=paged"))["items"]!.AsArray());
        Assert.Equal(["Paged Rivera"], Labels(await GetAsync("type=client&q=paged")));
    }

    [Fact]
    public async Task List_FindsTechniciansByName_SayingWhoIsNoLongerActive()
    {
        // The builder's rule on "Job › Technician" offers the organization's technicians by name.
        await using var connection = await app.OpenAsync();
        await TestData.TechnicianAsync(connection, app.OrganizationId, "Quinlan");
        await TestData.TechnicianAsync(connection, app.OrganizationId, "Quinta", active: false);

        var found = (await GetAsync("type=technician&q=quin"))["items"]!.AsArray();

        Assert.Equal(2, found.Count);
        Assert.All(found, t => Assert.StartsWith("Quin", (string?)t!["label"], StringComparison.Ordinal));
        Assert.Equal("No longer active", (string?)found.Single(t => ((string?)t!["label"])!.StartsWith("Quinta", StringComparison.Ordinal))!["detail"]);
        Assert.Null(found.Single(t => ((string?)t!["label"])!.StartsWith("Quinlan", StringComparison.Ordinal))!["detail"]);
    }

    [Fact]
    public async Task List_AnotherOrganizationsRecords_AreNotListed()
    {
        await using var connection = await app.OpenAsync();
        var stranger = await TestData.OrganizationAsync(connection, "Stranger Heating");
        var theirs = await TestData.ClientAsync(connection, stranger, "Zebedee", "zeb@stranger.example");
        await TestData.JobAsync(connection, stranger, theirs);
        using var strangerApi = app.ClientFor(stranger);

        Assert.Empty(Labels(await GetAsync("type=client&q=zebedee")));
        Assert.Equal(["Zebedee Rivera"], Labels(await GetAsync("type=client&q=zebedee", strangerApi)));
    }

    [Theory]
    [InlineData("q=x", "type")]
    [InlineData("type=payment", "type")]
    [InlineData("type=job&page=2", "page")]
    public async Task List_BadQuery_IsProblemDetailsNamingTheParameter(string query, string field)
    {
        using var response = await app.Api.GetAsync(new Uri($"api/records?{query}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains(problem["errors"]!.AsArray(), e => (string)e!["path"]! == field);
    }
}
