using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Fixlify.Api;
using Fixlify.Hosting;
using Fixlify.Tests.Fixtures;

namespace Fixlify.Tests.Api;

/// <summary>Bearer tokens on the standalone host, over real HTTP.</summary>
public sealed class AuthenticationTests(StandaloneApp app) : IClassFixture<StandaloneApp>
{
    [Fact]
    public async Task ValidToken_ProtectedRoute_Returns200WithCallersOrganization()
    {
        var organization = await CreateOrganizationAsync("Acme Heating");

        using var response = await SendAsync(app.Token(organization, "user-42"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var caller = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(organization, caller.GetProperty("organizationId").GetGuid());
        Assert.Equal("user-42", caller.GetProperty("subject").GetString());
        Assert.Equal("Acme Heating", caller.GetProperty("organizationName").GetString());
    }

    public static TheoryData<string, string> BadTokens() => new()
    {
        { "missing", "no Authorization header" },
        { "expired", "expired" },
        { "wrong-audience", "another audience" },
        { "wrong-signature", "signature" },
        { "wrong-issuer", "issuer" },
        { "no-organization", "org_id" },
        { "garbage", "not a well-formed JWT" },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task BadToken_ProtectedRoute_Returns401ProblemDetails(string kind, string reason)
    {
        var organization = Guid.NewGuid();
        var token = kind switch
        {
            "missing" => null,
            "expired" => DevTokenCommand.Create(app.Auth, organization, "u", TimeSpan.FromMinutes(5), new ShiftedClock(TimeSpan.FromHours(-2))),
            "wrong-audience" => DevTokenCommand.Create(Copy(a => a.Audience = "someone-else"), organization, "u", TimeSpan.FromHours(1), TimeProvider.System),
            "wrong-signature" => DevTokenCommand.Create(Copy(a => a.SigningKey = "another-key-that-is-long-enough-0123456789"), organization, "u", TimeSpan.FromHours(1), TimeProvider.System),
            "wrong-issuer" => DevTokenCommand.Create(Copy(a => a.Issuer = "https://evil.example"), organization, "u", TimeSpan.FromHours(1), TimeProvider.System),
            "no-organization" => DevTokenCommand.Create(Copy(a => a.OrganizationClaim = "tenant"), organization, "u", TimeSpan.FromHours(1), TimeProvider.System),
            _ => "not.a.jwt",
        };

        using var response = await SendAsync(token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Health_IsAnonymousAndReportsDatabaseUp()
    {
        using var response = await app.Http.GetAsync(new Uri("api/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("up", health.GetProperty("database").GetString());
        Assert.Equal("healthy", health.GetProperty("status").GetString());
    }

    [Fact]
    public async Task UnknownRoute_Returns404ProblemDetails()
    {
        using var client = app.ClientFor(Guid.NewGuid());
        using var response = await client.GetAsync(new Uri("api/no-such-thing", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    async Task<HttpResponseMessage> SendAsync(string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/me");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await app.Http.SendAsync(request);
    }

    AuthOptions Copy(Action<AuthOptions> change)
    {
        var copy = new AuthOptions { Issuer = app.Auth.Issuer, Audience = app.Auth.Audience, SigningKey = app.Auth.SigningKey, OrganizationClaim = app.Auth.OrganizationClaim };
        change(copy);
        return copy;
    }

    async Task<Guid> CreateOrganizationAsync(string name)
    {
        await using var connection = await app.OpenAsync();
        return await TestData.OrganizationAsync(connection, name);
    }

    sealed class ShiftedClock(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + shift;
    }
}
