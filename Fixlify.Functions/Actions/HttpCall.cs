using System.Net;
using System.Text.Json.Nodes;
using Fixlify.Channels;
using Fixlify.Engine;
using Fixlify.Telemetry;

namespace Fixlify.Actions;

/// <summary>A response as an HTTP action sees it: status, the first bytes of the body, how long it took, where it ended.</summary>
internal sealed record HttpCallResult(HttpStatusCode Status, string? MediaType, CappedBody Body, TimeSpan Duration, Uri Url)
{
    public int Code => (int)Status;

    public bool IsSuccess => Code is >= 200 and < 300;
}

/// <summary>
/// One HTTP request of an action through the guarded client, within a deadline, with failures sorted the way the
/// engine retries them: refused destinations and other 4xx are permanent; timeouts, network errors, 408, 429 and 5xx
/// are retried (<see cref="TimeoutException"/>, <see cref="TransientHttpException"/>).
/// </summary>
internal static partial class HttpCall
{
    public static async Task<HttpCallResult> SendAsync(
        GuardedHttpClient http, TimeProvider clock, string action, OutboundRequest request, bool followRedirects, TimeSpan timeout, int bodyLimit,
        CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(timeout, clock);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        var started = clock.GetTimestamp();
        var sent = false;
        try
        {
            using var response = await http.SendAsync(request, followRedirects, deadline.Token);
            var body = await GuardedHttpClient.ReadAsync(response, bodyLimit, deadline.Token);
            sent = response.IsSuccessStatusCode;
            return new HttpCallResult(response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, clock.GetElapsedTime(started), response.RequestMessage?.RequestUri ?? request.Url);
        }
        catch (DestinationRefusedException e)
        {
            throw new PermanentActionException($"{action}: {e.Message}", e);
        }
        catch (HttpRequestException e)
        {
            throw new TransientHttpException($"{action}: {GuardedHttpClient.Origin(request.Url)} could not be reached: {e.Message}", null, e);
        }
        catch (IOException e)
        {
            throw new TransientHttpException($"{action}: the answer of {GuardedHttpClient.Origin(request.Url)} broke off: {e.Message}", null, e);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{action}: {GuardedHttpClient.Origin(request.Url)} did not answer within {timeout.TotalSeconds:0.#} s.");
        }
        finally
        {
            // The request's own span is HttpClient's (OpenTelemetry's HTTP instrumentation), under the step's.
            AutomationMetrics.Sent(action, sent ? "sent" : "failed");
        }
    }

    /// <summary>The step's <c>headers</c>, rendered. A value that renders with a line break is refused (header injection).</summary>
    public static async Task<List<KeyValuePair<string, string>>> RenderHeadersAsync(
        TemplateRenderer templates, string action, JsonObject config, JsonObject context)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (config["headers"] is not JsonObject section)
        {
            return headers;
        }

        foreach (var (name, value) in section)
        {
            var rendered = value is JsonValue text && text.TryGetValue<string>(out var template) ? await templates.RenderAsync(template, context) : "";
            if (rendered.Contains('\r', StringComparison.Ordinal) || rendered.Contains('\n', StringComparison.Ordinal))
            {
                throw new PermanentActionException($"{action}: header {name} rendered with a line break.");
            }

            headers.Add(new(name, rendered.Trim()));
        }

        return headers;
    }

    /// <summary>The step's <c>url</c>, rendered; a permanent failure when it is not an absolute http(s) URL (the URL itself is not shown: it may hold a key).</summary>
    public static async Task<Uri> RenderUrlAsync(TemplateRenderer templates, string action, JsonObject config, JsonObject context)
    {
        var text = (await templates.RenderFieldAsync(config, "url", context))?.Trim();
        if (string.IsNullOrEmpty(text) || !Uri.TryCreate(text, UriKind.Absolute, out var url))
        {
            throw new PermanentActionException($"{action}: the url {(string.IsNullOrEmpty(text) ? "rendered empty" : "did not render to an absolute URL")}.");
        }

        return GuardedHttpClient.UrlProblem(url) is { } problem
            ? throw new PermanentActionException($"{action}: refused {GuardedHttpClient.Origin(url)}: {problem}.")
            : url;
    }

    /// <summary>The failure for a response that is not a success: 408, 429 and 5xx are retried, the rest (3xx, 4xx) are not.</summary>
    public static Exception Failure(string action, HttpCallResult result, string what)
    {
        var excerpt = result.Body.Excerpt(300);
        var message = $"{action}: {GuardedHttpClient.Origin(result.Url)} answered {result.Code} {ReasonOf(result.Status)}{what}{(excerpt.Length > 0 ? $": {excerpt}" : "")}";
        return result.Code is 408 or 429 or >= 500
            ? new TransientHttpException(message, result.Status)
            : new PermanentActionException(message);
    }

    static string ReasonOf(HttpStatusCode status) => Enum.IsDefined(status) ? WordStart().Replace(status.ToString(), " ") : "";

    [System.Text.RegularExpressions.GeneratedRegex("(?<=[a-z])(?=[A-Z])")]
    private static partial System.Text.RegularExpressions.Regex WordStart();
}
