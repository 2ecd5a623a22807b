using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Channels;

namespace Fixlify.Tests.Fixtures;

/// <summary>A client of a server-sent events stream: reads events (id, event, data) as they arrive.</summary>
public sealed class EventStreamReader : IAsyncDisposable
{
    readonly HttpResponseMessage _response;
    readonly Channel<ServerEvent> _events = Channel.CreateUnbounded<ServerEvent>();
    readonly CancellationTokenSource _stop = new();
    readonly Task _reading;

    public sealed record ServerEvent(string? Id, string Type, string Data)
    {
        public JsonElement Json => JsonDocument.Parse(Data).RootElement.Clone();
    }

    EventStreamReader(HttpResponseMessage response)
    {
        _response = response;
        _reading = Task.Run(ReadAsync);
    }

    public HttpResponseMessage Response => _response;

    /// <summary>Completes when the server ends the stream (or the connection drops).</summary>
    public Task Ended => _events.Reader.Completion;

    public static async Task<EventStreamReader> OpenAsync(HttpClient client, string path, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new EventStreamReader(response);
    }

    /// <summary>The next event of <paramref name="type"/> (others are skipped), or a failure after <paramref name="timeout"/>.</summary>
    public async Task<ServerEvent> NextAsync(string type, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var next = await _events.Reader.ReadAsync(deadline.Token);
            if (next.Type == type)
            {
                return next;
            }
        }
    }

    /// <summary>Events of any type as they come, until <paramref name="count"/> have come or <paramref name="wait"/> has passed.</summary>
    public async Task<List<ServerEvent>> TakeAsync(int count, TimeSpan wait)
    {
        var events = new List<ServerEvent>();
        using var deadline = new CancellationTokenSource(wait);
        try
        {
            while (events.Count < count)
            {
                events.Add(await _events.Reader.ReadAsync(deadline.Token));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            // time is up, or the stream ended
        }

        return events;
    }

    /// <summary>Every event of <paramref name="type"/> until none has come for <paramref name="quiet"/> (other events do not count).</summary>
    public async Task<List<ServerEvent>> DrainAsync(string type, TimeSpan quiet)
    {
        var events = new List<ServerEvent>();
        using var wait = new CancellationTokenSource(quiet);
        while (true)
        {
            try
            {
                var next = await _events.Reader.ReadAsync(wait.Token);
                if (next.Type == type)
                {
                    events.Add(next);
                    wait.CancelAfter(quiet);
                }
            }
            catch (OperationCanceledException)
            {
                return events;
            }
        }
    }

    async Task ReadAsync()
    {
        try
        {
            using var reader = new StreamReader(await _response.Content.ReadAsStreamAsync(_stop.Token));
            string? id = null, type = null;
            var data = new List<string>();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data.Count > 0 || type is not null)
                    {
                        await _events.Writer.WriteAsync(new ServerEvent(id, type ?? "message", string.Join('\n', data)), _stop.Token);
                    }

                    (id, type) = (null, null);
                    data.Clear();
                }
                else if (line.StartsWith("id:", StringComparison.Ordinal))
                {
                    id = line[3..].Trim();
                }
                else if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    type = line[6..].Trim();
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data.Add(line[5..].TrimStart());
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
            // the stream ended
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }

    bool _disposed;

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _stop.CancelAsync();
        _response.Dispose();
        await _reading;
        _stop.Dispose();
    }
}
