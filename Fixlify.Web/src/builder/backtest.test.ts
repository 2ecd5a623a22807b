import { describe, expect, it } from "vitest";
import { addDaysTo, backtestFigures, backtestPeriod, defaultBacktestDays, type Backtest } from "./backtest";

describe("backtest period", () => {
  it("defaults to the last 30 days of the organization's zone, whatever the browser's", () => {
    // 02:00 UTC on 3 March is still 2 March in New York.
    const now = new Date("2026-03-03T02:00:00Z");
    expect(defaultBacktestDays(now, "America/New_York")).toEqual({ from: "2026-01-31", to: "2026-03-02" });
    expect(defaultBacktestDays(now, "Europe/Paris")).toEqual({ from: "2026-02-01", to: "2026-03-03" });
  });

  it("runs from the start of the first day to the end of the last, in the zone, ending now at the latest", () => {
    const now = new Date("2026-03-10T12:00:00Z");
    expect(backtestPeriod({ from: "2026-03-01", to: "2026-03-08" }, "America/New_York", now)).toEqual({
      from: "2026-03-01T05:00:00.000Z",
      // Daylight saving time began on 8 March: the 9th starts at 04:00 UTC.
      to: "2026-03-09T04:00:00.000Z",
    });
    expect(backtestPeriod({ from: "2026-03-01", to: "2026-03-10" }, "America/New_York", now).to).toBe("2026-03-10T12:00:00.000Z");
  });

  it("moves calendar days across months and years", () => {
    expect(addDaysTo("2026-03-01", -1)).toBe("2026-02-28");
    expect(addDaysTo("2025-12-31", 1)).toBe("2026-01-01");
  });
});

describe("backtest figures", () => {
  it("lists every figure of the report under its group, zeros included", () => {
    const report = {
      events: 12,
      executions: 9,
      notStarted: { filteredOut: 3, automationOrigin: 0, chainTooDeep: 0 },
      outcomes: { wouldComplete: 7, wouldFail: 1, wouldStop: 1 },
      messages: { email: 0, sms: 7, push: 0, webhook: 0 },
      deferredByQuietHours: 2,
      suppressed: { total: 2, optedOut: 1, dailyCap: 0, noAddress: 1, other: 0 },
      sms: { messages: 7, gsm7: 6, ucs2: 1, segments: 9 },
      wouldFail: [{ reason: "Text message: no phone number to text", count: 1 }],
    } as unknown as Backtest;
    const groups = backtestFigures(report);
    expect(groups.map((g) => g.title)).toEqual(["Executions", "Messages per channel", "Suppressed", "Text messages", "Would fail, by reason"]);
    expect(groups[4]!.figures).toEqual([{ label: "Text message: no phone number to text", count: 1 }]);
    const all = Object.fromEntries(groups.flatMap((g) => g.figures).map((f) => [f.label, f.count]));
    expect(all).toMatchObject({
      "Trigger events in the period": 12,
      "Executions that would have started": 9,
      "Not started: filtered out": 3,
      Texts: 7,
      Emails: 0,
      "Deferred by quiet hours": 2,
      "Opted out": 1,
      "No address": 1,
      "Texts in UCS-2": 1,
      "SMS segments": 9,
      "Would fail": 1,
      "Would stop: the automation's goal was met": 1,
    });
  });
});
