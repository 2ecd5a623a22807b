/**
 * The chip grammar of a message field (helpers' PLAIN-CATALOG §2): plain text with chips, each chip exactly one Liquid
 * output tag `{{ PATH }}`, `{{ PATH | currency }}` or `{{ PATH | date: "FORMAT" }}`, optionally followed by
 * `| default: "TEXT"`. Anything else (a `{% %}` tag, another filter, filters in another order) cannot be shown as chips.
 */
export type ChipFormat = { kind: "money" } | { kind: "date"; format: string } | null;

export type Chip = {
  path: string;
  format: ChipFormat;
  /** Shown when the value is empty: `| default: "your technician"`. */
  fallback: string | null;
  /** The tag as written, kept so an untouched chip is saved byte for byte. */
  raw?: string;
};

export type Segment = string | Chip;

/** The date formats a chip may use when the catalog sends none (the contract's list). */
export const defaultDateFormats = ["%A, %B %-d at %-I:%M %p", "%A, %B %-d", "%B %-d, %Y", "%-I:%M %p"];

const path = String.raw`[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*`;
const quoted = String.raw`"([^"]*)"`;

/**
 * The text as segments, or null when something in it is not a chip: the field then stays in code view.
 * `dateFormats` are the formats a date chip may use; `moneyFilter` the filter that formats money.
 */
export function parseChips(text: string, dateFormats: string[] = defaultDateFormats, moneyFilter = "currency"): Segment[] | null {
  const tag = new RegExp(
    String.raw`^\{\{\s*(${path})\s*(?:\|\s*(${escape(moneyFilter)})\s*|\|\s*date:\s*${quoted}\s*)?(?:\|\s*default:\s*${quoted}\s*)?\}\}$`,
  );
  const segments: Segment[] = [];
  let at = 0;
  for (const match of text.matchAll(/\{\{[\s\S]*?\}\}/g)) {
    const before = text.slice(at, match.index);
    if (!plainText(before)) {
      return null;
    }
    const parts = tag.exec(match[0]);
    if (!parts || (parts[3] !== undefined && !dateFormats.includes(parts[3]))) {
      return null;
    }
    if (before !== "") {
      segments.push(before);
    }
    const format: ChipFormat = parts[2] !== undefined ? { kind: "money" } : parts[3] !== undefined ? { kind: "date", format: parts[3] } : null;
    segments.push({ path: parts[1]!, format, fallback: parts[4] ?? null, raw: match[0] });
    at = match.index + match[0].length;
  }
  const rest = text.slice(at);
  if (!plainText(rest)) {
    return null;
  }
  if (rest !== "") {
    segments.push(rest);
  }
  return segments;
}

/** Text between chips: nothing Liquid would read as a tag. */
function plainText(text: string): boolean {
  return !text.includes("{{") && !text.includes("{%");
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** One chip as Liquid: as it was written when untouched, else `{{ invoice.total | currency }}`. */
export function chipLiquid(chip: Chip, moneyFilter = "currency"): string {
  if (chip.raw !== undefined) {
    return chip.raw;
  }
  const format = chip.format?.kind === "money" ? ` | ${moneyFilter}` : chip.format?.kind === "date" ? ` | date: "${chip.format.format}"` : "";
  const fallback = chip.fallback !== null ? ` | default: "${chip.fallback.replaceAll('"', "'")}"` : "";
  return `{{ ${chip.path}${format}${fallback} }}`;
}

/** The segments as the field's text. */
export function chipsToText(segments: Segment[], moneyFilter = "currency"): string {
  return segments.map((segment) => (typeof segment === "string" ? segment : chipLiquid(segment, moneyFilter))).join("");
}

/** The format a new chip takes by its field's kind: money in the organization's currency, dates and times friendly. */
export function defaultFormat(kind: string, dateFormats: { format: string; kinds: string[] }[] = []): ChipFormat {
  if (kind === "money") {
    return { kind: "money" };
  }
  if (kind === "datetime") {
    return { kind: "date", format: dateFormats.find((f) => f.kinds.includes("datetime"))?.format ?? defaultDateFormats[0]! };
  }
  if (kind === "date") {
    return { kind: "date", format: "%B %-d, %Y" };
  }
  return null;
}

/** The paths a text's chips use (to tell whether every one is in the menus). */
export function chipPaths(segments: Segment[]): string[] {
  return segments.filter((s): s is Chip => typeof s !== "string").map((chip) => chip.path);
}
