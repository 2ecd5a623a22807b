using System.Net;
using System.Net.Http.Headers;
using System.Runtime.ExceptionServices;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Fixlify.Channels;

/// <summary>A request the guarded client may send again (redirects): method, URL, headers and body as bytes.</summary>
internal sealed record OutboundRequest(HttpMethod Method, Uri Url, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[]? Body = null, string? ContentType = null);

/// <summary>The first bytes of a response body, at most the limit it was read with.</summary>
internal sealed record CappedBody(byte[] Bytes, bool Truncated)
{
    /// <summary>The body as text for a message: control characters blanked, cut at <paramref name="maxChars"/>.</summary>
    public string Excerpt(int maxChars)
    {
        var text = Encoding.UTF8.GetString(Bytes);
        var cut = text.Length > maxChars ? text[..maxChars] : text;
        var clean = new string([.. cut.Select(c => char.IsControl(c) ? ' ' : c)]).Trim();
        return cut.Length < text.Length || Truncated ? clean + "…" : clean;
    }
}

/// <summary>
/// Outbound HTTP for webhooks and API calls, through the named client whose connections <see cref="OutboundAddressGuard"/>
/// makes: http and https only, no credentials in URLs, no proxy, no automatic redirects. A caller that wants redirects
/// asks for them; each hop is checked again (scheme, credentials, no https→http, and its addresses when it connects).
/// </summary>
internal sealed class GuardedHttpClient(IHttpClientFactory factory, ILogger<GuardedHttpClient> logger)
{
    public const string ClientName = "Fixlify.Guarded";

    public const int MaxRedirects = 3;

    /// <summary>Null when <paramref name="url"/> has a form the client will send to; else why not.</summary>
    public static string? UrlProblem(Uri url)
    {
        if (!url.IsAbsoluteUri)
        {
            return "the URL is not absolute";
        }

        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
        {
            return $"only http and https URLs are allowed, not {url.Scheme}";
        }

        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            return "credentials in the URL are not allowed (send them in a header)";
        }

        return string.IsNullOrEmpty(url.Host) ? "the URL has no host" : null;
    }

    /// <summary>What a message may say about a URL: scheme, host and port, never credentials, the path or the query (they may hold keys).</summary>
    public static string Origin(Uri url) =>
        !url.IsAbsoluteUri ? "(relative URL)" : url.IsDefaultPort ? $"{url.Scheme}://{url.Host}" : $"{url.Scheme}://{url.Host}:{url.Port}";

    /// <summary>
    /// Sends <paramref name="request"/>; with <paramref name="followRedirects"/>, follows up to <see cref="MaxRedirects"/>
    /// redirects. Returns the last response with its headers read (the caller reads the body and disposes it).
    /// Throws <see cref="DestinationRefusedException"/> when a URL or an address is refused.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(OutboundRequest request, bool followRedirects, CancellationToken cancellationToken)
    {
        var client = factory.CreateClient(ClientName);
        var current = request;
        for (var hop = 0; ; hop++)
        {
            Check(current.Url);
            using var message = Build(current);
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            }
            catch (HttpRequestException e) when (e.InnerException is DestinationRefusedException refused)
            {
                ExceptionDispatchInfo.Throw(refused);
                throw;
            }

            if (!followRedirects || hop == MaxRedirects || Redirect(current, response) is not { } next)
            {
                return response;
            }

            response.Dispose();
            if (current.Url.Scheme == Uri.UriSchemeHttps && next.Url.Scheme == Uri.UriSchemeHttp)
            {
                throw Refuse(Origin(next.Url), "a redirect from https to http is not followed");
            }

            current = next;
        }
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes of the body; <see cref="CappedBody.Truncated"/> says there was more.</summary>
    public static async Task<CappedBody> ReadAsync(HttpResponseMessage response, int limit, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (buffer.Length <= limit)
        {
            var read = await stream.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit + 1 - buffer.Length)), cancellationToken);
            if (read == 0)
            {
                return new CappedBody(buffer.ToArray(), Truncated: false);
            }

            buffer.Write(chunk, 0, read);
        }

        return new CappedBody(buffer.GetBuffer().AsSpan(0, limit).ToArray(), Truncated: true);
    }

    void Check(Uri url)
    {
        if (UrlProblem(url) is { } problem)
        {
            throw Refuse(Origin(url), problem);
        }
    }

    DestinationRefusedException Refuse(string host, string reason)
    {
        Log.DestinationRefused(logger, host, reason);
        return new DestinationRefusedException(host, reason);
    }

    /// <summary>The request a redirect asks for, or null when the response is not one. Methods change as browsers do.</summary>
    static OutboundRequest? Redirect(OutboundRequest request, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status is not (301 or 302 or 303 or 307 or 308) || response.Headers.Location is not { } location)
        {
            return null;
        }

        var target = location.IsAbsoluteUri ? location : new Uri(request.Url, location);
        var next = request with { Url = target };
        if (status == 303 && request.Method != HttpMethod.Head || status is 301 or 302 && request.Method == HttpMethod.Post)
        {
            next = next with { Method = HttpMethod.Get, Body = null, ContentType = null };
        }

        // Headers the caller set (keys, tokens) go only to the origin they were meant for.
        return Origin(target) == Origin(request.Url) ? next : next with { Headers = [] };
    }

    static HttpRequestMessage Build(OutboundRequest request)
    {
        // HTTP/1.1 or 2 over the guarded connect step; never HTTP/3, whose QUIC connections would bypass it.
        var message = new HttpRequestMessage(request.Method, request.Url) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionOrLower };
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null)
            {
                message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType);
            }
        }

        foreach (var (name, value) in request.Headers)
        {
            if (message.Headers.TryAddWithoutValidation(name, value))
            {
                continue;
            }

            if (message.Content is { } content)
            {
                content.Headers.Remove(name);
                content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return message;
    }
}
