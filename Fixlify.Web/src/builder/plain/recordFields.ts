import type { CatalogRecord, Choice } from "../plainCatalog";
import { fieldTitle } from "../formSchema";

type Schema = Record<string, unknown>;

/** One field a step sets: the column's name (stored) and its value (a template, a number, or yes/no). */
export type FieldRow = { name: string; value: unknown };

/** A writable field in words: "Confirmed by the client", a datetime. */
export type WritableField = { name: string; label: string; kind: string; choices: Choice[] };

/**
 * The fields an "Update a record" step may write, per record, read from its config schema's rules
 * (`{"allOf": [{"oneOf": [{"properties": {"record": {"const": "job"}, "fields": {"propertyNames": {"enum": [...]}}}}]}]}`).
 * Null when the schema does not say (then the generic editor is kept).
 */
export function writableByRecord(schema: Schema | null | undefined): Record<string, string[]> | null {
  const found: Record<string, string[]> = {};
  const visit = (node: unknown) => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (node === null || typeof node !== "object") {
      return;
    }
    const properties = (node as Schema).properties as Record<string, Schema> | undefined;
    const record = properties?.record?.const;
    const names = ((properties?.fields?.propertyNames as Schema | undefined)?.enum ?? null) as unknown;
    if (typeof record === "string" && Array.isArray(names)) {
      found[record] = names.filter((n): n is string => typeof n === "string");
      return;
    }
    for (const key of ["allOf", "oneOf", "anyOf"]) {
      visit((node as Schema)[key]);
    }
  };
  visit(schema?.allOf);
  return Object.keys(found).length > 0 ? found : null;
}

/** The writable fields of `record` in words, from the catalog's records (a column it does not list keeps its name in words). */
export function writableFields(record: string, writable: Record<string, string[]>, records: CatalogRecord[]): WritableField[] {
  const labelled = records.find((r) => r.name === record)?.fields ?? [];
  return (writable[record] ?? []).map((name) => {
    const field = labelled.find((f) => f.name === name);
    return { name, label: field?.label ?? fieldTitle(name), kind: field?.kind ?? "text", choices: field?.choices ?? [] };
  });
}

/** A record's name in words: "job" → "Job". */
export function recordLabel(record: string, records: CatalogRecord[]): string {
  return records.find((r) => r.name === record)?.label ?? fieldTitle(record);
}

/** The config's `fields` object as rows, in its order. */
export function rowsOf(fields: unknown): FieldRow[] {
  return fields !== null && typeof fields === "object" && !Array.isArray(fields) ? Object.entries(fields as Record<string, unknown>).map(([name, value]) => ({ name, value })) : [];
}

/** The rows back as the `fields` object, in their order (a row without a field chosen yet is left out). */
export function fieldsOf(rows: FieldRow[]): Record<string, unknown> {
  return Object.fromEntries(rows.filter((r) => r.name !== "").map((r) => [r.name, r.value]));
}

/** How a row's value is shown: a menu of the field's choices, yes or no, or text with chips. */
export function valueControl(field: WritableField | undefined, value: unknown): "choice" | "yesno" | "message" {
  if (field?.kind === "choice" && field.choices.length > 0 && (value === "" || value === undefined || field.choices.some((c) => c.value === value))) {
    return "choice";
  }
  if (field?.kind === "boolean" && (value === undefined || typeof value === "boolean")) {
    return "yesno";
  }
  return "message";
}
