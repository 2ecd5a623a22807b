import { addDays, addHours, startOfDay, startOfHour } from "date-fns";
import { TZDate } from "@date-fns/tz";

/**
 * The top of a value axis: a round number (1, 2, 2.5 or 5 times a power of ten) at least a tenth above the highest
 * value, so the highest point sits inside the axis, below its top line; 1 when there is nothing to show.
 */
export function axisCeiling(highest: number): number {
  if (!(highest > 0)) {
    return 1;
  }
  const wanted = highest * 1.1;
  const power = 10 ** Math.floor(Math.log10(wanted));
  const nice = [1, 2, 2.5, 5, 10].find((n) => n * power >= wanted) ?? 10;
  return nice * power;
}

/**
 * Every period of [from, to) in the zone — hours or days as the zone's clock has them (a 23- or 25-hour day, a
 * half-hour zone's hours) — as unix seconds of their first instant: the chart's points and labels, whatever days had data.
 */
export function periodsBetween(from: string, to: string, granularity: "hour" | "day", timeZone: string): number[] {
  const end = Date.parse(to);
  const start = new TZDate(Date.parse(from), timeZone);
  let period = granularity === "hour" ? startOfHour(start) : startOfDay(start);
  const periods: number[] = [];
  while (period.getTime() < end && periods.length < 800) {
    periods.push(period.getTime() / 1000);
    period = granularity === "hour" ? addHours(period, 1) : addDays(period, 1);
  }
  return periods;
}

/**
 * Labels for at most `room` of the periods: every n-th one counted back from the latest (which is always labelled), so
 * they never overlap; all of them when they fit.
 */
export function labelledPeriods(periods: number[], room: number): number[] {
  const every = Math.max(1, Math.ceil(periods.length / Math.max(1, room)));
  return periods.filter((_, i) => (periods.length - 1 - i) % every === 0);
}
