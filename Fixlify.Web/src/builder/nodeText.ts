import type { StepData } from "./graph";
import { stepLabel, triggerLabel } from "../ui/labels";

const handleWords: Record<string, string> = { true: "Yes", false: "No", body: "Each", done: "After" };

export function handleLabel(handle: string | null): string {
  return handle === null ? "Next" : (handleWords[handle] ?? handle);
}

/** What a node is, in words: "Text message", "Wait", "Check", or the trigger's event. */
export function kindLabel(type: string | undefined, data: StepData, triggerType: string): string {
  if (type === "trigger") {
    return `When: ${triggerLabel(triggerType)}`;
  }
  if (type === "action") {
    return data.actionType ? stepLabel(data.actionType) : "Action";
  }
  return stepLabel(type ?? "step");
}

/** The node's accessible name and heading: its label, or what it is ("Email: Thanks for choosing us"). */
export function nodeTitle(type: string | undefined, data: StepData, triggerType: string): string {
  const kind = kindLabel(type, data, triggerType);
  return data.label ? `${kind}: ${data.label}` : kind;
}

/** One line on what the step does with its settings. */
export function nodeSummary(type: string | undefined, data: StepData): string {
  const config = (data.config ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === "string" ? value : "");
  switch (type) {
    case "delay":
      return config.duration ? `for ${humanDuration(text(config.duration))}` : config.until ? `until ${text(config.until)}${config.offset ? ` ${text(config.offset)}` : ""}` : "";
    case "loop":
      return config.over ? `each of ${text(config.over)}` : config.times ? `${String(config.times)} times` : "";
    case "condition": {
      const match = "all" in config ? "all" : "any" in config ? "any" : null;
      const rules = match ? (config[match] as unknown[]) : [];
      return match ? `${rules.length} rule${rules.length === 1 ? "" : "s"} (${match === "all" ? "all must hold" : "any may hold"})` : "";
    }
    case "wait_for_reply":
      return config.timeout ? `for the reply, at most ${humanDuration(text(config.timeout))}` : "";
    case "wait_for_event":
      return config.eventType ? `for ${text(config.eventType)}${config.timeout ? `, at most ${humanDuration(text(config.timeout))}` : ""}` : "";
    case "action":
      return text(config.subject) || text(config.message) || text(config.title) || text(config.url) || "";
    default:
      return "";
  }
}

/** `PT2H30M` → "2 h 30 min", `P3D` → "3 days", `-PT24H` → "-24 h". */
export function humanDuration(iso: string): string {
  const match = /^(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso);
  if (!match) {
    return iso;
  }
  const [, minus, years, months, days, hours, minutes, seconds] = match;
  const parts = [
    years && `${years} ${years === "1" ? "year" : "years"}`,
    months && `${months} ${months === "1" ? "month" : "months"}`,
    days && `${days} ${days === "1" ? "day" : "days"}`,
    hours && `${hours} h`,
    minutes && `${minutes} min`,
    seconds && `${seconds} s`,
  ].filter(Boolean);
  return `${minus ?? ""}${parts.join(" ") || "0 s"}`;
}
