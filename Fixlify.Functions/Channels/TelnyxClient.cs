using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fixlify.Channels;

/// <summary>One text for Telnyx: from a number, or through a messaging profile that picks one.</summary>
internal sealed record TelnyxMessage(string? From, string? MessagingProfileId, string To, string Text);

/// <summary>
/// Telnyx REST v2, <c>POST /v2/messages</c>. Classifies the answer: 2xx sent; 429 wait for <c>x-ratelimit-reset</c>;
/// error 40300 the recipient opted out; 408 and 5xx (and timeouts, lost connections) transient — thrown plainly for the
/// engine to retry; any other 4xx permanent. Nothing here retries by itself.
/// </summary>
internal sealed class TelnyxClient(IHttpClientFactory httpClients, IOptions<TelnyxOptions> options, TimeProvider clock, ILogger<TelnyxClient> logger)
{
    public const string HttpClientName = "telnyx";

    /// <summary>How long to wait after a 429 that does not say.</summary>
    static readonly TimeSpan DefaultBackoff = TimeSpan.FromSeconds(60);

    /// <returns>Accepted (its message id), RecipientOptedOut, or RetryAt (rate limited).</returns>
    public async Task<ProviderAnswer> SendAsync(TelnyxMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrEmpty(settings.ApiKey))
        {
            throw new ChannelRefusedException($"send_sms: no Telnyx API key is configured ({TelnyxOptions.Section}__ApiKey).");
        }

        var body = new JsonObject { ["to"] = message.To, ["text"] = message.Text };
        if (!string.IsNullOrEmpty(message.From))
        {
            body["from"] = message.From;
        }
        else
        {
            body["messaging_profile_id"] = message.MessagingProfileId;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(settings.BaseUrl.TrimEnd('/') + "/"), "v2/messages"))
        {
            Content = JsonContent.Create(body),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.ApiKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var http = httpClients.CreateClient(HttpClientName);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"send_sms: Telnyx did not answer within {http.Timeout.TotalSeconds:0} s.", e);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var json = TryParse(text);
            var status = (int)response.StatusCode;
            Log.TelnyxAnswered(logger, new MaskedPhone(message.To), status);
            if (response.IsSuccessStatusCode)
            {
                return new ProviderAnswer.Accepted(json?["data"]?["id"]?.ToString() ?? "");
            }

            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return new ProviderAnswer.RetryAt(ResetOf(response) ?? clock.GetUtcNow() + DefaultBackoff);
            }

            var errors = (json?["errors"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
            if (errors.Any(e => e["code"]?.ToString() == "40300"))
            {
                return new ProviderAnswer.RecipientOptedOut();
            }

            var first = errors.FirstOrDefault();
            var detail = first is null ? "" : $": {first["code"]} {first["title"]}".TrimEnd();
            if (status == 408 || status >= 500)
            {
                throw new HttpRequestException($"send_sms: Telnyx answered {status}{detail}; it will be tried again.", null, response.StatusCode);
            }

            throw new ChannelRefusedException($"send_sms: Telnyx refused the text to {RecipientAddress.MaskPhone(message.To)} ({status}{detail}).");
        }
    }

    /// <summary>
    /// <c>x-ratelimit-reset</c> as Telnyx sends it: epoch seconds of the reset, or (from some gateways) seconds until it;
    /// a number too small to be a recent instant is the latter. <c>Retry-After</c> when it is missing.
    /// </summary>
    DateTimeOffset? ResetOf(HttpResponseMessage response)
    {
        var now = clock.GetUtcNow();
        if (response.Headers.TryGetValues("x-ratelimit-reset", out var values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var reset) && reset >= 0)
        {
            return reset > 1_000_000_000 ? DateTimeOffset.FromUnixTimeMilliseconds((long)(reset * 1000)) : now + TimeSpan.FromSeconds(reset);
        }

        return response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => now + delta,
            { Date: { } date } => date,
            _ => null,
        };
    }

    static JsonNode? TryParse(string text)
    {
        try
        {
            return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
