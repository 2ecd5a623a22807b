import { formatDuration, formatInstant } from "../ui/format";
import { triggerLabel } from "../ui/labels";

/** One line of what a step reported: a label in words and its value; `block` for a message's text (kept as written). */
export interface OutputLine {
  label: string;
  value: string;
  block?: boolean;
}

type Output = Record<string, unknown>;

/** Keys that are for the engine or a developer (ids, codes the office cannot use), never shown. */
const hidden = new Set([
  "messageId", "webhookId", "channel", "retryAt", "failedAttempts", "timeoutAt", "intent", "reply", "receivedAt", "id", "jobId",
  "technicianId", "currentTechnicianId", "assigneeId", "relatedId", "relatedType", "taskId", "userId", "record", "claimedAt",
  "truncated", "bytes", "cap", "textHidden", "textCut", "happened", "eventType", "at", "branch", "result", "iterations", "items",
  "bounded", "until", "changed", "tried", "statusCode", "durationMs", "changes", "strategy", "body", "heldSince", "provider",
]);

const labels: Record<string, string> = {
  to: "To",
  cc: "Cc",
  subject: "Subject",
  text: "Text",
  reason: "Why",
  title: "Task",
  description: "Details",
  dueAt: "Due",
  technicianName: "Technician",
  delivered: "Devices reached",
  removed: "Devices no longer subscribed",
  failed: "Devices that failed",
  inDoubt: "Sent, not confirmed",
  heldBecause: "Why it waits",
};

/** What the engine names a reply's meaning, in the office's words. */
const intents: Record<string, string> = {
  confirm: "confirmed",
  confirmed: "confirmed",
  reschedule: "wants to reschedule",
  cancel: "wants to cancel",
  other: "an answer the automation does not know",
  opted_out: "asked to stop texts",
};

const channels: Record<string, string> = { email: "Email", sms: "Text message", push: "Push notification" };

/**
 * What a step reported, as lines an office manager reads: a message as it was sent (recipient masked as the API gives
 * it, subject and text), a reply and what it meant, a check's result, the fields a step changed — never the output's
 * keys, ids or ISO instants (times are in `timeZone`, to the second).
 */
export function describeOutput(type: string, output: unknown, timeZone: string): OutputLine[] {
  if (typeof output !== "object" || output === null || Array.isArray(output)) {
    return [];
  }
  const o = output as Output;
  const when = (value: unknown) => (typeof value === "string" ? formatInstant(value, timeZone, true) : "—");
  const lines: OutputLine[] = [];
  const add = (label: string, value: string | null | undefined, block = false) => {
    if (value != null && value !== "") {
      lines.push(block ? { label, value, block } : { label, value });
    }
  };

  if (o.truncated === true) {
    add("Not kept", `What this step reported was too large to keep (${Number(o.bytes).toLocaleString("en-US")} bytes).`);
  }
  switch (type) {
    case "wait_for_reply": {
      const intent = typeof o.intent === "string" ? o.intent : null;
      if (typeof o.reply === "string" && intent !== "none") {
        add("Client replied", `${o.reply} — ${intentWords(intent)}`);
        add("Received", typeof o.receivedAt === "string" ? when(o.receivedAt) : null);
      } else if (intent === "none" && typeof o.reason !== "string") {
        add("Client replied", `No reply by ${when(o.timeoutAt)}`);
      } else if (typeof o.timeoutAt === "string" && !intent) {
        add("Waits for a reply until", when(o.timeoutAt));
      }
      break;
    }
    case "wait_for_event": {
      const what = typeof o.eventType === "string" ? triggerLabel(o.eventType) : "The event";
      if (o.happened === true) {
        add("Happened", `${what}, ${when(o.at)}`);
      } else if (o.happened === false) {
        add("Happened", `${what} did not happen by ${when(o.timeoutAt)}`);
      } else if (typeof o.timeoutAt === "string") {
        add("Waits until", when(o.timeoutAt));
      }
      break;
    }
    case "condition":
      if (typeof o.result === "boolean") {
        add("Result", o.result ? "Yes — the check held, so its “yes” path ran" : "No — the check did not hold, so its “no” path ran");
      }
      break;
    case "delay":
      add("Wait ends", typeof o.until === "string" ? when(o.until) : null);
      break;
    case "loop":
      if (typeof o.iterations === "number") {
        add("Repeated", `${plural(o.iterations, "time")}${o.bounded === true ? ` (cut at the limit; there were ${plural(Number(o.items), "item")})` : ""}`);
      }
      break;
    case "update_record":
      if (typeof o.changed === "object" && o.changed !== null) {
        const record = typeof o.record === "string" ? sentence(o.record) : "Record";
        add("Changed", `${record}: ${fieldList(o.changed as Output, timeZone)}`);
      }
      break;
    case "assign_technician":
      if (o.changes === false) {
        add("Result", "Already assigned to this technician");
      }
      break;
    case "webhook":
    case "api_call":
      add("Answer", typeof o.statusCode === "number" ? answerWords(o.statusCode) : null);
      add("Took", typeof o.durationMs === "number" ? formatDuration(o.durationMs) : null);
      break;
    case "send_message":
      if (Array.isArray(o.tried)) {
        for (const tried of o.tried) {
          if (typeof tried === "object" && tried !== null) {
            const t = tried as Output;
            add(`Not by ${channelWord(t.channel)}`, typeof t.reason === "string" ? t.reason : typeof t.status === "string" ? words(t.status) : "not sent");
          }
        }
      }
      add("Sent by", typeof o.channel === "string" && o.reason === undefined ? channelWord(o.channel) : null);
      break;
  }
  // PostgreSQL's jsonb keeps keys in its own order: the office reads recipient, subject, then the text.
  const entries = Object.entries(o).sort(([a], [b]) => rank(a) - rank(b));
  for (const [key, value] of entries) {
    if (hidden.has(key) || value === null || value === undefined || value === "") {
      continue;
    }
    const label = labels[key] ?? sentence(key);
    if (key === "text" && typeof value === "string") {
      add(type === "send_email" || o.subject !== undefined ? "Email text" : "Text", value, true);
    } else if (key === "dueAt") {
      add(label, when(value));
    } else {
      add(label, show(value, timeZone));
    }
  }
  if (o.textHidden === true) {
    add("Text", "Not kept: your organization keeps no message texts in its logs.");
  } else if (o.textCut === true) {
    add("Note", "The text is cut here: it was longer than a log keeps.");
  }
  return lines;
}

