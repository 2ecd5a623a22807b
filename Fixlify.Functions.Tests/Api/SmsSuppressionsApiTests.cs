using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Tests.Fixtures;

namespace Fixlify.Tests.Api;

/// <summary>The SMS suppression list over the API: numbers read in the organization's country, clients kept in step, tenants apart.</summary>
public sealed class SmsSuppressionsApiTests(EngineApp app) : IClassFixture<EngineApp>
{
    async Task<Guid> ClientAsync(Guid organization, string phone)
    {
        await using var connection = await app.OpenAsync();
        return await TestData.ClientAsync(connection, organization, "Val", "val@example.com", phone);
    }

    async Task<bool> OptedOutAsync(Guid client)
    {
        await using var connection = await app.OpenAsync();
        return await connection.ExecuteScalarAsync<bool>("SELECT sms_opt_out FROM clients WHERE id = @client", new { client });
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100)]
    public async Task List_ThousandEntriesWithOneTimestamp_PagesEveryOneOnceInOrder(int limit)
    {
        await using var connection = await app.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection, "Paging " + limit);
        using var api = app.ClientFor(organization);
        var expected = (await connection.QueryAsync<Guid>(
            """
            WITH made AS (
                INSERT INTO sms_suppressions (organization_id, phone_e164, source, created_at)
                SELECT @organization, '+1555' || lpad(n::text, 7, '0'), 'api', @at FROM generate_series(1, 1000) AS n
                RETURNING id)
            SELECT id FROM made ORDER BY id DESC
            """,
            new { organization, at = Pages.SharedInstant })).ToList();

        var listed = await Pages.ReadAllAsync(api, "api/sms/suppressions", limit);

        Assert.Equal(expected, listed);
    }

    [Fact]
    public async Task Add_NationalNumber_IsKeptAsE164_MarksItsClients_ThenRemoveClearsThem()
    {
        var client = await ClientAsync(app.OrganizationId, "+1 555 010 4591");

        using var added = await app.Api.PostAsJsonAsync(new Uri("api/sms/suppressions", UriKind.Relative), new JsonObject { ["phone"] = "(555) 010-4591", ["note"] = "asked on the phone" });

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var entry = await added.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("+15550104591", "api", 1), (entry.GetProperty("phone").GetString(), entry.GetProperty("source").GetString(), entry.GetProperty("clients").GetInt32()));
        Assert.Contains("asked on the phone", entry.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal($"/api/sms/suppressions/{entry.GetProperty("id").GetGuid()}", added.Headers.Location?.ToString());
        Assert.True(await OptedOutAsync(client));

        using var again = await app.Api.PostAsJsonAsync(new Uri("api/sms/suppressions", UriKind.Relative), new JsonObject { ["phone"] = "+15550104591" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(entry.GetProperty("id").GetGuid(), (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());

        var page = await app.Api.GetFromJsonAsync<JsonElement>(new Uri("api/sms/suppressions?limit=100", UriKind.Relative));
        Assert.Contains(page.GetProperty("items").EnumerateArray(), i => i.GetProperty("phone").GetString() == "+15550104591");

        using var removed = await app.Api.DeleteAsync(new Uri($"api/sms/suppressions/{entry.GetProperty("id").GetGuid()}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.False(await OptedOutAsync(client));
        using var gone = await app.Api.DeleteAsync(new Uri($"api/sms/suppressions/{entry.GetProperty("id").GetGuid()}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Theory]
    [InlineData("""{"phone": "call me"}""", "phone", "'ca•••e'")]
    [InlineData("""{"phone": "555-0102"}""", "phone", "'55•••02'")]
    [InlineData("""{}""", "phone", "Required")]
    [InlineData("""{"phone": "+15550104592", "colour": "red"}""", "colour", "Unknown field")]
    public async Task Add_BadInput_IsProblemDetailsNamingTheField_NumberMasked(string body, string path, string message)
    {
        using var response = await app.Api.PostAsync(new Uri("api/sms/suppressions", UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray());
        Assert.Equal(path, error.GetProperty("path").GetString());
        Assert.Contains(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("555-0102", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suppressions_OfAnotherOrganization_AreNeitherSeenNorRemoved()
    {
        Guid other;
        await using (var connection = await app.OpenAsync())
        {
            other = await TestData.OrganizationAsync(connection, "Elsewhere");
        }

        var theirClient = await ClientAsync(other, "(555) 010-4593");
        using var stranger = app.ClientFor(other);
        using var theirs = await stranger.PostAsJsonAsync(new Uri("api/sms/suppressions", UriKind.Relative), new JsonObject { ["phone"] = "(555) 010-4593" });
        var id = (await theirs.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var ours = await ClientAsync(app.OrganizationId, "(555) 010-4593");

        var page = await app.Api.GetFromJsonAsync<JsonElement>(new Uri("api/sms/suppressions?limit=100", UriKind.Relative));
        using var delete = await app.Api.DeleteAsync(new Uri($"api/sms/suppressions/{id}", UriKind.Relative));

        Assert.DoesNotContain(page.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == id);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.True(await OptedOutAsync(theirClient));
        Assert.False(await OptedOutAsync(ours));
    }
}
