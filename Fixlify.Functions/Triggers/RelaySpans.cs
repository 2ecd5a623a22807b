using System.Diagnostics;
using Fixlify.Data;
using Fixlify.Telemetry;
using static Fixlify.Telemetry.TelemetryTags;

namespace Fixlify.Triggers;

/// <summary>
/// The first two spans of an event's trace, for a batch the relay claimed: <c>capture</c>, from the write (its
/// <c>occurred_at</c>) to the relay's claim, a child of the writer's span when the write carried one and the root of a
/// new trace otherwise; and <c>relay</c> under it, until the batch is passed on. <see cref="Events"/> carry the relay
/// span as their trace parent, so the dispatch, the orchestration and its activities continue the same trace.
/// </summary>
internal sealed class RelaySpans : IDisposable
{
    readonly List<Activity> _spans;

    RelaySpans(IReadOnlyList<AutomationEvent> events, IReadOnlyList<AutomationEvent> started, List<Activity> spans)
    {
        Events = events;
        Started = started;
        _spans = spans;
    }

    /// <summary>The events as passed on: each with the trace parent its dispatch continues.</summary>
    public IReadOnlyList<AutomationEvent> Events { get; }

    /// <summary>Events that had no trace of their own before (their row is given the new one).</summary>
    public IReadOnlyList<AutomationEvent> Started { get; }

    public static RelaySpans Start(IReadOnlyList<AutomationEvent> events, bool dispatches, DateTimeOffset now)
    {
        foreach (var e in events)
        {
            AutomationMetrics.RelayLag.Record(Math.Max(0, (now - e.OccurredAt).TotalSeconds), Tag(EventType, e.EventType));
        }

        if (!AutomationTelemetry.Source.HasListeners())
        {
            return new RelaySpans(events, [], []);
        }

        var current = Activity.Current;
        var traced = new List<AutomationEvent>(events.Count);
        var started = new List<AutomationEvent>();
        var spans = new List<Activity>();
        try
        {
            foreach (var e in events)
            {
                var parent = e.TraceParent is not null && ActivityContext.TryParse(e.TraceParent, null, out var given) ? given : default;

                // Without a writer's trace the capture is a root: never a child of whatever span is current (the previous event's).
                Activity.Current = null;
                KeyValuePair<string, object?>[] tags = [Tag(Organization, e.OrganizationId), Tag(Event, e.Id), Tag(EventType, e.EventType)];
                var capture = AutomationTelemetry.Source.StartActivity(
                    $"capture {e.EventType}", ActivityKind.Producer, parent, tags, startTime: e.OccurredAt);
                if (capture is null)
                {
                    traced.Add(e);
                    continue;
                }

                capture.SetEndTime(now.UtcDateTime);
                spans.Add(capture);
                var relay = AutomationTelemetry.Source.StartActivity(
                    dispatches ? $"relay {e.EventType}" : $"relay {e.EventType} to service bus", ActivityKind.Producer, capture.Context, tags);
                var next = relay ?? capture;
                if (relay is not null)
                {
                    spans.Add(relay);
                }

                var withTrace = e with { TraceParent = next.Id };
                traced.Add(withTrace);
                if (e.TraceParent is null)
                {
                    started.Add(withTrace);
                }
            }
        }
        finally
        {
            Activity.Current = current;
        }

        return new RelaySpans(traced, started, spans);
    }

    public void Failed(Exception exception)
    {
        foreach (var span in _spans)
        {
            span.Failed(exception);
        }
    }

    public void Dispose()
    {
        var current = Activity.Current;
        foreach (var span in _spans)
        {
            span.Dispose();
        }

        Activity.Current = current;
    }
}
