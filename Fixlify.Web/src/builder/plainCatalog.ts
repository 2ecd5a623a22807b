import type { Catalog } from "./builderApi";

/**
 * What issue 21 adds to `GET /api/catalog` (docs: helpers' PLAIN-CATALOG §1), every key optional: the plain controls
 * read them when the API sends them and fall back to the paths and schema keys otherwise.
 */
export type FieldKind = "text" | "long_text" | "number" | "money" | "date" | "datetime" | "boolean" | "choice" | "email" | "phone" | "id" | "list";

export type Choice = { value: string; label: string };

export type RecordField = { name: string; path?: string; label: string; kind: FieldKind | string; choices?: Choice[] | null; hidden?: boolean | null };

export type CatalogRecord = { name: string; label: string; fields: RecordField[] };

export type OperatorLabel = { op: string; label: string; value: "one" | "many" | "none" | string; kinds: string[] };

export type DateFormat = { format: string; example: string; kinds: string[] };

export type PlainCatalog = Catalog & {
  records?: CatalogRecord[] | null;
  operatorLabels?: OperatorLabel[] | null;
  dateFormats?: DateFormat[] | null;
  moneyFilter?: string | null;
};

type Labelled = { label?: string | null; description?: string | null; sentence?: string | null; outputs?: RecordField[] | null };

/** The plain keys of a catalog trigger, action or node kind (label, description, outputs), when the API sends them. */
export function plainOf(entry: unknown): Labelled {
  return (entry ?? {}) as Labelled;
}
