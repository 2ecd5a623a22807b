import type { components } from "../api/schema";
import type { Catalog } from "./builderApi";

/**
 * The catalog's words for the plain controls (issue 21: records with labelled fields, step outputs, operators in words,
 * date formats, the money filter), as the API types them.
 */
export type RecordField = components["schemas"]["CatalogField"];
export type FieldKind = RecordField["kind"];
export type Choice = NonNullable<RecordField["choices"]>[number];
export type CatalogRecord = Catalog["records"][number];
export type OperatorLabel = Catalog["operatorLabels"][number];
export type DateFormat = Catalog["dateFormats"][number];

export type PlainCatalog = Catalog;

type Labelled = { label?: string | null; description?: string | null; sentence?: string | null; outputs?: RecordField[] | null };

/** The plain keys of a catalog trigger, action or node kind (label, description, outputs). */
export function plainOf(entry: unknown): Labelled {
  return (entry ?? {}) as Labelled;
}
