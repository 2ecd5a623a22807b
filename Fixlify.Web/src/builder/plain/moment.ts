import { isoDuration, plainDuration, type PlainDuration } from "./duration";

/**
 * When a delay ends, as a person sets it: "Wait 3 days" (`{duration}`), "24 hours before the job's start"
 * (`{until, offset}`: the date picked from the trigger's date fields), or a fixed date and time in the organization's
 * zone (`{at}`).
 */
export type Moment =
  | { mode: "wait"; duration: PlainDuration }
  | { mode: "relative"; until: string; duration: PlainDuration; after: boolean }
  | { mode: "at"; at: string };

const only = (config: Record<string, unknown>, ...keys: string[]) => Object.keys(config).every((key) => keys.includes(key));

/** A delay's config as a moment, or null when the plain controls cannot show it (it stays in code view). */
export function plainMoment(config: Record<string, unknown> | undefined): Moment | null {
  const c = config ?? {};
  if (typeof c.duration === "string" && only(c, "duration")) {
    const duration = plainDuration(c.duration);
    return duration && !duration.negative ? { mode: "wait", duration } : null;
  }
  if (typeof c.until === "string" && only(c, "until", "offset")) {
    const duration = c.offset === undefined ? { amount: 0, unit: "hours" as const, negative: false } : plainDuration(c.offset);
    return duration ? { mode: "relative", until: c.until, duration: { ...duration, negative: false }, after: !duration.negative } : null;
  }
  if (typeof c.at === "string" && only(c, "at") && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(c.at)) {
    return { mode: "at", at: c.at };
  }
  return null;
}

/** The moment as the delay's config: `{duration}`, `{until, offset}` (no offset at the moment itself) or `{at}`. */
export function momentConfig(moment: Moment): Record<string, unknown> {
  switch (moment.mode) {
    case "wait":
      return { duration: isoDuration({ ...moment.duration, negative: false }) };
    case "relative":
      return moment.duration.amount === 0
        ? { until: moment.until }
        : { until: moment.until, offset: isoDuration({ ...moment.duration, negative: !moment.after }) };
    case "at":
      return { at: moment.at };
  }
}
