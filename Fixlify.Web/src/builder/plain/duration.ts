/** The units a person picks a duration in, smallest first. */
export const durationUnits = ["minutes", "hours", "days", "weeks"] as const;

export type DurationUnit = (typeof durationUnits)[number];

/** A duration as a person sets it: "3 days". `negative` is the sign of an offset ("before"). */
export type PlainDuration = { amount: number; unit: DurationUnit; negative: boolean };

const minutesPer: Record<DurationUnit, number> = { minutes: 1, hours: 60, days: 60 * 24, weeks: 60 * 24 * 7 };

/** The unit's word for an amount: 1 → "day", 3 → "days". */
export function unitWord(unit: DurationUnit, amount: number): string {
  return amount === 1 ? unit.slice(0, -1) : unit;
}

/**
 * An ISO-8601 duration as a number and a unit, in the unit it was written in (PT24H → 24 hours, P14D → 2 weeks);
 * null when it cannot be said so (seconds, months, years, a fraction): such a field stays in code view.
 */
export function plainDuration(iso: unknown): PlainDuration | null {
  if (typeof iso !== "string") {
    return null;
  }
  const match = /^(-)?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(iso);
  if (!match || iso === "P" || iso === "-P") {
    return null;
  }
  const [, sign, weeks, days, hours, minutes] = match;
  const total = Number(weeks ?? 0) * minutesPer.weeks + Number(days ?? 0) * minutesPer.days + Number(hours ?? 0) * 60 + Number(minutes ?? 0);
  // The smallest unit written, so "24 hours" stays 24 hours; whole weeks of days read as weeks (P14D → 2 weeks).
  const smallest: DurationUnit = minutes !== undefined ? "minutes" : hours !== undefined ? "hours" : "days";
  const unit = smallest === "days" && total > 0 && total % minutesPer.weeks === 0 ? "weeks" : smallest;
  return { amount: total / minutesPer[unit], unit, negative: sign === "-" };
}

/** A number and a unit as the engine stores it: 3 days → P3D, 2 weeks → P14D (the engine reads no weeks), 90 minutes → PT90M. */
export function isoDuration({ amount, unit, negative }: PlainDuration): string {
  const sign = negative && amount !== 0 ? "-" : "";
  switch (unit) {
    case "minutes":
      return `${sign}PT${amount}M`;
    case "hours":
      return `${sign}PT${amount}H`;
    case "days":
      return `${sign}P${amount}D`;
    case "weeks":
      return `${sign}P${amount * 7}D`;
  }
}

/** "3 days", "1 hour". */
export function durationWords(duration: PlainDuration): string {
  return `${duration.amount} ${unitWord(duration.unit, duration.amount)}`;
}
