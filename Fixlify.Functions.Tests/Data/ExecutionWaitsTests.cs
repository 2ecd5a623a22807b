using System.Text.Json.Nodes;
using Dapper;
using Fixlify.Data;
using Fixlify.Tests.Fixtures;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fixlify.Tests.Data;

/// <summary>
/// automation_execution_waits on real PostgreSQL: an event ends exactly the waits for its record and type (and never an
/// expired one), a reply goes to the newest wait of the client, and with 10,000 executions waiting neither lookup scans
/// the waits: the plans use the indexes.
/// </summary>
public sealed class ExecutionWaitsTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime, IAsyncDisposable
{
    readonly ServiceDatabase _service = new(Options.Create(new PostgresOptions { ServiceConnectionString = database.ServiceConnectionString }));
    Guid _organization;
    Guid _client;

    public async Task InitializeAsync()
    {
        await using var connection = await database.OpenAsync();
        _organization = await TestData.OrganizationAsync(connection, "Waiting Plumbing");
        _client = await TestData.ClientAsync(connection, _organization);
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

    async ValueTask IAsyncDisposable.DisposeAsync() => await _service.DisposeAsync();

    async Task<Guid> WaitingExecutionAsync(NpgsqlConnection connection, string status = "waiting")
    {
        var id = Guid.NewGuid();
        await connection.ExecuteAsync(
            "INSERT INTO automation_execution_logs (id, organization_id, trigger_type, trigger_data, status) VALUES (@id, @organization, 'manual', '{}', @status)",
            new { id, organization = _organization, status });
        return id;
    }

    async Task StartAsync(ExecutionWaits.NewWait wait)
    {
        await using var transaction = await _service.BeginAsync(CancellationToken.None);
        await ExecutionWaits.StartAsync(transaction, wait, CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
    }

    ExecutionWaits.NewWait EventWait(Guid execution, Guid invoice, string eventType = "invoice_paid", TimeSpan? expiresIn = null) =>
        new(execution, "paid", _organization, ExecutionWaits.Event, null, "invoice", invoice, eventType, DateTime.UtcNow, DateTime.UtcNow + (expiresIn ?? TimeSpan.FromDays(3)));

    ExecutionWaits.NewWait ReplyWait(Guid execution, DateTime since) =>
        new(execution, "reply", _organization, ExecutionWaits.Reply, _client, null, null, null, since, since.AddDays(1));

    AutomationEvent Event(Guid invoice, string type = "invoice_paid") =>
        new(Guid.NewGuid(), _organization, type, "invoice", invoice, [], null, 0, DateTimeOffset.UtcNow);

    [Fact]
    public async Task Wake_EndsTheWaitsForTheEventsRecordAndType_Only()
    {
        var (invoice, other) = (Guid.NewGuid(), Guid.NewGuid());
        Guid waiting, otherType, otherInvoice, expired;
        await using (var connection = await database.OpenAsync())
        {
            (waiting, otherType, otherInvoice, expired) =
                (await WaitingExecutionAsync(connection), await WaitingExecutionAsync(connection), await WaitingExecutionAsync(connection), await WaitingExecutionAsync(connection));
        }

        await StartAsync(EventWait(waiting, invoice));
        await StartAsync(EventWait(otherType, invoice, "invoice_voided"));
        await StartAsync(EventWait(otherInvoice, other));
        await StartAsync(EventWait(expired, invoice, expiresIn: TimeSpan.FromSeconds(-1)));
        var paid = Event(invoice);

        await using var transaction = await _service.BeginAsync(CancellationToken.None);
        var woken = await ExecutionWaits.WakeAsync(transaction, [paid, Event(Guid.NewGuid())], CancellationToken.None);
        var again = await ExecutionWaits.WakeAsync(transaction, [paid], CancellationToken.None);

        Assert.Equal([(waiting, "paid", paid.Id)], woken.Select(w => (w.ExecutionId, w.StepKey, w.EventId)));
        Assert.Empty(again);
    }

    [Fact]
    public async Task ClaimReply_TakesTheNewestLiveWaitOfTheClient_AndLeavesTheOthers()
    {
        Guid older, newer, ended;
        await using (var connection = await database.OpenAsync())
        {
            (older, newer, ended) = (await WaitingExecutionAsync(connection), await WaitingExecutionAsync(connection), await WaitingExecutionAsync(connection, "cancelled"));
        }

        var now = DateTime.UtcNow;
        await StartAsync(ReplyWait(older, now.AddMinutes(-10)));
        await StartAsync(ReplyWait(newer, now.AddMinutes(-5)));
        await StartAsync(ReplyWait(ended, now.AddMinutes(-1)));

        await using var transaction = await _service.BeginAsync(CancellationToken.None);
        var first = await ExecutionWaits.ClaimReplyAsync(transaction, [_organization], [_client], CancellationToken.None);
        var second = await ExecutionWaits.ClaimReplyAsync(transaction, [_organization], [_client], CancellationToken.None);
        var third = await ExecutionWaits.ClaimReplyAsync(transaction, [_organization], [_client], CancellationToken.None);
        var anotherOrganization = await ExecutionWaits.ClaimReplyAsync(transaction, [Guid.NewGuid()], [_client], CancellationToken.None);

        Assert.Equal((newer, older), (first?.ExecutionId, second?.ExecutionId));
        Assert.Null(third);
        Assert.Null(anotherOrganization);
    }

    [Fact]
    public async Task WithTenThousandWaiting_NeitherLookupScansTheWaits()
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO automation_execution_waits (execution_id, step_key, organization_id, kind, client_id, entity_type, entity_id, event_type, since, expires_at)
            SELECT gen_random_uuid(), 'w', @organization, CASE WHEN i % 2 = 0 THEN 'event' ELSE 'reply' END,
                   CASE WHEN i % 2 = 1 THEN gen_random_uuid() END, 'invoice', gen_random_uuid(),
                   (ARRAY['invoice_paid', 'invoice_voided', 'job_rescheduled'])[1 + i % 3], now(), now() + interval '3 days'
              FROM generate_series(1, 10000) i;
            ANALYZE automation_execution_waits;
            """,
            new { organization = _organization });
        await using var service = new NpgsqlConnection(database.ServiceConnectionString);
        await service.OpenAsync();
        var events = Enumerable.Range(0, 100).Select(_ => Event(Guid.NewGuid())).ToList();

        await using var transaction = await service.BeginTransactionAsync();
        var wake = await service.QuerySingleAsync<string>(
            "EXPLAIN (FORMAT JSON) " + ExecutionWaits.WakeSql,
            new
            {
                ids = events.Select(e => e.Id).ToArray(),
                organizations = events.Select(e => e.OrganizationId).ToArray(),
                entities = events.Select(e => e.EntityId!.Value).ToArray(),
                types = events.Select(e => e.EventType).ToArray(),
            },
            transaction);
        var reply = await service.QuerySingleAsync<string>(
            "EXPLAIN (FORMAT JSON) " + ExecutionWaits.ClaimReplySql, new { organizations = new[] { _organization }, clients = new[] { _client } }, transaction);

        AssertUsesIndex(wake, "idx_waits_event");
        AssertUsesIndex(reply, "idx_waits_reply");
    }

    /// <summary>The plan reads automation_execution_waits through <paramref name="index"/> and never scans it.</summary>
    static void AssertUsesIndex(string plan, string index)
    {
        var nodes = Nodes(JsonNode.Parse(plan)![0]!["Plan"]!).Where(n => n["Relation Name"]?.ToString() == "automation_execution_waits").ToList();
        Assert.True(nodes.Count > 0, plan);
        Assert.All(nodes, n => Assert.True(n["Node Type"]?.ToString() != "Seq Scan", plan));
        Assert.Contains(Nodes(JsonNode.Parse(plan)![0]!["Plan"]!), n => n["Index Name"]?.ToString() == index);
    }

    static IEnumerable<JsonNode> Nodes(JsonNode plan) =>
        new[] { plan }.Concat((plan["Plans"] as JsonArray ?? []).SelectMany(child => Nodes(child!)));
}
