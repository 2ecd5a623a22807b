import type { Choice } from "../plainCatalog";

/** One meaning of a reply: its stored name ("confirm", "running_late") and the replies that mean it ("C", "YES"). */
export type MeaningRow = { name: string; replies: string[] };

/** A meaning in words: a known one by the catalog's label ("Confirmed"), a workflow's own by its name ("running late"). */
export function meaningWords(name: string, known: Choice[]): string {
  return known.find((c) => c.value === name)?.label ?? name.replaceAll("_", " ");
}

/** Words typed for a meaning as its stored name: a known label → its value ("Confirmed" → confirm), else "Running late" → running_late. */
export function meaningName(words: string, known: Choice[]): string {
  const trimmed = words.trim();
  const match = known.find((c) => c.label.toLowerCase() === trimmed.toLowerCase());
  if (match) {
    return match.value;
  }
  const name = trimmed.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
  return /^[0-9]/.test(name) ? `n_${name}` : name;
}

/** The step's `intents` as rows, in order. */
export function meaningRows(intents: unknown): MeaningRow[] {
  return intents !== null && typeof intents === "object" && !Array.isArray(intents)
    ? Object.entries(intents as Record<string, unknown>).map(([name, replies]) => ({ name, replies: Array.isArray(replies) ? replies.map(String) : [] }))
    : [];
}

/** Rows back as `intents` (a row without a name yet is left out). */
export function intentsOf(rows: MeaningRow[]): Record<string, string[]> {
  return Object.fromEntries(rows.filter((r) => r.name !== "").map((r) => [r.name, r.replies]));
}

/** "C, YES, OK" ↔ ["C", "YES", "OK"]. */
export const repliesText = (replies: string[]) => replies.join(", ");
export const repliesOf = (text: string) => text.split(",").map((r) => r.trim()).filter((r) => r !== "");
