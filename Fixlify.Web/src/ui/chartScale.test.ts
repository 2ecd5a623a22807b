import { describe, expect, it } from "vitest";
import { axisCeiling, labelledPeriods, periodsBetween } from "./chartScale";

describe("axisCeiling", () => {
  it("reaches past the highest point to a round number, so the point sits inside the axis", () => {
    expect(axisCeiling(0)).toBe(1);
    expect(axisCeiling(1200)).toBe(2000);
    expect(axisCeiling(9)).toBe(10);
    expect(axisCeiling(4)).toBe(5);
    expect(axisCeiling(1)).toBe(2);
    for (const highest of [1, 3, 7, 10, 99, 1234, 5000, 86_400_000]) {
      expect(axisCeiling(highest)).toBeGreaterThan(highest);
    }
  });
});

describe("periodsBetween", () => {
  it("has every day of the range in the zone, a day with no data included, across a change to summer time", () => {
    const days = periodsBetween("2026-03-05T12:00:00Z", "2026-03-10T12:00:00Z", "day", "America/New_York");
    expect(days.map((t) => new Date(t * 1000).toISOString())).toEqual([
      "2026-03-05T05:00:00.000Z",
      "2026-03-06T05:00:00.000Z",
      "2026-03-07T05:00:00.000Z",
      "2026-03-08T05:00:00.000Z",
      "2026-03-09T04:00:00.000Z",
      "2026-03-10T04:00:00.000Z",
    ]);
  });

  it("cuts hours on the zone's clock in a half-hour zone", () => {
    const hours = periodsBetween("2026-03-05T00:10:00Z", "2026-03-05T02:00:00Z", "hour", "Asia/Kolkata");
    expect(hours.map((t) => new Date(t * 1000).toISOString())).toEqual(["2026-03-04T23:30:00.000Z", "2026-03-05T00:30:00.000Z", "2026-03-05T01:30:00.000Z"]);
  });
});

describe("labelledPeriods", () => {
  it("labels every period when they fit, else every n-th back from the latest so labels never overlap", () => {
    const thirtyOne = Array.from({ length: 31 }, (_, i) => i);
    expect(labelledPeriods([5], 4)).toEqual([5]);
    expect(labelledPeriods(thirtyOne, 31)).toHaveLength(31);
    expect(labelledPeriods(thirtyOne, 8)).toEqual([2, 6, 10, 14, 18, 22, 26, 30]);
  });
});
