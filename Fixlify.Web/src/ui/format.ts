import { format } from "date-fns";
import { TZDate, tzName } from "@date-fns/tz";

/**
 * Times as the office reads them: in the organization's time zone, with the zone's short name
 * ("Mar 3, 2026, 08:00 EST"), whatever zone the browser is in.
 */
export function formatInstant(iso: string | null | undefined, timeZone: string, seconds = false): string {
  if (!iso) {
    return "—";
  }
  const date = new TZDate(iso, timeZone);
  return `${format(date, seconds ? "MMM d, yyyy, HH:mm:ss" : "MMM d, yyyy, HH:mm")} ${zoneName(timeZone, date)}`;
}

/** Time only when the instant is today in the zone, else date and time ("08:00 EST" / "Mar 3, 08:00 EST"); to the second if asked. */
export function formatWhen(iso: string | null | undefined, timeZone: string, now: Date = new Date(), seconds = false): string {
  if (!iso) {
    return "—";
  }
  const date = new TZDate(iso, timeZone);
  const today = dayOf(now, timeZone) === format(date, "yyyy-MM-dd");
  const time = seconds ? "HH:mm:ss" : "HH:mm";
  return `${format(date, today ? time : `MMM d, ${time}`)} ${zoneName(timeZone, date)}`;
}

/** A calendar day of the zone ("2026-03-03" → "Tue, Mar 3"). */
export function formatDay(day: string): string {
  const [year, month, date] = day.split("-").map(Number);
  return format(new Date(year!, month! - 1, date!), "EEE, MMM d");
}

/** A period of the metrics series: hour ("Mar 3, 14:00") or day ("Mar 3"), in the zone. */
export function formatPeriod(iso: string, granularity: "hour" | "day", timeZone: string): string {
  return format(new TZDate(iso, timeZone), granularity === "hour" ? "MMM d, HH:mm" : "EEE, MMM d");
}

/** A period's label on a chart's time axis, short so many fit: hour ("14:00") or day ("Mar 3"), in the zone. */
export function formatAxisPeriod(iso: string, granularity: "hour" | "day", timeZone: string): string {
  return format(new TZDate(iso, timeZone), granularity === "hour" ? "HH:mm" : "MMM d");
}

/** The zone's short name at that date, e.g. "EST" or "EDT" (or "GMT+2" where there is no abbreviation). */
export function zoneName(timeZone: string, date: Date = new Date()): string {
  // Asking Intl costs a formatter each time; a name holds for the hour (zones change on whole or half hours at most).
  const key = `${timeZone}|${Math.floor(date.getTime() / 1_800_000)}`;
  let name = zoneNames.get(key);
  if (name === undefined) {
    name = tzName(timeZone, date, "short");
    zoneNames.set(key, name);
  }
  return name;
}

const zoneNames = new Map<string, string>();

/** A zone as a person names it ("Eastern Time" for America/New_York), not its database id. */
export function zoneWords(timeZone: string): string {
  const words = tzName(timeZone, new Date(), "longGeneric");
  return /^(GMT|UTC)[+-]/.test(words) ? timeZone.split("/").pop()!.replaceAll("_", " ") + " time" : words;
}

/** The calendar day of `date` in the zone ("2026-03-03"). */
function dayOf(date: Date, timeZone: string): string {
  const key = `${timeZone}|${Math.floor(date.getTime() / 60_000)}`;
  if (lastDay.key !== key) {
    lastDay.key = key;
    lastDay.day = format(new TZDate(date, timeZone), "yyyy-MM-dd");
  }
  return lastDay.day;
}

const lastDay = { key: "", day: "" };

/** A duration in ms, read aloud: "850 ms", "4.2 s", "3 min 5 s", "2 h 4 min". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || Number.isNaN(ms)) {
    return "—";
  }
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  const seconds = ms / 1000;
  if (seconds < 60) {
    return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    const rest = Math.round(seconds - minutes * 60);
    return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  const restMinutes = minutes - hours * 60;
  return restMinutes ? `${hours} h ${restMinutes} min` : `${hours} h`;
}

/** Between two instants, or "—" when one is missing. */
export function durationBetween(start: string | null | undefined, end: string | null | undefined): string {
  return start && end ? formatDuration(Date.parse(end) - Date.parse(start)) : "—";
}

/** A rate 0–1 as a whole percentage ("97%"); null (nothing ended) as "—". */
export function formatRate(rate: number | null | undefined): string {
  return rate == null ? "—" : `${Math.round(rate * 100)}%`;
}

/** "1 run", "12 runs". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? one : many}`;
}

/** The start of a calendar day of the zone ("2026-03-03") as an instant, ISO 8601 — for date filters. */
export function startOfDayIn(day: string, timeZone: string): string {
  const [year, month, date] = day.split("-").map(Number);
  return new Date(new TZDate(year!, month! - 1, date!, timeZone).getTime()).toISOString();
}
