using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Fixlify.Telemetry;

/// <summary>
/// The app's one trace source and one meter (both named <see cref="Name"/>), and the span helpers the areas use. Spans
/// name the organization, workflow, execution and step (<see cref="TelemetryTags"/>) — never a recipient, a phone
/// number, an address or a message body; <see cref="PersonalDataRedactor"/> masks any that slip into another library's
/// attributes. With no exporter configured nothing listens, and starting a span costs a null check.
/// </summary>
internal static class AutomationTelemetry
{
    public const string Name = "Fixlify.Automation";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>
    /// A span continuing the trace of <paramref name="traceParent"/> (a W3C <c>traceparent</c> stored with an event), or
    /// the current trace when there is none or it does not parse.
    /// </summary>
    public static Activity? StartSpan(string name, ActivityKind kind, string? traceParent, params ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var parent = traceParent is not null && ActivityContext.TryParse(traceParent, null, out var parsed) ? parsed : Activity.Current?.Context ?? default;
        var activity = Source.StartActivity(name, kind, parent);
        if (activity is not null)
        {
            foreach (var (key, value) in tags)
            {
                activity.SetTag(key, value);
            }
        }

        return activity;
    }

    /// <summary>A span in the current trace.</summary>
    public static Activity? StartSpan(string name, params ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        StartSpan(name, ActivityKind.Internal, null, tags);

    /// <summary>The current span's W3C <c>traceparent</c>, if a sampled one is current: what is stored with an event or an execution.</summary>
    public static string? CurrentTraceParent() => Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>The trace id of a W3C <c>traceparent</c>, or null.</summary>
    public static string? TraceIdOf(string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, out var context) ? context.TraceId.ToHexString() : null;

    /// <summary>Marks the span failed with the exception's type (its message may name a recipient, so it is not recorded).</summary>
    public static void Failed(this Activity? activity, Exception exception)
    {
        activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        activity?.SetTag("error.type", exception.GetType().FullName);
    }
}
