import { createContext, useContext, useMemo } from "react";
import { useEdges, useNodes } from "@xyflow/react";
import type { CatalogRecord, Choice, DateFormat, OperatorLabel, PlainCatalog } from "../plainCatalog";
import { plainOf } from "../plainCatalog";
import type { StepNode } from "../graph";
import { defaultDateFormats } from "../plain/chips";
import { earlierSteps, menuOf, type MenuItem } from "../plain/menu";
import { fallbackOperators } from "../plain/rule";

/** What the plain controls of one step (or the trigger) may offer: the menu of fields, operators and formats in words. */
export type PlainFields = {
  menu: MenuItem[];
  operators: OperatorLabel[];
  dateFormats: DateFormat[];
  moneyFilter: string;
  /** The words of known values: statuses from the records' choices, event names from the triggers' labels. */
  enumLabels: Map<string, string>;
  /** The catalog's records with their fields in words (an "Update a record" step's fields to change). */
  records?: CatalogRecord[];
  /** What a client's reply can mean, in words (the wait for a reply's `intent` choices). */
  replyMeanings?: Choice[];
  /** The kind of record the trigger is about ("invoice"), when it is about one: a goal's rule reads only its fields. */
  entity?: string;
};

const empty: PlainFields = {
  menu: [],
  operators: fallbackOperators(["eq", "ne", "gt", "gte", "lt", "lte", "in", "contains", "exists"]),
  dateFormats: defaultDateFormats.map((format) => ({ format, example: format, kinds: ["datetime", "date"] as DateFormat["kinds"] })),
  moneyFilter: "currency",
  enumLabels: new Map(),
};

export const PlainFieldsContext = createContext<PlainFields>(empty);

export const usePlainFields = () => useContext(PlainFieldsContext);

/** The plain fields of the step `stepId` (null: the trigger): the trigger's records and the results of the steps before it. */
export function usePlainFieldsOf(catalog: PlainCatalog, triggerType: string, stepId: string | null): PlainFields {
  const nodes = useNodes<StepNode>();
  const edges = useEdges();
  const steps = stepId === null ? [] : earlierSteps(stepId, nodes, edges).filter((n) => n.type !== "trigger");
  const stepsKey = steps.map((n) => `${n.id}\u0000${n.type}\u0000${n.data.actionType ?? ""}\u0000${n.data.label ?? ""}`).join("\u0001");
  return useMemo(
    () => ({
      menu: menuOf(
        catalog,
        triggerType,
        stepsKey === "" ? [] : stepsKey.split("\u0001").map((s) => {
          const [id, type, actionType, label] = s.split("\u0000");
          return { id: id!, type: type!, actionType: actionType || undefined, label: label || undefined };
        }),
      ),
      operators: catalog.operatorLabels,
      dateFormats: catalog.dateFormats,
      moneyFilter: catalog.moneyFilter,
      enumLabels: enumLabelsOf(catalog),
      records: catalog.records,
      replyMeanings: plainOf(catalog.nodeKinds.find((k) => k.kind === "wait_for_reply"))?.outputs?.find((o) => o.name === "intent")?.choices ?? [],
      entity: catalog.triggers.find((t) => t.type === triggerType)?.entity ?? undefined,
    }),
    [catalog, triggerType, stepsKey],
  );
}

/** Every known value's words: the records' choices (statuses), then the triggers' labels (events such as invoice_paid). */
function enumLabelsOf(catalog: PlainCatalog): Map<string, string> {
  const labels = new Map<string, string>();
  for (const field of catalog.records.flatMap((r) => r.fields)) {
    for (const choice of field.choices ?? []) {
      if (!labels.has(choice.value)) {
        labels.set(choice.value, choice.label);
      }
    }
  }
  for (const trigger of catalog.triggers) {
    labels.set(trigger.type, trigger.label);
  }
  return labels;
}
