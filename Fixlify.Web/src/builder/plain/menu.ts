import { fieldTitle } from "../formSchema";
import { plainOf, type Choice, type PlainCatalog, type RecordField } from "../plainCatalog";

/** One value a person can pick in a menu: "Invoice › Status", or "The client's reply › What they meant". */
export type MenuItem = {
  path: string;
  /** The group it is listed under: the record ("Invoice") or the step ("The client's reply"). */
  group: string;
  /** The field's own label: "Status". */
  field: string;
  kind: string;
  choices: Choice[];
  /** For an id: the kind of record it names ("technician"), so a value is picked from those records by name. */
  refers?: string;
};

/** An earlier step whose results later steps may use. */
export type StepInfo = { id: string; type: string; actionType?: string; label?: string };

/** "Invoice › Status". */
export const menuLabel = (item: MenuItem) => `${item.group} › ${item.field}`;

/** "Client's first name", "The client's reply: what they meant". */
export function chipLabel(item: MenuItem): string {
  const lower = item.field.charAt(0).toLowerCase() + item.field.slice(1);
  return item.path.startsWith("steps.") ? `${item.group}: ${lower}` : `${item.group}'s ${lower}`;
}

/**
 * What the workflow's fields may be picked from: the trigger's records (and the organization), each field by its label,
 * then the results of `steps` (the earlier ones) in words, from the catalog's `records` and `outputs`.
 */
export function menuOf(catalog: PlainCatalog, triggerType: string, steps: StepInfo[]): MenuItem[] {
  const trigger = catalog.triggers.find((t) => t.type === triggerType);
  const variables = new Set(trigger?.variables ?? []);
  const items: MenuItem[] = [];
  const provided = new Set(["organization", ...(trigger?.records ?? [])]);
  for (const record of catalog.records.filter((r) => provided.has(r.name))) {
    for (const field of record.fields.filter((f) => f.hidden !== true)) {
      const path = field.path ?? `${record.name}.${field.name}`;
      if (variables.size === 0 || variables.has(path)) {
        items.push(item(path, record.label, field));
      }
    }
  }
  // What the trigger's event says beside its record ("Invoice › Days past due": the real figure, not the threshold).
  const entityLabel = catalog.records.find((r) => r.name === trigger?.entity)?.label ?? trigger?.label ?? "Trigger";
  for (const figure of trigger?.figures ?? []) {
    items.push(item(figure.path ?? `trigger.${figure.name}`, entityLabel, figure));
  }
  for (const step of steps) {
    const entry = step.type === "action" ? catalog.actions.find((a) => a.type === step.actionType) : catalog.nodeKinds.find((k) => k.kind === step.type);
    const plain = plainOf(entry);
    const group = step.label?.trim() || plain.label || fieldTitle(step.actionType ?? step.type);
    for (const output of (plain.outputs ?? []).filter((o) => o.hidden !== true)) {
      items.push(item(`steps.${step.id}.${output.name}`, group, output));
    }
  }
  return items;
}

function item(path: string, group: string, field: RecordField): MenuItem {
  return { path, group, field: field.label, kind: field.kind, choices: field.choices ?? [], refers: field.refers ?? undefined };
}

/** The steps before `id` in the graph (those a path of edges leads from to it), in the order they were placed. */
export function earlierSteps<N extends { id: string }>(id: string, nodes: N[], edges: { source: string; target: string }[]): N[] {
  const before = new Set<string>();
  const queue = [id];
  while (queue.length > 0) {
    const target = queue.pop()!;
    for (const edge of edges) {
      if (edge.target === target && !before.has(edge.source)) {
        before.add(edge.source);
        queue.push(edge.source);
      }
    }
  }
  return nodes.filter((n) => before.has(n.id) && n.id !== id);
}
