using Fixlify.Hosting;

namespace Fixlify.Tests.Hosting;

/// <summary>An invalid setting stops start-up with a message naming it.</summary>
public sealed class StartupSettingsTests
{
    const string Good = "Host=127.0.0.1;Port=1;Database=x;Username=fixlify_app";

    static string[] Args(params string[] overrides) =>
    [
        $"--Postgres:ConnectionString={Good}",
        $"--Postgres:ServiceConnectionString={Good}",
        $"--Postgres:MigrationConnectionString={Good}",
        "--Auth:Issuer=https://issuer",
        "--Auth:Audience=api",
        "--Auth:SigningKey=0123456789-0123456789-0123456789-xx",
        "--Auth:JwksUrl=",
        .. overrides,
    ];

    [Theory]
    [InlineData("--Auth:SigningKey=", "Auth__SigningKey")]
    [InlineData("--Auth:SigningKey=short", "Auth__SigningKey")]
    [InlineData("--Auth:Issuer=", "Auth__Issuer")]
    [InlineData("--Auth:JwksUrl=http://keys.example/jwks", "Auth__JwksUrl")]
    [InlineData("--Postgres:ConnectionString=", "Postgres__ConnectionString")]
    [InlineData("--Postgres:ServiceConnectionString=Host=x;Bogus Keyword=1", "Postgres__ServiceConnectionString")]
    [InlineData("--Postgres:MigrationConnectionString=", "Postgres__MigrationConnectionString")]
    [InlineData("--Listener:MaxBackoff=00:00:00", "Listener__MaxBackoff")]
    [InlineData("--Relay:MaxBackoff=-00:00:05", "Relay__MaxBackoff")]
    public void Build_InvalidSetting_ThrowsNamingIt(string setting, string name)
    {
        var error = Assert.Throws<InvalidSettingsException>(() => StandaloneHost.Build(Args(setting)));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Single(error.Problems);
    }

    [Fact]
    public async Task Build_ValidSettings_Builds()
    {
        await using var app = StandaloneHost.Build(Args());
        Assert.NotNull(app.Services);
    }
}
