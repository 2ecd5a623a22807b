using System.Globalization;
using System.Net;
using Fixlify.Tests.Fixtures;
using Xunit.Abstractions;

namespace Fixlify.Tests.Data;

/// <summary>
/// PostgreSQL restarted under a running host (a private cluster, so no other test class notices): the first requests
/// after the restart succeed (a pooled connection the server closed is retried on a cleared pool), and a burst of 50
/// emails in the middle of which it restarts delivers each exactly once.
/// </summary>
public sealed class PostgresRestartTests(PrivatePostgres postgres, ITestOutputHelper output) : IClassFixture<PrivatePostgres>
{
    const int Burst = 50;

    Dictionary<string, string> Settings(int smtpPort) => new()
    {
        ["Postgres__ConnectionString"] = postgres.ConnectionString("fixlify_app"),
        ["Postgres__ServiceConnectionString"] = postgres.ConnectionString("fixlify_service"),
        ["Postgres__MigrationConnectionString"] = postgres.ConnectionString(),
        ["Auth__Issuer"] = StandaloneApp.Issuer,
        ["Auth__Audience"] = StandaloneApp.Audience,
        ["Auth__SigningKey"] = StandaloneApp.SigningKey,
        ["Durable__Backend"] = "InMemory",
        ["Smtp__Host"] = "127.0.0.1",
        ["Smtp__Port"] = smtpPort.ToString(CultureInfo.InvariantCulture),
        ["Smtp__TlsMode"] = "None",
    };

    [Fact]
    public async Task DatabaseRestartedBetweenTwoRequests_TheFirstRequestsAfterSucceed()
    {
        Guid organization;
        await using (var connection = await postgres.OpenAsync())
        {
            organization = await TestData.OrganizationAsync(connection, "Restart Heating");
        }

        await using var host = await StandaloneProcess.StartAsync(Settings(StandaloneApp.FreePort()));
        using var api = new HttpClient { BaseAddress = host.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", EmailBurst.Token(organization));
        try
        {
            // Several connections in the pool, all of which the restart closes.
            await Task.WhenAll(Enumerable.Range(0, 5).Select(async _ =>
            {
                using var before = await api.GetAsync(new Uri("api/workflows", UriKind.Relative));
                Assert.Equal(HttpStatusCode.OK, before.StatusCode);
            }));

            postgres.Restart();

            var after = await Task.WhenAll(Enumerable.Range(0, 5).Select(async _ =>
            {
                using var response = await api.GetAsync(new Uri("api/workflows", UriKind.Relative));
                return response.StatusCode;
            }));
            Assert.All(after, status => Assert.Equal(HttpStatusCode.OK, status));
        }
        catch
        {
            output.WriteLine(host.Output);
            throw;
        }
    }

    [Fact]
    public async Task DatabaseRestartedInTheMiddleOfABurst_EveryEmailArrivesExactlyOnce_NothingUnfinishedAMinuteAfter()
    {
        var smtp = netDumbster.smtp.Configuration.Configure().WithAddress(IPAddress.Loopback).WithPort(StandaloneApp.FreePort()).Build();
        try
        {
            EmailBurst burst;
            await using (var connection = await postgres.OpenAsync())
            {
                burst = await EmailBurst.CreateAsync(connection, Burst);
            }

            await using var host = await StandaloneProcess.StartAsync(Settings(smtp.Configuration.Port));
            try
            {
                using var api = burst.Client(host.BaseAddress);
                await burst.StartAsync(api);
                var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
                while (smtp.ReceivedEmailCount < 10 && DateTimeOffset.UtcNow < deadline)
                {
                    await Task.Delay(5);
                }

                output.WriteLine($"restarting after {smtp.ReceivedEmailCount} of {Burst} emails");
                postgres.Restart();
                var recovered = DateTimeOffset.UtcNow;

                await using var connection = await postgres.OpenAsync();
                var (unfinished, lastCount, toLastEmail) = await burst.DrainAsync(connection, smtp, recovered, TimeSpan.FromSeconds(60));
                output.WriteLine($"from the database back up to the last email: {toLastEmail.TotalSeconds:0.0} s; {lastCount} emails");
                Assert.Equal(0, unfinished);
                var received = burst.Received(smtp);
                Assert.All(received, r => Assert.True(r.Value == 1, $"execution {r.Key}: {r.Value} emails"));
            }
            catch
            {
                output.WriteLine(host.Output);
                throw;
            }
        }
        finally
        {
            smtp.Stop();
        }
    }
}
