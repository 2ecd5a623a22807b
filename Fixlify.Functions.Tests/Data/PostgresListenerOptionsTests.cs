using Fixlify.Data;
using Fixlify.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fixlify.Tests.Data;

/// <summary>The listeners' reconnection settings: one value for both, under its new name or the relay's former one (which wins when set).</summary>
public sealed class PostgresListenerOptionsTests
{
    [Theory]
    [InlineData(null, null, "00:00:30")]
    [InlineData("00:02:00", null, "00:02:00")]
    [InlineData(null, "00:01:00", "00:01:00")]
    [InlineData("00:02:00", "00:01:00", "00:01:00")]
    public async Task MaxBackoff_FromListenerOrFormerRelaySetting_IsWhatTheHostUses(string? listener, string? relay, string expected)
    {
        string[] args =
        [
            "--Postgres:ConnectionString=Host=127.0.0.1;Port=1;Database=x;Username=fixlify_app",
            "--Postgres:ServiceConnectionString=Host=127.0.0.1;Port=1;Database=x;Username=fixlify_service",
            "--Postgres:MigrationConnectionString=Host=127.0.0.1;Port=1;Database=x;Username=fixlify",
            "--Auth:Issuer=https://issuer",
            "--Auth:Audience=api",
            "--Auth:SigningKey=0123456789-0123456789-0123456789-xx",
            "--Auth:JwksUrl=",
            .. listener is null ? Array.Empty<string>() : [$"--Listener:MaxBackoff={listener}"],
            .. relay is null ? Array.Empty<string>() : [$"--Relay:MaxBackoff={relay}"],
        ];

        await using var app = StandaloneHost.Build(args);

        Assert.Equal(TimeSpan.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), app.Services.GetRequiredService<IOptions<PostgresListenerOptions>>().Value.MaxBackoff);
    }

    [Fact]
    public void NextBackoff_DoublesFromTheFirst_UpToMaxBackoff()
    {
        var options = new PostgresListenerOptions { MaxBackoff = TimeSpan.FromSeconds(3) };

        var waits = new List<TimeSpan> { options.InitialBackoff };
        while (waits.Count < 7)
        {
            waits.Add(options.NextBackoff(waits[^1]));
        }

        Assert.Equal([250, 500, 1000, 2000, 3000, 3000, 3000], waits.Select(w => w.TotalMilliseconds));
    }

    [Fact]
    public void InitialBackoff_MaxBackoffShorterThanTheFirst_IsMaxBackoff()
    {
        var options = PostgresListenerOptions.From(new ConfigurationBuilder().AddInMemoryCollection([new("Listener:MaxBackoff", "00:00:00.100")]).Build());

        Assert.Equal(TimeSpan.FromMilliseconds(100), options.InitialBackoff);
        Assert.Equal(TimeSpan.FromMilliseconds(100), options.NextBackoff(options.InitialBackoff));
    }
}
