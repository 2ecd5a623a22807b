using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Api;
using Fixlify.Hosting;
using MimeKit;
using netDumbster.smtp;
using Npgsql;
using static Fixlify.Tests.Fixtures.ApiCalls;

namespace Fixlify.Tests.Fixtures;

/// <summary>
/// A burst of emails for the game day tests: an organization, <c>count</c> clients, a workflow that emails each, and the
/// runs started over the API; then what the SMTP server received, per execution.
/// </summary>
internal sealed class EmailBurst
{
    EmailBurst(Guid organization, IReadOnlyList<Guid> clients)
    {
        Organization = organization;
        Clients = clients;
    }

    public Guid Organization { get; }

    public IReadOnlyList<Guid> Clients { get; }

    public List<Guid> Executions { get; } = [];

    public static async Task<EmailBurst> CreateAsync(NpgsqlConnection connection, int count)
    {
        var organization = await TestData.OrganizationAsync(connection, "Game Day Plumbing");
        var clients = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            clients.Add(await TestData.ClientAsync(connection, organization, $"Client{i}", $"client{i}@gameday.example", phone: null));
        }

        return new EmailBurst(organization, clients);
    }

    public static string Token(Guid organization) =>
        DevTokenCommand.Create(
            new AuthOptions { Issuer = StandaloneApp.Issuer, Audience = StandaloneApp.Audience, SigningKey = StandaloneApp.SigningKey },
            organization, "game-day", TimeSpan.FromHours(1), TimeProvider.System, null);

    public HttpClient Client(Uri baseAddress)
    {
        var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(Organization));
        return client;
    }

    /// <summary>Creates the workflow and starts a run per client, 10 at a time.</summary>
    public async Task StartAsync(HttpClient api)
    {
        var workflow = await api.CreateWorkflowAsync(Linear(
            "Game day reminder",
            Steps.Action("remind", "send_email", new JsonObject { ["subject"] = "Your visit, {{ client.first_name }}", ["text"] = "See you tomorrow." })));
        foreach (var chunk in Clients.Chunk(10))
        {
            Executions.AddRange(await Task.WhenAll(chunk.Select(c => api.RunAsync(workflow, new JsonObject { ["clientId"] = c.ToString() }))));
        }
    }

    /// <summary>How many emails the server received for each execution (by the Message-ID, which starts with its id).</summary>
    public Dictionary<Guid, int> Received(SimpleSmtpServer smtp)
    {
        var ids = smtp.ReceivedEmail
            .Select(m => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(m.Data))).MessageId ?? "")
            .ToList();
        return Executions.ToDictionary(e => e, e => ids.Count(id => id.StartsWith(e.ToString("N"), StringComparison.Ordinal)));
    }

    /// <summary>
    /// Waits up to <paramref name="within"/> after <paramref name="recovered"/> for every execution of the burst to end,
    /// noting when the server last received an email: how many are still unfinished, how many emails it has, and the time
    /// from the recovery to the last one.
    /// </summary>
    public async Task<(int Unfinished, int Emails, TimeSpan ToLastEmail)> DrainAsync(
        NpgsqlConnection connection, SimpleSmtpServer smtp, DateTimeOffset recovered, TimeSpan within)
    {
        var unfinished = Executions.Count;
        var lastCount = smtp.ReceivedEmailCount;
        var lastMessageAt = recovered;
        while (DateTimeOffset.UtcNow < recovered.Add(within))
        {
            unfinished = await UnfinishedAsync(connection);
            if (smtp.ReceivedEmailCount != lastCount)
            {
                (lastCount, lastMessageAt) = (smtp.ReceivedEmailCount, DateTimeOffset.UtcNow);
            }

            if (unfinished == 0)
            {
                break;
            }

            await Task.Delay(200);
        }

        return (unfinished, lastCount, lastMessageAt - recovered);
    }

    /// <summary>The executions of the burst not yet ended.</summary>
    public async Task<int> UnfinishedAsync(NpgsqlConnection connection) =>
        await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM automation_execution_logs WHERE id = ANY(@ids) AND status NOT IN ('completed', 'failed', 'cancelled')", new { ids = Executions.ToArray() });
}
