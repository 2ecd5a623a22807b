using Dapper;

namespace Fixlify.Tests.Fixtures;

/// <summary>
/// The channels app with a month of history in an organization of its own (New York, quiet hours 21:00–08:00): clients
/// who can be texted, who opted out, who have no phone and whose name needs UCS-2 ("Zoë"); for each, a repair and an
/// install completed and a visit booked, their events spread over the 30 days before <see cref="To"/> at 21:00 or 10:00
/// New York time, and a few events before <see cref="From"/> that a backtest of the month must not count.
/// </summary>
public sealed class BacktestApp : ChannelsApp
{
    /// <summary>The month replayed: [From, To), ending at the start of today (UTC).</summary>
    public DateTimeOffset To { get; } = new(DateTime.UtcNow.Date, TimeSpan.Zero);

    public DateTimeOffset From => To.AddDays(-30);

    public Guid History { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var connection = await OpenAsync();
        History = await TestData.OrganizationAsync(connection, "Backtest Plumbing");
        await connection.ExecuteAsync(
            "UPDATE organizations SET sms_from_number = '+15550006666', quiet_hours_start = '21:00', quiet_hours_end = '08:00' WHERE id = @History", new { History });

        var clients = new List<Guid>();
        for (var i = 0; i < 16; i++)
        {
            var (name, phone, optedOut) = i switch
            {
                < 9 => ($"Client{i}", $"+1555040{1000 + i}", false),
                < 12 => ($"Quiet{i}", $"+1555040{1000 + i}", true),
                < 14 => ($"Nophone{i}", null, false),
                _ => ("Zoë", $"+1555040{1000 + i}", false),
            };
            var client = await TestData.ClientAsync(connection, History, name, email: null, phone);
            await connection.ExecuteAsync("UPDATE clients SET sms_opt_out = @optedOut WHERE id = @client", new { client, optedOut });
            clients.Add(client);
        }

        for (var i = 0; i < clients.Count; i++)
        {
            foreach (var jobType in new[] { "repair", "install" })
            {
                var job = await TestData.JobAsync(connection, History, clients[i], "in_progress");
                await connection.ExecuteAsync("UPDATE jobs SET job_type = @jobType WHERE id = @job", new { job, jobType });
                await connection.ExecuteAsync("UPDATE jobs SET status = 'completed', completed_at = now() WHERE id = @job", new { job });
            }

            await TestData.JobAsync(connection, History, clients[i], "scheduled", start: To.AddDays(-10 + i % 7).AddHours(15));
        }

        await TestData.ExpandChangesAsync(connection);

        // Spread the events over the month, in the order they were written (one statement's events apart by type, so the
        // order is the same on every run): day n % 30, alternating 02:00 UTC (21:00 in New York, quiet) and 15:00 UTC
        // (10:00); every eleventh one (a period no client's run of events shares) falls before the month.
        await connection.ExecuteAsync(
            """
            WITH numbered AS (
                SELECT id, row_number() OVER (ORDER BY occurred_at, event_type) AS n FROM automation_events WHERE organization_id = @History)
            UPDATE automation_events e
               SET occurred_at = CASE WHEN n.n % 11 = 0 THEN @From - interval '5 days'
                                      ELSE @From + make_interval(days => (n.n % 30)::int, hours => CASE WHEN n.n % 2 = 0 THEN 2 ELSE 15 END) END
              FROM numbered n WHERE e.id = n.id
            """,
            new { History, From });
    }
}
