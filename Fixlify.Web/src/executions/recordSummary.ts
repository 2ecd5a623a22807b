/** What started an execution, in a line: the record and its state ("Job “Fix leak” — completed (was in progress)"). */
export function recordSummary(trigger: unknown): string | null {
  if (typeof trigger !== "object" || trigger === null) {
    return null;
  }
  const t = trigger as Record<string, unknown>;
  if (t.manual === true) {
    return null;
  }
  const row = (typeof t.new === "object" && t.new !== null ? t.new : {}) as Record<string, unknown>;
  const text = (key: string) => (typeof row[key] === "string" || typeof row[key] === "number" ? String(row[key]) : null);
  const status = text("status");
  const change = typeof t.from === "string" && typeof t.to === "string" ? ` (was ${words(t.from)})` : "";
  const state = status ? ` — ${words(status)}${change}` : "";
  const money = (key: string) => (text(key) ? ` for $${Number(text(key)).toFixed(2)}` : "");
  switch (t.entityType) {
    case "job":
      return `Job “${text("title") ?? "untitled"}”${state}`;
    case "invoice":
      return `Invoice ${text("number") ?? ""}${money("total")}${state}`;
    case "estimate":
      return `Estimate ${text("number") ?? ""}${money("total")}${state}`;
    case "client":
      return `Client ${[text("first_name"), text("last_name")].filter(Boolean).join(" ") || text("company") || ""}`.trim();
    default:
      return null;
  }
}

function words(value: string): string {
  return value.replaceAll("_", " ");
}

/** The record an execution is about, as the API names it, in a few words: Job “Fix leak”, Invoice INV-1042. */
export function recordLabel(record: { type: string; label?: string | null } | null | undefined): string | null {
  if (!record) {
    return null;
  }
  const label = record.label?.trim();
  switch (record.type) {
    case "job":
      return `Job “${label || "untitled"}”`;
    case "invoice":
      return `Invoice ${label ?? ""}`.trim();
    case "estimate":
      return `Estimate ${label ?? ""}`.trim();
    case "client":
      return `Client ${label ?? ""}`.trim();
    default:
      return label || null;
  }
}
