using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fixlify.Tests.Fixtures;

namespace Fixlify.Tests.Api;

public sealed class HealthWithoutDatabaseTests(HealthWithoutDatabaseTests.AppWithDeadDatabase app) : IClassFixture<HealthWithoutDatabaseTests.AppWithDeadDatabase>
{
    /// <summary>The app's service login points at a port where no database listens.</summary>
    public sealed class AppWithDeadDatabase : StandaloneApp
    {
        protected override IEnumerable<string> Arguments() => base.Arguments().Concat(
        [
            $"--Postgres:ServiceConnectionString=Host=127.0.0.1;Port={FreePort()};Username=fixlify_service;Timeout=2",
            "--Standalone:MigrateOnStart=false",
        ]);
    }

    [Fact]
    public async Task Health_DatabaseDown_Returns503()
    {
        using var response = await app.Http.GetAsync(new Uri("api/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var health = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("down", health.GetProperty("database").GetString());
    }
}
