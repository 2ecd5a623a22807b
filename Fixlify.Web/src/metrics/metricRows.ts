import type { Metrics, Outcomes } from "../api/types";
import { periodsBetween } from "../ui/chartScale";

/** One period of the metrics screen: what was done and how it ran; a period without data has zeros (and no average). */
export interface MetricRow {
  /** Unix seconds of the period's first instant. */
  time: number;
  periodStart: string;
  textsSent: number;
  emailsSent: number;
  tasksCreated: number;
  repliesReceived: number;
  confirmations: number;
  needingAttention: number;
  executions: number;
  successes: number;
  failures: number;
  averageMs: number | null;
  webhooksSent: number;
}

/**
 * Every period of the range in the organization's zone, with the two answers' numbers where they have them: a chart
 * then has a point and a label for each hour or day, even when only one of them had anything.
 */
export function metricRows(metrics: Metrics, outcomes: Outcomes): MetricRow[] {
  const runs = new Map(metrics.series.map((p) => [Date.parse(p.periodStart) / 1000, p]));
  const done = new Map(outcomes.series.map((p) => [Date.parse(p.periodStart) / 1000, p]));
  const periods = periodsBetween(metrics.from, metrics.to, metrics.granularity, metrics.timeZone);
  // A period an answer has that the range's periods do not (a zone change between the two): kept, in order.
  const times = [...new Set([...periods, ...runs.keys(), ...done.keys()])].sort((a, b) => a - b);
  return times.map((time) => {
    const r = runs.get(time);
    const d = done.get(time);
    return {
      time,
      periodStart: new Date(time * 1000).toISOString(),
      textsSent: d?.textsSent ?? 0,
      emailsSent: d?.emailsSent ?? 0,
      tasksCreated: d?.tasksCreated ?? 0,
      repliesReceived: d?.repliesReceived ?? 0,
      confirmations: d?.confirmations ?? 0,
      needingAttention: d?.needingAttention ?? 0,
      executions: r?.executions ?? 0,
      successes: r?.successes ?? 0,
      failures: r?.failures ?? 0,
      averageMs: r?.averageMs ?? null,
      webhooksSent: r?.webhooksSent ?? 0,
    };
  });
}
