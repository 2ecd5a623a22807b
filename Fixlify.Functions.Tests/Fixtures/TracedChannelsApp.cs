using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Fixlify.Tests.Fixtures;

/// <summary>
/// <see cref="ChannelsApp"/> with OpenTelemetry's in-memory exporters: every span and metric the host records is kept
/// here. The app's trace source and meter are process-wide, so spans of other test classes' hosts may arrive too: a
/// test looks at its own trace id.
/// </summary>
public sealed class TracedChannelsApp : ChannelsApp
{
    readonly List<Activity> _spans = [];
    readonly List<MetricSnapshot> _metrics = [];

    protected override void ConfigureServices(IServiceCollection services)
    {
        base.ConfigureServices(services);
        services.AddOpenTelemetry()
            .WithTracing(t => t.AddInMemoryExporter(new Locked<Activity>(_spans)))
            .WithMetrics(m => m.AddInMemoryExporter(new Locked<MetricSnapshot>(_metrics)));
    }

    /// <summary>The spans of one trace exported so far.</summary>
    public List<Activity> SpansOf(ActivityTraceId traceId)
    {
        lock (_spans)
        {
            return [.. _spans.Where(s => s.TraceId == traceId)];
        }
    }

    /// <summary>Every span exported so far.</summary>
    public List<Activity> AllSpans()
    {
        lock (_spans)
        {
            return [.. _spans];
        }
    }

    /// <summary>A counter's total (or a histogram's count) over the points whose tags include <paramref name="tags"/>, as of now.</summary>
    public double Total(string metric, params (string Key, string Value)[] tags)
    {
        Services.GetRequiredService<MeterProvider>().ForceFlush();
        lock (_metrics)
        {
            var latest = _metrics.LastOrDefault(m => m.Name == metric);
            if (latest is null)
            {
                return 0;
            }

            double total = 0;
            foreach (var point in latest.MetricPoints)
            {
                var pointTags = new Dictionary<string, string?>();
                foreach (var tag in point.Tags)
                {
                    pointTags[tag.Key] = tag.Value?.ToString();
                }

                if (tags.All(t => pointTags.TryGetValue(t.Key, out var v) && v == t.Value))
                {
                    total += latest.MetricType switch
                    {
                        MetricType.LongSum => point.GetSumLong(),
                        MetricType.DoubleSum => point.GetSumDouble(),
                        MetricType.Histogram => point.GetHistogramCount(),
                        MetricType.LongGauge => point.GetGaugeLastValueLong(),
                        MetricType.DoubleGauge => point.GetGaugeLastValueDouble(),
                        _ => 0,
                    };
                }
            }

            return total;
        }
    }

    /// <summary>The exporters add from their own threads; the tests read under the same lock.</summary>
    sealed class Locked<T>(List<T> inner) : ICollection<T>
    {
        public int Count { get { lock (inner) { return inner.Count; } } }

        public bool IsReadOnly => false;

        public void Add(T item)
        {
            lock (inner)
            {
                inner.Add(item);
            }
        }

        public void Clear()
        {
            lock (inner)
            {
                inner.Clear();
            }
        }

        public bool Contains(T item)
        {
            lock (inner)
            {
                return inner.Contains(item);
            }
        }

        public void CopyTo(T[] array, int arrayIndex)
        {
            lock (inner)
            {
                inner.CopyTo(array, arrayIndex);
            }
        }

        public bool Remove(T item)
        {
            lock (inner)
            {
                return inner.Remove(item);
            }
        }

        public IEnumerator<T> GetEnumerator()
        {
            lock (inner)
            {
                return inner.ToList().GetEnumerator();
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
