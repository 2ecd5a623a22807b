using System.Net.Http.Json;
using System.Text.Json;
using Fixlify.Tests.Fixtures;

namespace Fixlify.Tests.Api;

/// <summary><c>GET /api/me</c>: the caller and the organization's name and time zone, in which the web app shows times.</summary>
public sealed class CallerApiTests(StandaloneApp app) : IClassFixture<StandaloneApp>
{
    [Fact]
    public async Task Get_ShowsTheOrganizationsNameAndTimeZone()
    {
        await using var connection = await app.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection, "Denver Drains", "America/Denver");
        using var api = app.ClientFor(organization);

        var caller = await api.GetFromJsonAsync<JsonElement>(new Uri("api/me", UriKind.Relative));

        Assert.Equal(organization, caller.GetProperty("organizationId").GetGuid());
        Assert.Equal("Denver Drains", caller.GetProperty("organizationName").GetString());
        Assert.Equal("America/Denver", caller.GetProperty("timeZone").GetString());
        Assert.Equal("tester", caller.GetProperty("subject").GetString());
    }
}
