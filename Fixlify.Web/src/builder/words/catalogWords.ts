import type { Catalog } from "../builderApi";

/** A record field in words, as `GET /api/catalog`'s `records` gives it (PLAIN-CATALOG.md §1). */
export type FieldWords = { name: string; path: string; label: string; kind?: string; choices?: { value: string; label: string }[]; hidden?: boolean };
export type RecordWords = { name: string; label: string; fields: FieldWords[] };
export type OperatorWords = { op: string; label: string; value?: string; kinds?: string[] };

/** The catalog's plain words (labels, sentences, records, operators) where the API gives them; absent keys are allowed. */
export type CatalogWords = {
  records?: RecordWords[];
  operatorLabels?: OperatorWords[];
  triggers: { type: string; label?: string; sentence?: string; description?: string }[];
  actions: { type: string; label?: string; sentence?: string; description?: string; outputs?: FieldWords[] }[];
  nodeKinds: { kind: string; label?: string; description?: string; outputs?: FieldWords[] }[];
};

export const wordsOf = (catalog: Catalog | null | undefined): CatalogWords | null => (catalog as unknown as CatalogWords | null | undefined) ?? null;
