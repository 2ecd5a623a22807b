using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fixlify.Data;

/// <summary>
/// Hears one PostgreSQL notification channel for as long as the caller runs it, on a connection of the service login.
/// After every (re)connect it calls the caller's catch-up, since notifications sent while nobody listened are lost;
/// then it hands each batch of notification payloads to the caller, and, when a poll interval is given, calls the
/// catch-up again whenever that long passes without one. The connection is its own (not pooled) and shows as
/// <c>listen &lt;channel&gt;</c> in <c>pg_stat_activity</c>. Any failure (the connection killed, the database restarting,
/// a callback throwing) is logged and followed by a reconnect after a backoff that doubles from 250 ms up to
/// <see cref="PostgresListenerOptions.MaxBackoff"/>, and starts over at 250 ms once a catch-up succeeds.
/// </summary>
internal sealed partial class PostgresListener(ServiceDatabase database, IOptions<PostgresListenerOptions> options, ILogger<PostgresListener> logger)
{
    readonly PostgresListenerOptions _options = options.Value;

    /// <summary>Listens on <paramref name="channel"/> until <paramref name="cancellationToken"/> is cancelled; it never ends on a failure.</summary>
    /// <param name="channel">A lowercase SQL identifier (letters, digits, underscores).</param>
    /// <param name="catchUpAsync">Reads whatever may have been missed: after each (re)connect, once LISTEN is in place, and after each quiet poll interval.</param>
    /// <param name="notifiedAsync">The payloads of the notifications that arrived together, in order.</param>
    /// <param name="pollInterval">How long to wait for a notification before catching up anyway; null waits for notifications only.</param>
    /// <exception cref="ArgumentException"><paramref name="channel"/> is not a plain identifier.</exception>
    public Task ListenAsync(
        string channel,
        Func<CancellationToken, Task> catchUpAsync,
        Func<IReadOnlyList<string>, CancellationToken, Task> notifiedAsync,
        TimeSpan? pollInterval,
        CancellationToken cancellationToken) =>
        ListenAsync(
            channel,
            (_, token) => catchUpAsync(token),
            (_, payloads, token) => notifiedAsync(payloads, token),
            pollInterval,
            cancellationToken);

    /// <summary>
    /// As the other overload, and each callback also gets the listening connection, for session state that must live
    /// exactly as long as the listening does (an advisory lock telling writers that someone listens). A callback may
    /// run statements on it but must not leave a transaction open; notifications that arrive meanwhile are handed over
    /// as soon as it returns. The connection is not pooled, so its session ends when the listener lets it go.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="channel"/> is not a plain identifier.</exception>
    public async Task ListenAsync(
        string channel,
        Func<NpgsqlConnection, CancellationToken, Task> catchUpAsync,
        Func<NpgsqlConnection, IReadOnlyList<string>, CancellationToken, Task> notifiedAsync,
        TimeSpan? pollInterval,
        CancellationToken cancellationToken)
    {
        if (!ChannelName().IsMatch(channel))
        {
            throw new ArgumentException($"'{channel}' is not a channel name this listener takes (lowercase letters, digits and underscores).", nameof(channel));
        }

        var backoff = _options.InitialBackoff;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.OpenSessionAsync(ApplicationName(channel), cancellationToken);
                var received = new List<string>();
                connection.Notification += (_, e) => received.Add(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken);
                }

                Log.Listening(logger, channel);
                await catchUpAsync(connection, cancellationToken);
                backoff = _options.InitialBackoff;
                while (!cancellationToken.IsCancellationRequested)
                {
                    // What arrived while a callback ran statements on the connection is already in: no wait for it.
                    if (received.Count == 0)
                    {
                        var notified = pollInterval is { } poll
                            ? await connection.WaitAsync(poll, cancellationToken)
                            : await WaitAsync(connection, cancellationToken);
                        if (!notified)
                        {
                            await catchUpAsync(connection, cancellationToken);
                        }
                    }

                    if (received.Count > 0)
                    {
                        var payloads = received.ToArray();
                        received.Clear();
                        await notifiedAsync(connection, payloads, cancellationToken);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                Log.Reconnecting(logger, e, channel, backoff);
                try
                {
                    await Task.Delay(backoff, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = _options.NextBackoff(backoff);
            }
        }
    }

    /// <summary>How the listening connection shows in <c>pg_stat_activity.application_name</c>.</summary>
    internal static string ApplicationName(string channel) => $"listen {channel}";

    static async Task<bool> WaitAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await connection.WaitAsync(cancellationToken);
        return true;
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex ChannelName();
}
