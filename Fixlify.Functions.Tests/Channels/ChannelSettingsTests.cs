using Fixlify.Hosting;

namespace Fixlify.Tests.Channels;

/// <summary>A wrong channel setting stops start-up with a message naming it (the sample's defaults are valid).</summary>
public sealed class ChannelSettingsTests
{
    const string Good = "Host=127.0.0.1;Port=1;Database=x;Username=fixlify_app";

    static string[] Args(string setting) =>
    [
        $"--Postgres:ConnectionString={Good}",
        $"--Postgres:ServiceConnectionString={Good}",
        $"--Postgres:MigrationConnectionString={Good}",
        "--Auth:Issuer=https://issuer",
        "--Auth:Audience=api",
        "--Auth:SigningKey=0123456789-0123456789-0123456789-xx",
        "--Auth:JwksUrl=",
        setting,
    ];

    [Theory]
    [InlineData("--Smtp:TlsMode=Starttls-please", "Smtp__TlsMode")]
    [InlineData("--Smtp:Port=70000", "Smtp__Port")]
    [InlineData("--Smtp:Timeout=soon", "Smtp__Timeout")]
    [InlineData("--Email:FromAddress=office", "Email__FromAddress")]
    [InlineData("--Telnyx:BaseUrl=api.telnyx.com", "Telnyx__BaseUrl")]
    [InlineData("--Telnyx:PublicKey=bm90LWEta2V5", "Telnyx__PublicKey")]
    [InlineData("--WebPush:PublicKey=abc", "WebPush__PublicKey")]
    [InlineData("--WebPush:Subject=ops@example.com", "WebPush__Subject")]
    public void Build_InvalidChannelSetting_ThrowsNamingIt(string setting, string name)
    {
        var error = Assert.Throws<InvalidSettingsException>(() => StandaloneHost.Build(Args(setting)));

        Assert.Contains(name, Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_SampleSettings_Build()
    {
        await using var app = StandaloneHost.Build(Args("--Smtp:TlsMode=StartTls"));
        Assert.NotNull(app.Services);
    }
}
