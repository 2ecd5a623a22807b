import { useCallback, useMemo } from "react";
import { Link } from "react-router";
import type { Metrics, Outcomes } from "../api/types";
import { Chart, type ChartSeries } from "../ui/Chart";
import { formatAxisPeriod, formatDuration, formatPeriod, formatRate, zoneName, zoneWords } from "../ui/format";
import { metricRows } from "./metricRows";

const count = (n: number) => n.toLocaleString("en-US");

/** The metrics of a period: what was done first, then how it ran; charts, and every number in a table. */
export function MetricsView({ metrics, outcomes, workflowId }: { metrics: Metrics; outcomes: Outcomes; workflowId: string | undefined }) {
  const { totals, granularity, timeZone } = metrics;
  const done = outcomes.totals;
  const rows = useMemo(() => metricRows(metrics, outcomes), [metrics, outcomes]);
  const times = useMemo(() => rows.map((r) => r.time), [rows]);
  const step = granularity === "hour" ? 3600 : 86400;
  const period = granularity === "hour" ? "hour" : "day";
  const formatTime = useCallback((t: number) => formatAxisPeriod(new Date(t * 1000).toISOString(), granularity, timeZone), [granularity, timeZone]);
  const doneSeries = useMemo<ChartSeries[]>(
    () => [
      { label: "Texts sent", values: rows.map((r) => r.textsSent), colour: "#b45309", legend: count(done.textsSent) },
      { label: "Emails sent", values: rows.map((r) => r.emailsSent), colour: "#2563eb", legend: count(done.emailsSent) },
      { label: "Tasks created", values: rows.map((r) => r.tasksCreated), colour: "#7c3aed", legend: count(done.tasksCreated) },
      { label: "Replies received", values: rows.map((r) => r.repliesReceived), colour: "#0f766e", legend: count(done.repliesReceived) },
      { label: "Confirmations", values: rows.map((r) => r.confirmations), colour: "#15803d", legend: count(done.confirmations) },
    ],
    [rows, done],
  );
  const runSeries = useMemo<ChartSeries[]>(
    () => [
      { label: "Succeeded", values: rows.map((r) => r.successes), colour: "#15803d", bars: true, legend: count(totals.successes) },
      { label: "Failed", values: rows.map((r) => r.failures), colour: "#b91c1c", bars: true, legend: count(totals.failures) },
    ],
    [rows, totals],
  );
  const timeSeries = useMemo<ChartSeries[]>(
    () => [{ label: "Average time", values: rows.map((r) => r.averageMs), colour: "#7c3aed", legend: `${formatDuration(totals.averageMs)} overall` }],
    [rows, totals],
  );
  const failedLink = `/executions?status=failed${workflowId ? `&workflowId=${workflowId}` : ""}`;

  return (
    <>
      <section aria-labelledby="metrics-done">
        <h2 id="metrics-done">What the automations did</h2>
        <dl className="totals">
          <Total term="Texts sent" value={count(done.textsSent)} />
          <Total term="Emails sent" value={count(done.emailsSent)} />
          <Total term="Tasks created" value={count(done.tasksCreated)} />
          <Total term="Replies received" value={count(done.repliesReceived)} />
          <Total term="Confirmations" value={count(done.confirmations)} />
          <Total term="Failures needing attention" value={count(done.needingAttention)}>
            {done.needingAttention > 0 && <Link to={failedLink}>See the failed executions</Link>}
          </Total>
        </dl>
        <div className="charts charts-wide">
          <Chart
            title={`What was done, by ${period}`}
            summary={`${done.textsSent} texts and ${done.emailsSent} emails sent, ${done.tasksCreated} tasks created, ${done.repliesReceived} replies received and ${done.confirmations} confirmations over ${rows.length} ${period}s; the table below has each ${period}.`}
            times={times}
            series={doneSeries}
            formatTime={formatTime}
            valueAxis="Count"
            step={step}
          />
        </div>
      </section>
      <section aria-labelledby="metrics-ran">
        <h2 id="metrics-ran">How the automations ran</h2>
        <dl className="totals">
          <Total term="Executions" value={count(totals.executions)} />
          <Total term="Succeeded" value={count(totals.successes)} />
          <Total term="Failed" value={count(totals.failures)} />
          <Total term="Success rate" value={formatRate(totals.successRate)} />
          <Total term="Average time" value={formatDuration(totals.averageMs)} />
          <Total term="95% finish within" value={formatDuration(totals.p95Ms)} />
        </dl>
        <div className="charts">
          <Chart
            title={`Executions, by ${period}`}
            summary={`${totals.successes} succeeded and ${totals.failures} failed over ${rows.length} ${period}s; the table below has each ${period}.`}
            times={times}
            series={runSeries}
            formatTime={formatTime}
            valueAxis="Executions"
            step={step}
          />
          <Chart
            title={`Average time, by ${period}`}
            summary={`Average time per ${period}; overall ${formatDuration(totals.averageMs)}.`}
            times={times}
            series={timeSeries}
            formatTime={formatTime}
            formatValue={formatDuration}
            valueAxis="Time"
            step={step}
          />
        </div>
      </section>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="The numbers">
        <table className="table">
          <caption>
            By {period}, in {zoneWords(timeZone)} ({zoneName(timeZone)})
          </caption>
          <thead>
            <tr>
              <th scope="col">{granularity === "hour" ? "Hour" : "Day"}</th>
              <th scope="col">Texts</th>
              <th scope="col">Emails</th>
              <th scope="col">Tasks</th>
              <th scope="col">Replies</th>
              <th scope="col">Confirmations</th>
              <th scope="col">Needing attention</th>
              <th scope="col">Executions</th>
              <th scope="col">Succeeded</th>
              <th scope="col">Failed</th>
              <th scope="col">Success rate</th>
              <th scope="col">Average time</th>
              <th scope="col">Webhooks</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.time}>
                <th scope="row">{formatPeriod(r.periodStart, granularity, timeZone)}</th>
                <td>{r.textsSent}</td>
                <td>{r.emailsSent}</td>
                <td>{r.tasksCreated}</td>
                <td>{r.repliesReceived}</td>
                <td>{r.confirmations}</td>
                <td>{r.needingAttention}</td>
                <td>{r.executions}</td>
                <td>{r.successes}</td>
                <td>{r.failures}</td>
                <td>{formatRate(r.successes + r.failures === 0 ? null : r.successes / (r.successes + r.failures))}</td>
                <td>{formatDuration(r.averageMs)}</td>
                <td>{r.webhooksSent}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Total({ term, value, children }: { term: string; value: string; children?: React.ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{value}</dd>
      {children && <dd className="totals-link">{children}</dd>}
    </div>
  );
}
