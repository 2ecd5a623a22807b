import type { CatalogWords, FieldWords } from "./catalogWords";

/*
 * Plain words for what the builder shows: the catalog's own labels and sentences when it has them (GET /api/catalog,
 * PLAIN-CATALOG.md §1), else these fallbacks. No snake_case, dotted path, ISO duration or Liquid gets through.
 */

const triggerSentences: Record<string, string> = {
  job_created: "When a job is created",
  job_status_changed: "When a job's status changes",
  job_completed: "When a job is completed",
  job_cancelled: "When a job is cancelled",
  job_technician_assigned: "When a technician is assigned to a job",
  job_rescheduled: "When a job is rescheduled",
  job_overdue: "When a job is running late",
  invoice_created: "When an invoice is created",
  invoice_sent: "When an invoice is sent",
  invoice_paid: "When an invoice is paid",
  invoice_partially_paid: "When an invoice is partly paid",
  invoice_voided: "When an invoice is voided",
  invoice_overdue: "When an invoice is {daysOverdue} days overdue",
  client_created: "When a new client is added",
  client_updated: "When a client's details change",
  client_inactive: "When a client has been inactive a while",
  estimate_created: "When an estimate is created",
  estimate_sent: "When an estimate is sent",
  estimate_accepted: "When an estimate is accepted",
  estimate_declined: "When an estimate is declined",
  scheduled: "At the set time",
  recurring: "On the schedule",
  manual: "When started by hand",
};

const actionWords: Record<string, { label: string; sentence: string; description: string }> = {
  send_email: { label: "Send an email", sentence: "email the client", description: "Sends an email, to the client unless you choose someone else." },
  send_sms: { label: "Send a text", sentence: "text the client", description: "Sends a text message to the client's mobile number." },
  send_push_notification: { label: "Notify the team", sentence: "notify the team", description: "Sends a notification to the team's phones." },
  send_message: { label: "Send a message", sentence: "message the client", description: "Sends a message by the client's preferred way: text or email." },
  webhook: { label: "Send to another app", sentence: "send the details to another app", description: "Sends the record's details to another app's web address." },
  api_call: { label: "Call another app", sentence: "call another app", description: "Asks another app for something and keeps its answer for later steps." },
  update_record: { label: "Update a record", sentence: "update the record", description: "Changes a field of the job, invoice, client or estimate." },
  create_task: { label: "Add a task for the office", sentence: "add a task for the office", description: "Adds a to-do for someone in the office." },
  assign_technician: { label: "Assign a technician", sentence: "assign a technician", description: "Puts a technician on the job." },
};

const kindWords: Record<string, { label: string; description: string }> = {
  condition: { label: "Check", description: "Checks something about the record and goes one way if it holds (Yes), another if not (No)." },
  delay: { label: "Wait", description: "Waits a while, or until a moment such as a day before the job." },
  loop: { label: "Repeat", description: "Does the steps inside it for each item of a list, or a number of times, then goes on." },
  wait_for_reply: { label: "Wait for a reply", description: "Waits for the client to answer a text, up to a time limit." },
  wait_for_event: { label: "Wait for something to happen", description: "Waits until something happens to the same record, such as the invoice being paid, up to a time limit." },
};

const eventWords: Record<string, string> = Object.fromEntries(
  Object.entries(triggerSentences).map(([type, sentence]) => [type, sentence.replace(/^When /, "").replace(/^At /, "")]),
);

const operatorWords: Record<string, string> = {
  eq: "is",
  ne: "is not",
  gt: "is more than",
  gte: "is at least",
  lt: "is less than",
  lte: "is at most",
  in: "is one of",
  contains: "contains",
  changed_to: "changed to",
};

