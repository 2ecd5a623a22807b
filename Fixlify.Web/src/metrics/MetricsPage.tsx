import { useCallback, useMemo } from "react";
import { metricRanges, useAllWorkflows, useMetrics, type MetricRange } from "../api/queries";
import type { Metrics } from "../api/types";
import { Chart, type ChartSeries } from "../ui/Chart";
import { EmptyState } from "../ui/EmptyState";
import { ErrorBanner } from "../ui/ErrorBanner";
import { SelectField } from "../ui/SelectField";
import { Skeleton } from "../ui/Skeleton";
import { formatDuration, formatPeriod, formatRate, zoneName } from "../ui/format";
import { useSearchFilters } from "../ui/useSearchFilters";

/**
 * `/metrics`: for the organization or one automation, by hour or day: executions, successes, failures, success rate,
 * average and p95 time, emails, texts and webhooks sent — as charts, and the same numbers as a table.
 */
export default function MetricsPage() {
  const [search, set] = useSearchFilters();
  const workflowId = search.get("workflowId") || undefined;
  const range = (search.get("range") as MetricRange | null) ?? "7d";
  const metrics = useMetrics(workflowId, metricRanges[range] ? range : "7d");
  const workflows = useAllWorkflows();

  return (
    <section>
      <h1>Metrics</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Choose what to measure">
        <SelectField id="m-workflow" label="Automation" value={workflowId ?? ""} anyLabel="All automations" options={(workflows.data ?? []).map((w) => [w.id, w.name] as const)} onChange={(v) => set("workflowId", v)} />
        <SelectField id="m-range" label="Period" value={range} options={Object.entries(metricRanges).map(([v, r]) => [v, r.label] as const)} onChange={(v) => set("range", v)} />
      </form>
      {metrics.isPending ? (
        <Skeleton rows={6} label="Loading metrics…" />
      ) : metrics.isError ? (
        <ErrorBanner error={metrics.error} onRetry={() => void metrics.refetch()} />
      ) : (
        <MetricsView metrics={metrics.data} />
      )}
    </section>
  );
}

function MetricsView({ metrics }: { metrics: Metrics }) {
  const { totals, series, granularity, timeZone } = metrics;
  const times = useMemo(() => series.map((p) => Date.parse(p.periodStart) / 1000), [series]);
  const formatTime = useCallback((t: number) => formatPeriod(new Date(t * 1000).toISOString(), granularity, timeZone), [granularity, timeZone]);
  const runs = useMemo<ChartSeries[]>(
    () => [
      { label: "Succeeded", values: series.map((p) => p.successes), colour: "#15803d", bars: true },
      { label: "Failed", values: series.map((p) => p.failures), colour: "#b91c1c", bars: true },
    ],
    [series],
  );
  const speed = useMemo<ChartSeries[]>(() => [{ label: "Average time (ms)", values: series.map((p) => p.averageMs), colour: "#7c3aed" }], [series]);
  const sends = useMemo<ChartSeries[]>(
    () => [
      { label: "Emails", values: series.map((p) => p.emailsSent), colour: "#2563eb" },
      { label: "Texts", values: series.map((p) => p.smsSent), colour: "#d97706" },
      { label: "Webhooks", values: series.map((p) => p.webhooksSent), colour: "#0f766e" },
    ],
    [series],
  );

  if (totals.executions === 0) {
    return (
      <EmptyState title="No executions in this period.">
        <p>Numbers appear here within a minute of an automation running (they are counted every minute, by the hour).</p>
      </EmptyState>
    );
  }
  return (
    <>
      <dl className="totals">
        <div>
          <dt>Executions</dt>
          <dd>{totals.executions}</dd>
        </div>
        <div>
          <dt>Succeeded</dt>
          <dd>{totals.successes}</dd>
        </div>
        <div>
          <dt>Failed</dt>
          <dd>{totals.failures}</dd>
        </div>
        <div>
          <dt>Success rate</dt>
          <dd>{formatRate(totals.successRate)}</dd>
        </div>
        <div>
          <dt>Average time</dt>
          <dd>{formatDuration(totals.averageMs)}</dd>
        </div>
        <div>
          <dt>95% finish within</dt>
          <dd>{formatDuration(totals.p95Ms)}</dd>
        </div>
        <div>
          <dt>Emails sent</dt>
          <dd>{totals.emailsSent}</dd>
        </div>
        <div>
          <dt>Texts sent</dt>
          <dd>{totals.smsSent}</dd>
        </div>
        <div>
          <dt>Webhooks sent</dt>
          <dd>{totals.webhooksSent}</dd>
        </div>
      </dl>
      <div className="charts">
        <Chart
          title="Executions"
          summary={`${totals.successes} succeeded and ${totals.failures} failed over ${series.length} ${granularity}s; the table below has each ${granularity}.`}
          times={times}
          series={runs}
          formatTime={formatTime} step={granularity === "hour" ? 3600 : 86400}
        />
        <Chart title="Average time" summary={`Average time per ${granularity}; overall ${formatDuration(totals.averageMs)}.`} times={times} series={speed} formatTime={formatTime} step={granularity === "hour" ? 3600 : 86400} />
        <Chart
          title="Messages sent"
          summary={`${totals.emailsSent} emails, ${totals.smsSent} texts and ${totals.webhooksSent} webhooks sent; the table below has each ${granularity}.`}
          times={times}
          series={sends}
          formatTime={formatTime} step={granularity === "hour" ? 3600 : 86400}
        />
      </div>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="The numbers">
        <table className="table">
          <caption>
            By {granularity}, in {timeZone} ({zoneName(timeZone)})
          </caption>
          <thead>
            <tr>
              <th scope="col">{granularity === "hour" ? "Hour" : "Day"}</th>
              <th scope="col">Executions</th>
              <th scope="col">Succeeded</th>
              <th scope="col">Failed</th>
              <th scope="col">Success rate</th>
              <th scope="col">Average time</th>
              <th scope="col">Emails</th>
              <th scope="col">Texts</th>
              <th scope="col">Webhooks</th>
            </tr>
          </thead>
          <tbody>
            {series.map((p) => (
              <tr key={p.periodStart}>
                <th scope="row">{formatPeriod(p.periodStart, granularity, timeZone)}</th>
                <td>{p.executions}</td>
                <td>{p.successes}</td>
                <td>{p.failures}</td>
                <td>{formatRate(p.successes + p.failures === 0 ? null : p.successes / (p.successes + p.failures))}</td>
                <td>{formatDuration(p.averageMs)}</td>
                <td>{p.emailsSent}</td>
                <td>{p.smsSent}</td>
                <td>{p.webhooksSent}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