const order = ["to", "cc", "subject", "text", "title", "description", "dueAt", "technicianName"];

function rank(key: string): number {
  const at = order.indexOf(key);
  return at < 0 ? order.length : at;
}

/** A reply's meaning: confirmed, wants to reschedule, or the automation's own name for it in words. */
export function intentWords(intent: string | null): string {
  return (intent && intents[intent]) ?? (intent ? words(intent) : "no meaning given");
}

function channelWord(channel: unknown): string {
  return typeof channel === "string" ? (channels[channel] ?? words(channel)) : "another channel";
}

function answerWords(code: number): string {
  return code >= 200 && code < 300 ? `Accepted (${code})` : `Refused (${code})`;
}

/** The fields a step changed: "Confirmed at: Dec 7, 2026, 12:43:01 EST; Status: completed". */
function fieldList(fields: Output, timeZone: string): string {
  return Object.entries(fields)
    .map(([name, value]) => `${sentence(name)}: ${show(value, timeZone)}`)
    .join("; ");
}

const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** A value in words: instants in the zone, booleans yes/no, codes (snake_case) as words, lists joined. */
function show(value: unknown, timeZone: string): string {
  if (typeof value === "string") {
    if (instant.test(value) && !Number.isNaN(Date.parse(value))) {
      return formatInstant(value, timeZone, true);
    }
    return /^[a-z]+(_[a-z]+)+$/.test(value) ? words(value) : value;
  }
  if (typeof value === "boolean") {
    return value ? "yes" : "no";
  }
  if (typeof value === "number") {
    return value.toLocaleString("en-US");
  }
  if (Array.isArray(value)) {
    return value.map((v) => show(v, timeZone)).join(", ");
  }
  if (typeof value === "object" && value !== null) {
    return fieldList(value as Output, timeZone);
  }
  return String(value);
}

/** `confirmed_at` or `dueAt` as "Confirmed at" / "Due at". */
export function sentence(key: string): string {
  const spaced = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replaceAll("_", " ")
    .toLowerCase()
    .trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** A step's label as the engine may write it ("job updated: confirmed_at") with field names in words ("confirmed at"). */
export function readable(label: string): string {
  return label.replace(/\b[a-z]+(?:_[a-z]+)+\b/g, (name) => name.replaceAll("_", " "));
}

function words(value: string): string {
  return value.replaceAll("_", " ");
}

function plural(count: number, one: string): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? one : `${one}s`}`;
}
