using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Fixlify.Tests.Fixtures;
using Npgsql;

namespace Fixlify.Tests.Data;

/// <summary>
/// Business writes become automation events: statement-level triggers copy each change (Migrations/0010, 0032) and the
/// relay turns it into its events (<see cref="TestData.ExpandChangesAsync"/> does what the relay does).
/// </summary>
public sealed partial class EventCaptureTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    public sealed record WriteCase(string Entity, string InitialStatus, string Write, string[] ExpectedEvents)
    {
        public override string ToString() => $"{Write} → {string.Join(", ", ExpectedEvents)}";
    }

    /// <summary>Each write and exactly the events it must produce. @id is the row, @tech a technician of its organization.</summary>
    public static TheoryData<WriteCase> Writes() =>
    [
        new("client", "", "INSERT", ["client_created"]),
        new("client", "", "UPDATE clients SET phone = '+15550009999' WHERE id = @id", ["client_updated"]),
        new("client", "", "UPDATE clients SET sms_opt_out = true WHERE id = @id", ["client_updated"]),
        new("job", "scheduled", "INSERT", ["job_created"]),
        new("job", "scheduled", "UPDATE jobs SET status = 'in_progress' WHERE id = @id", ["job_status_changed"]),
        new("job", "in_progress", "UPDATE jobs SET status = 'completed', completed_at = now() WHERE id = @id", ["job_status_changed", "job_completed"]),
        new("job", "scheduled", "UPDATE jobs SET status = 'cancelled' WHERE id = @id", ["job_status_changed", "job_cancelled"]),
        new("job", "scheduled", "UPDATE jobs SET technician_id = @tech WHERE id = @id", ["job_technician_assigned"]),
        new("job", "scheduled", "UPDATE jobs SET scheduled_start = scheduled_start + interval '1 day' WHERE id = @id", ["job_rescheduled"]),
        new("job", "scheduled", "UPDATE jobs SET description = 'Bring the long ladder' WHERE id = @id", []),
        new("invoice", "draft", "INSERT", ["invoice_created"]),
        new("invoice", "draft", "UPDATE invoices SET status = 'sent', sent_at = now() WHERE id = @id", ["invoice_sent"]),
        new("invoice", "sent", "UPDATE invoices SET status = 'paid', amount_paid = total, paid_at = now() WHERE id = @id", ["invoice_paid"]),
        new("invoice", "sent", "UPDATE invoices SET status = 'partially_paid', amount_paid = 10 WHERE id = @id", ["invoice_partially_paid"]),
        new("invoice", "sent", "UPDATE invoices SET status = 'void' WHERE id = @id", ["invoice_voided"]),
        new("estimate", "draft", "INSERT", ["estimate_created"]),
        new("estimate", "draft", "UPDATE estimates SET status = 'sent', sent_at = now() WHERE id = @id", ["estimate_sent"]),
        new("estimate", "sent", "UPDATE estimates SET status = 'accepted' WHERE id = @id", ["estimate_accepted"]),
        new("estimate", "sent", "UPDATE estimates SET status = 'declined' WHERE id = @id", ["estimate_declined"]),
    ];

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Write_WritesExactlyItsEvents(WriteCase write)
    {
        await using var connection = await database.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection);
        var technician = await TestData.TechnicianAsync(connection, organization);
        var seen = new HashSet<Guid>();
        Guid id;
        if (write.Write == "INSERT")
        {
            id = await CreateAsync(connection, write.Entity, organization, write.InitialStatus);
        }
        else
        {
            id = await CreateAsync(connection, write.Entity, organization, write.InitialStatus);
            seen = await EventIdsAsync(connection, organization);
            await connection.ExecuteAsync(write.Write, new { id, tech = technician });
        }

        var events = await NewEventsAsync(connection, organization, seen);
        Assert.Equal(write.ExpectedEvents.Order(), events.Select(e => e.EventType).Order());
        Assert.All(events, e =>
        {
            Assert.Equal(organization, e.OrganizationId);
            Assert.Equal(write.Entity, e.EntityType);
            Assert.Equal(id, e.EntityId);
            Assert.Null(e.Origin);
            Assert.Equal(id.ToString(), JsonDocument.Parse(e.Payload).RootElement.GetProperty("new").GetProperty("id").GetString());
        });
    }

    [Fact]
    public async Task Update_ThatChangesNothing_WritesNoEvent()
    {
        await using var connection = await database.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection);
        var client = await TestData.ClientAsync(connection, organization);
        var job = await TestData.JobAsync(connection, organization, client);
        var invoice = await TestData.InvoiceAsync(connection, organization, client, "sent");
        var seen = await EventIdsAsync(connection, organization);

        await connection.ExecuteAsync("UPDATE jobs SET status = status, total = total WHERE id = @job", new { job });
        await connection.ExecuteAsync("UPDATE invoices SET status = 'sent' WHERE id = @invoice", new { invoice });
        await connection.ExecuteAsync("UPDATE clients SET first_name = first_name, updated_at = now() + interval '1 hour' WHERE id = @client", new { client });

        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM automation_changes WHERE organization_id = @organization", new { organization }));
        Assert.Empty(await NewEventsAsync(connection, organization, seen));
    }

    [Fact]
    public async Task Update_IsCopiedAsAChange_AndBecomesItsEventsOnceWhenTheRelayTakesIt()
    {
        await using var connection = await database.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection);
        var job = await TestData.JobAsync(connection, organization, null, "in_progress");
        var seen = await EventIdsAsync(connection, organization);

        await connection.ExecuteAsync("UPDATE jobs SET status = 'completed' WHERE id = @job", new { job });

        // The write path only copied the row, old and new; what it means is not decided yet.
        var (newRow, oldRow) = await connection.QuerySingleAsync<(string, string)>(
            "SELECT new_row::text, old_row::text FROM automation_changes WHERE entity_id = @job", new { job });
        Assert.Equal(("completed", "in_progress"), (
            JsonDocument.Parse(newRow).RootElement.GetProperty("status").GetString(),
            JsonDocument.Parse(oldRow).RootElement.GetProperty("status").GetString()));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM automation_events WHERE entity_id = @job AND NOT id = ANY(@seen)", new { job, seen = seen.ToArray() }));

        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT fixlify_expand_changes(100, false)"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT fixlify_expand_changes(100, false)"));
        Assert.Equal(new[] { "job_completed", "job_status_changed" }, (await NewEventsAsync(connection, organization, seen)).Select(e => e.EventType).Order());
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM automation_changes WHERE entity_id = @job", new { job }));
    }

    /// <summary>The event table of docs/capture.md lists, per captured table, every event what-a-change-means can make, and no other.</summary>
    [Fact]
    public async Task CaptureDocs_EventTable_ListsTheEventsEachTablesChangesMean()
    {
        await using var connection = await database.OpenAsync();
        // Probes: an INSERT; each status to each other status; each column from a value, or from nothing, to another.
        var meant = (await connection.QueryAsync<(string Table, string EventType)>(
            """
            WITH captured AS (
                SELECT t.tgrelid AS target, t.tgrelid::regclass::text AS table_name, substr(p.proname, length('fixlify_capture_') + 1) AS entity
                  FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid WHERE t.tgname = 'capture_updates'
            ), statuses AS (
                SELECT c.table_name, c.entity, m[1] AS status
                  FROM captured c JOIN pg_constraint k ON k.conrelid = c.target AND k.contype = 'c' AND pg_get_constraintdef(k.oid) LIKE '%status%'
                 CROSS JOIN LATERAL regexp_matches(pg_get_constraintdef(k.oid), '''([a-z_]+)''', 'g') AS m
            ), probes AS (
                SELECT c.table_name, c.entity, fixlify_change_payload('{"id": 1}', NULL) AS payload FROM captured c
                UNION ALL
                SELECT a.table_name, a.entity, fixlify_change_payload(jsonb_build_object('status', b.status), jsonb_build_object('status', a.status))
                  FROM statuses a JOIN statuses b ON b.table_name = a.table_name AND b.status <> a.status
                UNION ALL
                SELECT c.table_name, c.entity, fixlify_change_payload(jsonb_build_object(a.attname, 'new'), jsonb_build_object(a.attname, v.old))
                  FROM captured c JOIN pg_attribute a ON a.attrelid = c.target AND a.attnum > 0 AND NOT a.attisdropped
                 CROSS JOIN (VALUES ('"old"'::jsonb), ('null'::jsonb)) AS v(old)
            )
            SELECT DISTINCT table_name, unnest(fixlify_change_events(entity, payload)) FROM probes
            """)).Select(e => $"{e.Table}: {e.EventType}").Order().ToList();

        var documented = File.ReadAllLines(Path.Combine(TestServices.RepositoryRoot, "docs", "capture.md"))
            .Select(line => DocumentedRow().Match(line))
            .Where(row => row.Success)
            .SelectMany(row => EventName().Matches(row.Groups["events"].Value).Select(name => $"{row.Groups["table"].Value}: {name.Groups[1].Value}"))
            .Order().ToList();
        Assert.Equal(meant, documented);
    }

    [GeneratedRegex(@"^\| (?<table>clients|jobs|invoices|estimates) \| (?<events>.*) \|$")]
    private static partial Regex DocumentedRow();

    [GeneratedRegex(@"`([a-z_]+)`")]
    private static partial Regex EventName();

    [Fact]
    public async Task StatusChange_PayloadHoldsOldAndNewValues()
    {
        await using var connection = await database.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection);
        var job = await TestData.JobAsync(connection, organization, null, "scheduled");
        var seen = await EventIdsAsync(connection, organization);

        await connection.ExecuteAsync("UPDATE jobs SET status = 'in_progress', total = 175.50 WHERE id = @job", new { job });

        var payload = JsonDocument.Parse((await NewEventsAsync(connection, organization, seen)).Single().Payload).RootElement;
        Assert.Equal("scheduled", payload.GetProperty("from").GetString());
        Assert.Equal("in_progress", payload.GetProperty("to").GetString());
        Assert.Equal("scheduled", payload.GetProperty("old").GetProperty("status").GetString());
        Assert.Equal(150.00m, payload.GetProperty("old").GetProperty("total").GetDecimal());
        Assert.Equal("in_progress", payload.GetProperty("new").GetProperty("status").GetString());
        Assert.Equal(175.50m, payload.GetProperty("new").GetProperty("total").GetDecimal());
        Assert.Equal(new[] { "status", "total" }, payload.GetProperty("changed").EnumerateArray().Select(c => c.GetString()));
        Assert.False(payload.GetProperty("old").TryGetProperty("title", out _), "unchanged columns are not in 'old'");
    }

    [Fact]
    public async Task Write_WithOriginSetLocal_RecordsOriginAndChainDepth()
    {
        await using var connection = await database.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection);
        var job = await TestData.JobAsync(connection, organization, null, "in_progress");
        var seen = await EventIdsAsync(connection, organization);
        var execution = Guid.NewGuid().ToString();

        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await connection.ExecuteAsync("SET LOCAL fixlify.origin = '" + execution + "'", transaction: transaction);
            await connection.ExecuteAsync("SET LOCAL fixlify.chain_depth = '2'", transaction: transaction);
            await connection.ExecuteAsync("UPDATE jobs SET status = 'completed' WHERE id = @job", new { job }, transaction);
            await transaction.CommitAsync();
        }

        var byAutomation = await NewEventsAsync(connection, organization, seen);
        Assert.Equal(new[] { "job_completed", "job_status_changed" }, byAutomation.Select(e => e.EventType).Order());
        Assert.All(byAutomation, e => Assert.Equal((execution, 2), (e.Origin, e.ChainDepth)));

        seen.UnionWith(byAutomation.Select(e => e.Id));
        await connection.ExecuteAsync("UPDATE jobs SET status = 'in_progress' WHERE id = @job", new { job });
        var byPerson = (await NewEventsAsync(connection, organization, seen)).Single();
        Assert.Equal((null, 0), (byPerson.Origin, byPerson.ChainDepth));
    }

    [Fact]
    public async Task MultiRowUpdate_SomeRowsChangeMeaningfully_WritesEventsForThoseRowsOnly()
    {
        await using var connection = await database.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection);
        var scheduled = await TestData.JobAsync(connection, organization, null, "scheduled");
        var done = await TestData.JobAsync(connection, organization, null, "completed");
        var started = await TestData.JobAsync(connection, organization, null, "in_progress");
        var seen = await EventIdsAsync(connection, organization);

        // One statement over three rows: the completed one only gets a new updated_at, which is not a change.
        var rows = await connection.ExecuteAsync("UPDATE jobs SET status = 'completed' WHERE id = ANY(@ids)", new { ids = new[] { scheduled, done, started } });

        Assert.Equal(3, rows);
        var events = await NewEventsAsync(connection, organization, seen);
        Assert.DoesNotContain(events, e => e.EntityId == done);
        foreach (var (job, from) in new[] { (scheduled, "scheduled"), (started, "in_progress") })
        {
            var mine = events.Where(e => e.EntityId == job).ToList();
            Assert.Equal(new[] { "job_completed", "job_status_changed" }, mine.Select(e => e.EventType).Order());
            Assert.All(mine, e =>
            {
                // Each row's old values are its own: old and new rows are matched by primary key.
                var payload = JsonDocument.Parse(e.Payload).RootElement;
                Assert.Equal(job.ToString(), payload.GetProperty("new").GetProperty("id").GetString());
                Assert.Equal((from, "completed"), (payload.GetProperty("from").GetString(), payload.GetProperty("to").GetString()));
                Assert.Equal(from, payload.GetProperty("old").GetProperty("status").GetString());
            });
        }

        Assert.Equal(4, events.Count);
    }

    [Fact]
    public async Task Statement_TouchingTwoOrganizations_WritesEachEventInItsRowsOrganization()
    {
        await using var owner = await database.OpenAsync();
        var first = await TestData.OrganizationAsync(owner, "North Plumbing");
        var second = await TestData.OrganizationAsync(owner, "South Plumbing");
        var seen = (await EventIdsAsync(owner, first)).Union(await EventIdsAsync(owner, second)).ToHashSet();

        // The scheduler's and relay's login may cross organizations (the API's may not): one INSERT and one UPDATE over both.
        await using var service = await database.OpenAsync(database.ServiceConnectionString);
        var invoices = (await service.QueryAsync<(Guid Id, Guid OrganizationId)>(
            """
            INSERT INTO invoices (organization_id, number, status, total)
            VALUES (@first, 'N-1', 'draft', 100), (@second, 'S-1', 'draft', 200), (@second, 'S-2', 'draft', 300)
            RETURNING id, organization_id
            """,
            new { first, second })).ToDictionary(i => i.Id, i => i.OrganizationId);
        await service.ExecuteAsync("UPDATE invoices SET status = 'sent', sent_at = now() WHERE id = ANY(@ids)", new { ids = invoices.Keys.ToArray() });

        var events = (await NewEventsAsync(owner, first, seen)).Concat(await NewEventsAsync(owner, second, seen)).ToList();
        Assert.Equal(6, events.Count);
        foreach (var (invoice, organization) in invoices)
        {
            var mine = events.Where(e => e.EntityId == invoice).ToList();
            Assert.Equal(new[] { "invoice_created", "invoice_sent" }, mine.Select(e => e.EventType).Order());
            Assert.All(mine, e => Assert.Equal(organization, e.OrganizationId));
            Assert.All(mine, e => Assert.Equal(organization.ToString(), JsonDocument.Parse(e.Payload).RootElement.GetProperty("new").GetProperty("organization_id").GetString()));
        }
    }

    [Fact]
    public async Task Update_ByTheApiRole_CapturesItsOrganizationsRowsOnly()
    {
        await using var owner = await database.OpenAsync();
        var mine = await TestData.OrganizationAsync(owner, "Mine");
        var theirs = await TestData.OrganizationAsync(owner, "Theirs");
        var myJob = await TestData.JobAsync(owner, mine, null, "scheduled");
        var theirJob = await TestData.JobAsync(owner, theirs, null, "scheduled");
        var seen = (await EventIdsAsync(owner, mine)).Union(await EventIdsAsync(owner, theirs)).ToHashSet();

        // Under row-level security the statement sees, changes and captures only the organization's own row.
        await using (var app = await database.OpenAsync(database.AppConnectionString))
        await using (var transaction = await app.BeginTransactionAsync())
        {
            await app.ExecuteAsync("SELECT set_config('fixlify.org_id', @mine, true)", new { mine = mine.ToString() }, transaction);
            Assert.Equal(1, await app.ExecuteAsync("UPDATE jobs SET status = 'cancelled' WHERE id = ANY(@ids)", new { ids = new[] { myJob, theirJob } }, transaction));
            await transaction.CommitAsync();
        }

        Assert.Equal(new[] { "job_cancelled", "job_status_changed" }, (await NewEventsAsync(owner, mine, seen)).Select(e => e.EventType).Order());
        Assert.Empty(await NewEventsAsync(owner, theirs, seen));
    }

    /// <summary>
    /// The copy compares exactly the columns whose change can mean an event (what fixlify_change_events says of them,
    /// Migrations/0032): any column of a client, a job's status, technician and schedule, an invoice's or estimate's status.
    /// </summary>
    [Fact]
    public async Task Capture_ComparesEveryColumnWhoseChangeCanMeanAnEvent()
    {
        await using var connection = await database.OpenAsync();
        var compared = (await connection.QueryAsync<(string Table, string Column)>(
            """
            SELECT c.relname, a.attname
              FROM pg_trigger t
              JOIN pg_class c ON c.oid = t.tgrelid
              JOIN pg_attribute a ON a.attrelid = t.tgrelid AND a.attnum > 0 AND NOT a.attisdropped
             WHERE t.tgname = 'capture_updates'
               AND strpos(pg_get_functiondef(t.tgfoid), format('n.%1$I IS DISTINCT FROM o.%1$I', a.attname)) > 0
            """)).ToLookup(c => c.Table, c => c.Column);
        var clientColumns = await connection.QueryAsync<string>(
            "SELECT attname FROM pg_attribute WHERE attrelid = 'clients'::regclass AND attnum > 0 AND NOT attisdropped AND attname <> 'updated_at'");

        Assert.Equal(clientColumns.Order(), compared["clients"].Order());
        Assert.Equal(new[] { "scheduled_end", "scheduled_start", "status", "technician_id" }, compared["jobs"].Order());
        Assert.Equal(new[] { "status" }, compared["invoices"]);
        Assert.Equal(new[] { "status" }, compared["estimates"]);
        Assert.Equal(4, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM pg_trigger WHERE tgname = 'capture_updates'"));
    }

    [Fact]
    public async Task RefreshCapture_AfterAColumnIsAdded_InstallsThatTablesCaptureAgain_AndCapturesChangesToIt()
    {
        await using var connection = await database.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection);
        var client = await TestData.ClientAsync(connection, organization);
        var seen = await EventIdsAsync(connection, organization);

        // What a later migration does, and the migrator after it (rolled back: the class's other tests keep the schema as migrated).
        await using var transaction = await connection.BeginTransactionAsync();
        Assert.Equal(Array.Empty<string>(), await connection.ExecuteScalarAsync<string[]>("SELECT fixlify_refresh_capture()", transaction: transaction));
        await connection.ExecuteAsync("ALTER TABLE clients ADD COLUMN loyalty_tier text", transaction: transaction);
        Assert.Equal(new[] { "clients" }, await connection.ExecuteScalarAsync<string[]>("SELECT fixlify_refresh_capture()", transaction: transaction));
        await connection.ExecuteAsync("UPDATE clients SET loyalty_tier = 'gold' WHERE id = @client", new { client }, transaction);
        await TestData.ExpandChangesAsync(connection, transaction);

        var captured = (await connection.QueryAsync<(Guid Id, string EventType, string Payload)>(
            "SELECT id, event_type, payload::text FROM automation_events WHERE organization_id = @organization", new { organization }, transaction))
            .Where(e => !seen.Contains(e.Id)).ToList();
        await transaction.RollbackAsync();

        var updated = Assert.Single(captured);
        Assert.Equal("client_updated", updated.EventType);
        var payload = JsonDocument.Parse(updated.Payload).RootElement;
        Assert.Equal(new[] { "loyalty_tier" }, payload.GetProperty("changed").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(JsonValueKind.Null, payload.GetProperty("old").GetProperty("loyalty_tier").ValueKind);
        Assert.Equal("gold", payload.GetProperty("new").GetProperty("loyalty_tier").GetString());
    }

    [Fact]
    public async Task Update_OfAColumnALaterMigrationAdded_IsAmongTheChangedColumns()
    {
        // jobs.confirmed_at comes from 0013, which a fresh database runs after 0010 installed the capture of jobs.
        await using var connection = await database.OpenAsync();
        var organization = await TestData.OrganizationAsync(connection);
        var job = await TestData.JobAsync(connection, organization, null, "scheduled");
        var seen = await EventIdsAsync(connection, organization);

        await connection.ExecuteAsync("UPDATE jobs SET status = 'in_progress', confirmed_at = now() WHERE id = @job", new { job });

        var changed = Assert.Single(await NewEventsAsync(connection, organization, seen));
        Assert.Equal("job_status_changed", changed.EventType);
        var payload = JsonDocument.Parse(changed.Payload).RootElement;
        Assert.Equal(new[] { "confirmed_at", "status" }, payload.GetProperty("changed").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(JsonValueKind.Null, payload.GetProperty("old").GetProperty("confirmed_at").ValueKind);
    }

    sealed record CapturedEvent(Guid Id, Guid OrganizationId, string EventType, string EntityType, Guid EntityId, string Payload, string? Origin, int ChainDepth);

    /// <summary>The organization's events so far, the captured changes turned into events first, as the relay does.</summary>
    static async Task<HashSet<Guid>> EventIdsAsync(NpgsqlConnection connection, Guid organization)
    {
        await TestData.ExpandChangesAsync(connection);
        return [.. await connection.QueryAsync<Guid>("SELECT id FROM automation_events WHERE organization_id = @organization", new { organization })];
    }

    static async Task<List<CapturedEvent>> NewEventsAsync(NpgsqlConnection connection, Guid organization, HashSet<Guid> seen)
    {
        await TestData.ExpandChangesAsync(connection);
        return [.. (await connection.QueryAsync<CapturedEvent>(
            """
            SELECT id, organization_id, event_type, entity_type, entity_id, payload::text AS payload, origin, chain_depth
            FROM automation_events WHERE organization_id = @organization ORDER BY occurred_at, event_type
            """,
            new { organization })).Where(e => !seen.Contains(e.Id))];
    }

    static Task<Guid> CreateAsync(NpgsqlConnection connection, string entity, Guid organization, string status) => entity switch
    {
        "client" => TestData.ClientAsync(connection, organization),
        "job" => TestData.JobAsync(connection, organization, null, status),
        "invoice" => TestData.InvoiceAsync(connection, organization, null, status),
        "estimate" => TestData.EstimateAsync(connection, organization, null, status),
        _ => throw new ArgumentOutOfRangeException(nameof(entity)),
    };
}
