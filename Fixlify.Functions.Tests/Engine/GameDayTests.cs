using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fixlify.Tests.Fixtures;
using Xunit.Abstractions;

namespace Fixlify.Tests.Engine;

/// <summary>
/// Game day (issue 25): the host killed in the middle of a burst of 50 emails, on Azure Storage (Azurite) and the class's
/// database; a new host on the same database and task hub finishes: every email arrives exactly once, or the one in doubt
/// is listed for a decision (no more than the sends on the wire at the kill: a connection to the SMTP server open, its hello
/// said), and no
/// execution is left unfinished a minute after the new host is up.
/// </summary>
public sealed class GameDayTests(StandaloneApp database, ITestOutputHelper output) : IClassFixture<StandaloneApp>
{
    const int Burst = 50;

    [Fact]
    public async Task HostKilledInTheMiddleOfABurst_EveryEmailOnceOrListedInDoubt_NothingUnfinishedAMinuteAfter()
    {
        var smtp = netDumbster.smtp.Configuration.Configure().WithAddress(IPAddress.Loopback).WithPort(StandaloneApp.FreePort()).Build();
        await using var wire = new TcpCountingProxy(smtp.Configuration.Port);
        var onTheWire = 0;
        try
        {
            EmailBurst burst;
            await using (var connection = await database.OpenAsync())
            {
                burst = await EmailBurst.CreateAsync(connection, Burst);
            }

            var settings = new Dictionary<string, string>
            {
                ["Postgres__ConnectionString"] = database.AppConnectionString,
                ["Postgres__ServiceConnectionString"] = database.ServiceConnectionString,
                ["Postgres__MigrationConnectionString"] = database.OwnerConnectionString,
                ["Auth__Issuer"] = StandaloneApp.Issuer,
                ["Auth__Audience"] = StandaloneApp.Audience,
                ["Auth__SigningKey"] = StandaloneApp.SigningKey,
                ["Durable__Backend"] = "AzureStorage",
                ["Durable__StorageConnectionString"] = TestServices.AzuriteConnectionString,
                ["Durable__TaskHub"] = "gameday" + Guid.NewGuid().ToString("N")[..10],
                ["Durable__LeaseInterval"] = "00:00:10",
                ["Smtp__Host"] = "127.0.0.1",
                ["Smtp__Port"] = wire.Port.ToString(CultureInfo.InvariantCulture),
                ["Smtp__TlsMode"] = "None",
            };

            var first = await StandaloneProcess.StartAsync(settings);
            try
            {
                using var api = burst.Client(first.BaseAddress);
                await burst.StartAsync(api);
                var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
                while (smtp.ReceivedEmailCount < 10 && DateTimeOffset.UtcNow < deadline)
                {
                    await Task.Delay(5);
                }

                var killing = DateTimeOffset.UtcNow;
                first.Kill();
                onTheWire = wire.GreetedOpenBetween(killing, DateTimeOffset.UtcNow);
                output.WriteLine($"killed after {smtp.ReceivedEmailCount} of {Burst} emails, with {onTheWire} sends on the wire (connections to the SMTP server open, hello said)");
            }
            catch
            {
                output.WriteLine(first.Output);
                throw;
            }
            finally
            {
                await first.DisposeAsync();
            }

            await using var second = await StandaloneProcess.StartAsync(settings);
            var recovered = DateTimeOffset.UtcNow;
            try
            {
                await using var connection = await database.OpenAsync();
                var (unfinished, lastCount, toLastEmail) = await burst.DrainAsync(connection, smtp, recovered, TimeSpan.FromSeconds(60));
                output.WriteLine($"from the new host up to the last email: {toLastEmail.TotalSeconds:0.0} s; {lastCount} emails");
                Assert.Equal(0, unfinished);

                using var api = burst.Client(second.BaseAddress);
                var attention = await api.GetFromJsonAsync<JsonElement>(new Uri("api/attention", UriKind.Relative));
                var inDoubt = attention.GetProperty("inDoubt").EnumerateArray().Select(d => d.GetProperty("executionId").GetGuid()).ToHashSet();
                var received = burst.Received(smtp);
                Assert.All(received, r => Assert.True(
                    r.Value == 1 || (r.Value == 0 && inDoubt.Contains(r.Key)),
                    $"execution {r.Key}: {r.Value} emails, {(inDoubt.Contains(r.Key) ? "" : "not ")}listed in doubt"));
                Assert.DoesNotContain(received, r => r.Value > 1);
                output.WriteLine($"{received.Count(r => r.Value == 1)} delivered once, {inDoubt.Count} listed in doubt");

                // The delivery is claimed once the relay's connection is open and logged in: only a send on the wire at the
                // kill can be in doubt, not one still waiting for its connection.
                Assert.True(inDoubt.Count <= onTheWire, $"{inDoubt.Count} in doubt, but only {onTheWire} sends were on the wire at the kill");
            }
            catch
            {
                output.WriteLine(second.Output);
                throw;
            }
        }
        finally
        {
            smtp.Stop();
        }
    }
}