/** `scheduled_start` → "Scheduled start". */
export function humanName(name: string): string {
  const words = name.replace(/Id$/, "").replace(/_id$/, "").replace(/([a-z])([A-Z])/g, "$1 $2").replaceAll("_", " ").trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function actionLabel(words: CatalogWords | null, type: string): string {
  return words?.actions.find((a) => a.type === type)?.label ?? actionWords[type]?.label ?? humanName(type);
}

export function actionDescription(words: CatalogWords | null, type: string): string {
  return words?.actions.find((a) => a.type === type)?.description ?? actionWords[type]?.description ?? actionLabel(words, type);
}

export function actionSentence(words: CatalogWords | null, type: string): string {
  return words?.actions.find((a) => a.type === type)?.sentence ?? actionWords[type]?.sentence ?? actionLabel(words, type).toLowerCase();
}

export function kindPaletteLabel(words: CatalogWords | null, kind: string): string {
  return words?.nodeKinds.find((k) => k.kind === kind)?.label ?? kindWords[kind]?.label ?? humanName(kind);
}

export function kindDescription(words: CatalogWords | null, kind: string): string {
  return words?.nodeKinds.find((k) => k.kind === kind)?.description ?? kindWords[kind]?.description ?? kindPaletteLabel(words, kind);
}

/** The trigger as the start of a sentence, its settings filled in: "When an invoice is 7 days overdue". */
export function triggerSentence(words: CatalogWords | null, type: string, config: Record<string, unknown>): string {
  const template = words?.triggers.find((t) => t.type === type)?.sentence ?? triggerSentences[type] ?? `When: ${humanName(type)}`;
  return template.replace(/\{(\w+)\}/g, (_, key: string) => (config[key] === undefined || config[key] === null ? "some" : String(config[key])));
}

/** What happens to a record, for "wait for": "an invoice is paid". */
export function eventWordsOf(type: string): string {
  return eventWords[type] ?? humanName(type).toLowerCase();
}

/** A record field by its path, in words: `invoice.status` → "Invoice › Status", `steps.reply.intent` → "Reply › Intent". */
export function fieldLabel(words: CatalogWords | null, path: string): string {
  const step = /^steps\.([^.]+)\.(\w+)/.exec(path);
  if (step) {
    const output = fieldOf(words, `steps.${step[1]}.${step[2]}`);
    return `${humanName(step[1]!)} › ${output?.label ?? humanName(step[2]!)}`;
  }
  const field = fieldOf(words, path);
  if (field) {
    const record = words?.records?.find((r) => r.fields.includes(field));
    return `${record?.label ?? humanName(path.split(".")[0] ?? "")} › ${field.label}`;
  }
  return path
    .split(".")
    .map((p) => humanName(p.replace(/\[\d+\]/g, "")))
    .join(" › ");
}

export function fieldOf(words: CatalogWords | null, path: string): FieldWords | undefined {
  const step = /^steps\.[^.]+\.(\w+)$/.exec(path);
  if (step) {
    return [...(words?.actions ?? []), ...(words?.nodeKinds ?? [])].flatMap((a) => a.outputs ?? []).find((o) => o.name === step[1]);
  }
  for (const record of words?.records ?? []) {
    const field = record.fields.find((f) => f.path === path);
    if (field) {
      return field;
    }
  }
  return undefined;
}

/** A value as a person reads it: a choice by its label, yes/no, a list joined. */
export function valueWords(words: CatalogWords | null, path: string, value: unknown): string {
  if (Array.isArray(value)) {
    return value.map((v) => valueWords(words, path, v)).join(", ");
  }
  if (typeof value === "boolean") {
    return value ? "yes" : "no";
  }
  if (value === null || value === undefined) {
    return "empty";
  }
  const choice = fieldOf(words, path)?.choices?.find((c) => c.value === String(value));
  if (choice) {
    return choice.label;
  }
  const text = String(value);
  return /^[a-z]+(_[a-z]+)+$/.test(text) || /^[a-z]+$/.test(text) ? humanName(text) : text;
}

/** One rule of a check in words: "Invoice › Status is Sent", "Client › Email is filled in". */
export function ruleWords(words: CatalogWords | null, rule: { field?: unknown; op?: unknown; value?: unknown }): string {
  const field = typeof rule.field === "string" ? rule.field : "";
  const op = typeof rule.op === "string" ? rule.op : "eq";
  const label = field ? fieldLabel(words, field) : "(a field)";
  if (op === "exists") {
    return `${label} ${rule.value === false ? "is empty" : "is filled in"}`;
  }
  const opLabel = words?.operatorLabels?.find((o) => o.op === op)?.label ?? operatorWords[op] ?? op;
  return `${label} ${opLabel} ${valueWords(words, field, rule.value)}`;
}

/** A check's rules in words, joined by "and" (all) or "or" (any), nested groups in brackets. */
export function conditionWords(words: CatalogWords | null, group: unknown): string {
  if (typeof group !== "object" || group === null) {
    return "";
  }
  const g = group as Record<string, unknown>;
  const match = Array.isArray(g.all) ? "all" : Array.isArray(g.any) ? "any" : null;
  if (!match) {
    return "";
  }
  const parts = (g[match] as unknown[]).map((item) => {
    if (typeof item === "object" && item !== null && ("all" in item || "any" in item)) {
      return `(${conditionWords(words, item)})`;
    }
    return ruleWords(words, item as Record<string, unknown>);
  });
  return parts.join(match === "all" ? " and " : " or ");
}

const unitWords: [string, string, string][] = [
  ["Y", "year", "years"],
  ["M", "month", "months"],
  ["W", "week", "weeks"],
  ["D", "day", "days"],
  ["H", "hour", "hours"],
  ["MIN", "minute", "minutes"],
  ["S", "second", "seconds"],
];

/** `PT2H30M` → "2 hours 30 minutes", `P3D` → "3 days", `-PT24H` → "24 hours" (the sign is the caller's: before/after). */
export function durationWords(iso: string): string {
  const match = /^-?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso);
  if (!match || iso.endsWith("P") || iso.endsWith("T")) {
    return "some time";
  }
  const parts = match
    .slice(1)
    .map((n, i) => (n ? `${n} ${n === "1" ? unitWords[i]![1] : unitWords[i]![2]}` : null))
    .filter(Boolean);
  return parts.join(" ") || "no time";
}

/** Liquid text as a person reads it: each `{{ client.first_name }}` as [Client › First name], tags left out. */
export function plainTemplate(words: CatalogWords | null, text: string): string {
  return text
    .replace(/\{%-?[\s\S]*?-?%\}/g, "")
    .replace(/\{\{-?\s*([\w.[\]]+)[^}]*?-?\}\}/g, (_, path: string) => `[${fieldLabel(words, path)}]`)
    .replace(/\s+/g, " ")
    .trim();
}

const sectionWords: Record<string, string> = { retry: "Retries", schedule: "Schedule", onlyIf: "Only if", triggerType: "What starts it" };

/**
 * Where a problem is, in words, from its field: `config.subject` → "Subject", `config.all[0].value` → "Rule 1 › Value",
 * `retry.maxAttempts` → "Retries › Max attempts", `triggerConfig.daysOverdue` → "Days overdue".
 */
export function fieldWords(field: string): string {
  return field
    .split(".")
    .filter((part, index) => !(index === 0 && (part === "config" || part === "triggerConfig" || part === "data")))
    .map((part) => {
      const rule = /^(all|any)\[(\d+)\]$/.exec(part);
      if (rule) {
        return `Rule ${Number(rule[2]) + 1}`;
      }
      const item = /^(\w+)\[(\d+)\]$/.exec(part);
      return item ? `${humanName(item[1]!)} ${Number(item[2]) + 1}` : (sectionWords[part] ?? humanName(part));
    })
    .join(" › ");
}
