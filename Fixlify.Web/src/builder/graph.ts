import type { Edge, Node } from "@xyflow/react";

/** What a node carries, as the engine reads it (`data` of a React Flow node): the action's type and config, its label, retry… */
export type StepData = {
  label?: string;
  actionType?: string;
  config?: Record<string, unknown>;
  retry?: Record<string, unknown>;
  continueOnError?: boolean;
  onlyIf?: Record<string, unknown>;
  [key: string]: unknown;
};

export type StepNode = Node<StepData>;

/** The definition as the API stores it: a React Flow graph, or linear steps (which the builder turns into a graph). */
export type Definition = {
  nodes?: unknown[];
  edges?: unknown[];
  steps?: unknown[];
};

/** The graph the canvas edits; `laidOut` says positions were computed (the definition had none). */
export type Graph = { nodes: StepNode[]; edges: Edge[]; laidOut: boolean };

export const triggerId = "trigger";

type RawNode = { id?: unknown; type?: unknown; position?: unknown; data?: unknown };
type RawEdge = { id?: unknown; source?: unknown; target?: unknown; sourceHandle?: unknown };
type RawStep = { id?: unknown; type?: unknown; label?: unknown; then?: unknown; else?: unknown; body?: unknown; [key: string]: unknown };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function position(value: unknown): { x: number; y: number } | null {
  return isObject(value) && typeof value.x === "number" && typeof value.y === "number" ? { x: value.x, y: value.y } : null;
}

export function edgeId(source: string, handle: string | null | undefined, target: string): string {
  return `${source}${handle ? `:${handle}` : ""}->${target}`;
}

/**
 * A saved definition as a graph for the canvas. A graph keeps its nodes, edges and positions (nodes without a position are
 * marked for layout); linear steps become nodes and edges with the ids the compiler gives them (`step-0`,
 * `step-1-then-0`), so the dry run's and the step counts' keys still name them: a condition's `then` list hangs off its
 * `true` handle and its `else` list off `false` (or `false` goes on to the next step), a loop's `body` off `body` and the
 * next step off `done`.
 */
export function toGraph(definition: Definition): Graph {
  const rawNodes = (definition.nodes ?? []) as RawNode[];
  if (rawNodes.length > 0) {
    let missing = false;
    const nodes: StepNode[] = rawNodes.map((raw, index) => {
      const at = position(raw.position);
      missing ||= at === null;
      return {
        id: typeof raw.id === "string" ? raw.id : `node-${index}`,
        type: typeof raw.type === "string" ? raw.type : "unknown",
        position: at ?? { x: 0, y: 0 },
        data: isObject(raw.data) ? (structuredClone(raw.data) as StepData) : {},
      };
    });
    const edges: Edge[] = ((definition.edges ?? []) as RawEdge[]).map((raw) => {
      const source = String(raw.source ?? "");
      const target = String(raw.target ?? "");
      const handle = typeof raw.sourceHandle === "string" && raw.sourceHandle !== "" ? raw.sourceHandle : null;
      return { id: typeof raw.id === "string" ? raw.id : edgeId(source, handle, target), source, target, sourceHandle: handle };
    });
    return { nodes, edges, laidOut: missing };
  }

  const nodes: StepNode[] = [{ id: triggerId, type: "trigger", position: { x: 0, y: 0 }, data: {} }];
  const edges: Edge[] = [];
  const connect = (source: string, handle: string | null, target: string | null) => {
    if (target !== null) {
      edges.push({ id: edgeId(source, handle, target), source, target, sourceHandle: handle });
    }
  };
  const idOf = (step: RawStep, path: string) =>
    typeof step.id === "string" && step.id.length > 0 ? step.id : path.replaceAll("steps", "step").replaceAll("[", "-").replaceAll("]", "").replaceAll(".", "-");

  /** Adds a list's steps; returns the first step's id, or `continuation` when the list is empty. */
  const readList = (list: unknown, path: string, continuation: string | null): string | null => {
    const steps = (Array.isArray(list) ? list : []).filter(isObject) as RawStep[];
    const ids = steps.map((step, i) => idOf(step, `${path}[${i}]`));
    steps.forEach((step, i) => {
      const id = ids[i]!;
      const next = ids[i + 1] ?? continuation;
      const { id: _id, type, label, then, else: otherwise, body, ...rest } = step;
      const kind = typeof type === "string" ? type : "unknown";
      const data: StepData = { ...(structuredClone(rest) as StepData) };
      if (typeof label === "string") {
        data.label = label;
      }
      nodes.push({ id, type: kind, position: { x: 0, y: 0 }, data });
      if (kind === "condition") {
        connect(id, "true", readList(then, `${path}[${i}].then`, next));
        connect(id, "false", otherwise === undefined ? next : readList(otherwise, `${path}[${i}].else`, next));
      } else if (kind === "loop") {
        connect(id, "body", readList(body, `${path}[${i}].body`, null));
        connect(id, "done", next);
      } else {
        connect(id, null, next);
      }
    });
    return ids[0] ?? continuation;
  };
  connect(triggerId, null, readList(definition.steps, "steps", null));
  return { nodes, edges, laidOut: true };
}

/** The graph as the API saves it: `{id, type, position, data}` nodes and `{id, source, target, sourceHandle}` edges, nothing of the canvas's own state. */
export function toDefinition(nodes: StepNode[], edges: Edge[]): { nodes: unknown[]; edges: unknown[] } {
  return {
    nodes: nodes.map((node) => ({
      id: node.id,
      type: node.type,
      position: { x: Math.round(node.position.x), y: Math.round(node.position.y) },
      data: withoutEmpty(node.data),
    })),
    edges: edges.map((edge) =>
      edge.sourceHandle
        ? { id: edge.id, source: edge.source, target: edge.target, sourceHandle: edge.sourceHandle }
        : { id: edge.id, source: edge.source, target: edge.target },
    ),
  };
}

/** Drops keys whose value is undefined (a cleared form field), so a saved definition holds only what was set. */
function withoutEmpty(data: StepData): StepData {
  const copy: StepData = {};
  for (const [key, value] of Object.entries(data)) {
    if (value !== undefined) {
      copy[key] = value;
    }
  }
  return copy;
}

/** The handles a node of `kind` leads on from (null: the one plain edge), as the catalog lists them. */
export function openHandles(node: StepNode, edges: Edge[], handles: (string | null)[]): (string | null)[] {
  const used = new Set(edges.filter((e) => e.source === node.id).map((e) => e.sourceHandle ?? null));
  return handles.filter((h) => !used.has(h));
}

/** A node id not yet used: `email`, `email-2`, … */
export function freshId(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const stem = base.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "").toLowerCase() || "step";
  if (!used.has(stem)) {
    return stem;
  }
  for (let i = 2; ; i++) {
    if (!used.has(`${stem}-${i}`)) {
      return `${stem}-${i}`;
    }
  }
}
