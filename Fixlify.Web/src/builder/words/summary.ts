import type { Edge } from "@xyflow/react";
import type { StepData, StepNode } from "../graph";
import type { CatalogWords } from "./catalogWords";
import { actionSentence, conditionWords, durationWords, eventWordsOf, fieldLabel, plainTemplate, triggerSentence } from "./plainWords";

type Config = Record<string, unknown>;
const text = (value: unknown) => (typeof value === "string" ? value : "");

/** A fixed local moment `2026-12-24T09:00` → "December 24, 2026 at 9:00 AM". */
function momentWords(local: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local);
  if (!match) {
    return "a set time";
  }
  const [, y, mo, d, h, mi] = match.map(Number) as number[];
  const month = new Date(Date.UTC(y!, mo! - 1, 1)).toLocaleString("en-US", { month: "long", timeZone: "UTC" });
  const hour = h! % 12 === 0 ? 12 : h! % 12;
  return `${month} ${d}, ${y} at ${hour}:${String(mi).padStart(2, "0")} ${h! < 12 ? "AM" : "PM"}`;
}

/** How long a wait is, in words: "3 days", "until 24 hours before Job › Scheduled start", "until December 24, 2026 at 9:00 AM". */
export function delayWords(words: CatalogWords | null, config: Config): string {
  if (config.duration) {
    return durationWords(text(config.duration));
  }
  if (config.at) {
    return `until ${momentWords(text(config.at))}`;
  }
  if (config.until) {
    const moment = fieldLabel(words, text(config.until));
    const offset = text(config.offset);
    return offset ? `until ${durationWords(offset)} ${offset.startsWith("-") ? "before" : "after"} ${moment}` : `until ${moment}`;
  }
  return "";
}

/** What a step does, as a clause of the automation's sentence: "email the client", "wait 3 days". */
export function stepClause(words: CatalogWords | null, type: string | undefined, data: StepData): string {
  const config = (data.config ?? {}) as Config;
  switch (type) {
    case "action":
      return actionSentence(words, data.actionType ?? "");
    case "delay":
      return `wait ${delayWords(words, config) || "a while"}`;
    case "wait_for_reply":
      return `wait for the client's reply${config.timeout ? ` (up to ${durationWords(text(config.timeout))})` : ""}`;
    case "wait_for_event":
      return `wait until ${config.eventType ? eventWordsOf(text(config.eventType)) : "something happens"}${config.timeout ? ` (up to ${durationWords(text(config.timeout))})` : ""}`;
    case "loop":
      return config.over ? `for each of ${fieldLabel(words, text(config.over))}` : config.times ? `${String(config.times)} times` : "repeat";
    default:
      return data.label ? data.label.toLowerCase() : "a step";
  }
}

/** One line on what the step does with its settings (the node's summary on the canvas). */
export function stepSummary(words: CatalogWords | null, type: string | undefined, data: StepData): string {
  const config = (data.config ?? {}) as Config;
  switch (type) {
    case "delay":
      return delayWords(words, config);
    case "condition":
      return conditionWords(words, config) ? `If ${conditionWords(words, config)}` : "No rule yet";
    case "loop":
    case "wait_for_reply":
    case "wait_for_event":
      return stepClause(words, type, data).replace(/^./, (c) => c.toUpperCase());
    case "action":
      return plainTemplate(words, text(config.subject) || text(config.message) || text(config.title) || "");
    default:
      return "";
  }
}

const maxClauses = 12;

/**
 * The whole automation in one sentence, from the trigger along its links: "When an invoice is 7 days overdue: email the
 * client, wait 3 days, then if Invoice › Status is Sent, text the client". A check says what happens if it holds and,
 * when its No branch has steps, "otherwise …"; a long flow ends "… and N more steps".
 */
export function automationSentence(words: CatalogWords | null, triggerType: string, triggerConfig: Config, nodes: StepNode[], edges: Edge[]): string {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const next = (id: string, handle: string | null) => edges.find((e) => e.source === id && (e.sourceHandle ?? null) === handle)?.target;
  const seen = new Set<string>();
  let told = 0;
  const chain = (from: string | undefined): string[] => {
    const clauses: string[] = [];
    for (let id = from; id && !seen.has(id); ) {
      const node = byId.get(id);
      if (!node) {
        break;
      }
      seen.add(id);
      if (told >= maxClauses) {
        return clauses;
      }
      told++;
      if (node.type === "condition") {
        const yes = chain(next(id, "true"));
        const no = chain(next(id, "false"));
        const rule = conditionWords(words, node.data.config) || "the check holds";
        clauses.push(`if ${rule}, ${list(yes) || "go on"}${no.length > 0 ? `; otherwise ${list(no)}` : ""}`);
        return clauses;
      }
      if (node.type === "loop") {
        const body = chain(next(id, "body"));
        clauses.push(`${stepClause(words, node.type, node.data)}: ${list(body) || "nothing yet"}`);
        id = next(id, "done");
        continue;
      }
      clauses.push(stepClause(words, node.type, node.data));
      id = next(id, null);
    }
    return clauses;
  };
  const trigger = nodes.find((n) => n.type === "trigger");
  const steps = chain(trigger ? next(trigger.id, null) : undefined);
  const rest = nodes.filter((n) => n.type !== "trigger").length - told;
  const more = (n: number) => `${n} more step${n === 1 ? "" : "s"}`;
  const start = triggerSentence(words, triggerType, triggerConfig);
  if (steps.length === 0) {
    return `${start}: nothing yet.${rest > 0 ? ` (${more(rest)}, not linked to it yet.)` : ""}`;
  }
  if (told >= maxClauses && rest > 0) {
    return `${start}: ${list(steps)}, and ${more(rest)}.`;
  }
  return `${start}: ${list(steps)}.${rest > 0 ? ` (${more(rest)}, not linked yet.)` : ""}`;
}

/** "a, b, then c". */
function list(clauses: string[]): string {
  if (clauses.length <= 1) {
    return clauses[0] ?? "";
  }
  return `${clauses.slice(0, -1).join(", ")}, then ${clauses.at(-1)}`;
}
