import { describe, expect, it } from "vitest";
import { momentConfig, plainMoment } from "./moment";

describe("a delay's moment", () => {
  it.each([
    [{ duration: "P3D" }, { mode: "wait", duration: { amount: 3, unit: "days", negative: false } }],
    [{ until: "job.scheduled_start", offset: "-PT24H" }, { mode: "relative", until: "job.scheduled_start", duration: { amount: 24, unit: "hours", negative: false }, after: false }],
    [{ until: "invoice.due_date", offset: "P7D" }, { mode: "relative", until: "invoice.due_date", duration: { amount: 1, unit: "weeks", negative: false }, after: true }],
    [{ until: "job.scheduled_start" }, { mode: "relative", until: "job.scheduled_start", duration: { amount: 0, unit: "hours", negative: false }, after: true }],
    [{ at: "2026-12-24T09:00" }, { mode: "at", at: "2026-12-24T09:00" }],
  ])("reads %j in words and writes it back unchanged", (config, moment) => {
    expect(plainMoment(config)).toEqual(moment);
    expect(momentConfig(plainMoment(config)!)).toEqual(config);
  });

  it("writes “48 hours before the job's start” as an until and a negative offset", () => {
    expect(momentConfig({ mode: "relative", until: "job.scheduled_start", duration: { amount: 48, unit: "hours", negative: false }, after: false })).toEqual({
      until: "job.scheduled_start",
      offset: "-PT48H",
    });
    expect(momentConfig({ mode: "wait", duration: { amount: 2, unit: "weeks", negative: false } })).toEqual({ duration: "P14D" });
  });

  it.each([{ duration: "PT90S" }, { duration: "-P1D" }, { duration: "P3D", until: "job.scheduled_start" }, { until: "job.scheduled_start", offset: "PT30S" }, { at: "tomorrow" }, { duration: "P1D", note: "x" }])(
    "leaves %j to the code view",
    (config) => {
      expect(plainMoment(config)).toBeNull();
    },
  );
});
