import { describe, expect, it } from "vitest";
import type { Metrics, Outcomes } from "../api/types";
import { metricRows } from "./metricRows";

const none = { executions: 0, successes: 0, failures: 0, successRate: null, averageMs: null, p95Ms: null, emailsSent: 0, smsSent: 0, webhooksSent: 0 };

describe("metricRows", () => {
  it("has a row for every day of the range when only one day had data, each answer's numbers on its day", () => {
    const metrics: Metrics = {
      workflowId: null,
      from: "2026-03-01T17:00:00Z",
      to: "2026-03-08T17:00:00Z",
      granularity: "day",
      timeZone: "America/New_York",
      totals: { ...none, executions: 4, successes: 3, failures: 1 },
      series: [{ periodStart: "2026-03-08T05:00:00Z", executions: 4, successes: 3, failures: 1, averageMs: 900, emailsSent: 0, smsSent: 2, webhooksSent: 0 }],
    };
    const outcomes: Outcomes = {
      workflowId: null,
      from: metrics.from,
      to: metrics.to,
      granularity: "day",
      timeZone: metrics.timeZone,
      totals: { textsSent: 2, emailsSent: 0, tasksCreated: 1, repliesReceived: 1, confirmations: 1, needingAttention: 1 },
      series: [{ periodStart: "2026-03-08T05:00:00Z", textsSent: 2, emailsSent: 0, tasksCreated: 1, repliesReceived: 1, confirmations: 1, needingAttention: 1 }],
    };

    const rows = metricRows(metrics, outcomes);

    expect(rows.map((r) => r.periodStart)).toEqual([
      "2026-03-01T05:00:00.000Z",
      "2026-03-02T05:00:00.000Z",
      "2026-03-03T05:00:00.000Z",
      "2026-03-04T05:00:00.000Z",
      "2026-03-05T05:00:00.000Z",
      "2026-03-06T05:00:00.000Z",
      "2026-03-07T05:00:00.000Z",
      "2026-03-08T05:00:00.000Z",
    ]);
    expect(rows[7]).toMatchObject({ executions: 4, successes: 3, failures: 1, averageMs: 900, textsSent: 2, confirmations: 1, needingAttention: 1 });
    expect(rows[0]).toMatchObject({ executions: 0, textsSent: 0, averageMs: null });
  });
});
