using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fixlify.Hosting;
using Fixlify.Tests.Fixtures;

namespace Fixlify.Tests.Api;

/// <summary><c>GET /api/web-config</c>: how the web app signs in, answered to anyone before sign-in.</summary>
public sealed class WebConfigApiTests(WebConfigApiTests.OidcApp oidc) : IClassFixture<WebConfigApiTests.OidcApp>
{
    /// <summary>The host configured for OpenID Connect sign-in.</summary>
    public sealed class OidcApp : StandaloneApp
    {
        protected override IEnumerable<string> Arguments() =>
            [.. base.Arguments(), "--Web:Authority=https://login.example.com/tenant/v2.0", "--Web:ClientId=fixlify-web", "--Web:Scope=openid profile api://fixlify/access"];
    }

    [Fact]
    public async Task Get_WithAnAuthority_IsOidcWithClientAndScope_WithoutAToken()
    {
        using var response = await oidc.Http.GetAsync(new Uri("api/web-config", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var config = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("oidc", config.GetProperty("signIn").GetString());
        Assert.Equal("https://login.example.com/tenant/v2.0", config.GetProperty("authority").GetString());
        Assert.Equal("fixlify-web", config.GetProperty("clientId").GetString());
        Assert.Equal("openid profile api://fixlify/access", config.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task Get_WithoutAnAuthority_IsTheDevelopmentToken()
    {
        var plain = new StandaloneApp();
        await plain.InitializeAsync();
        try
        {
            var config = await plain.Http.GetFromJsonAsync<JsonElement>(new Uri("api/web-config", UriKind.Relative));

            Assert.Equal("token", config.GetProperty("signIn").GetString());
            Assert.Equal(JsonValueKind.Null, config.GetProperty("authority").ValueKind);
        }
        finally
        {
            await plain.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("--Web:Authority=http://login.example.com", "Web__Authority")]
    [InlineData("--Web:ClientId=", "Web__ClientId")]
    [InlineData("--Web:Scope=profile", "Web__Scope")]
    public void Build_BadWebSetting_ThrowsNamingIt(string setting, string name)
    {
        string[] args =
        [
            .. StartupArguments, "--Web:Authority=https://login.example.com", "--Web:ClientId=fixlify-web", "--Web:Scope=openid", setting,
        ];

        var error = Assert.Throws<InvalidSettingsException>(() => StandaloneHost.Build(args));

        Assert.Contains(name, Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    static readonly string[] StartupArguments =
    [
        "--Postgres:ConnectionString=Host=127.0.0.1;Port=1;Database=x;Username=fixlify_app",
        "--Postgres:ServiceConnectionString=Host=127.0.0.1;Port=1;Database=x;Username=fixlify_service",
        "--Postgres:MigrationConnectionString=Host=127.0.0.1;Port=1;Database=x;Username=fixlify",
        "--Auth:Issuer=https://issuer",
        "--Auth:Audience=api",
        "--Auth:SigningKey=0123456789-0123456789-0123456789-xx",
        "--Auth:JwksUrl=",
    ];
}
