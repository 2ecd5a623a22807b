import type { Edge } from "@xyflow/react";
import { edgeId, freshId, type StepData, type StepNode } from "./graph";

/** Copied steps as they travel (the system clipboard's text, and this browser's storage as a fallback). */
export type Copied = { kind: "fixlify-steps"; organizationId: string; nodes: StepNode[]; edges: Edge[] };

const storageKey = "fixlify.clipboard";

/** The selected steps (not the trigger) and the edges among them. */
export function copySteps(nodes: StepNode[], edges: Edge[], organizationId: string): Copied | null {
  const chosen = nodes.filter((n) => n.selected && n.type !== "trigger");
  if (chosen.length === 0) {
    return null;
  }
  const ids = new Set(chosen.map((n) => n.id));
  return {
    kind: "fixlify-steps",
    organizationId,
    nodes: chosen.map(({ id, type, position, data }) => ({ id, type, position, data: structuredClone(data) })),
    edges: edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map(({ id, source, target, sourceHandle }) => ({ id, source, target, sourceHandle })),
  };
}

export function remember(copied: Copied): string {
  const text = JSON.stringify(copied);
  try {
    localStorage.setItem(storageKey, text);
  } catch {
    // Storage full or off: the system clipboard still has it.
  }
  return text;
}

/** Copied steps from text (the system clipboard's), else from this browser's storage; null when there are none. */
export function recall(text?: string | null): Copied | null {
  for (const candidate of [text, safeStorage()]) {
    if (!candidate) {
      continue;
    }
    try {
      const parsed = JSON.parse(candidate) as Partial<Copied>;
      if (parsed.kind === "fixlify-steps" && Array.isArray(parsed.nodes) && Array.isArray(parsed.edges)) {
        return parsed as Copied;
      }
    } catch {
      // Not ours.
    }
  }
  return null;
}

function safeStorage(): string | null {
  try {
    return localStorage.getItem(storageKey);
  } catch {
    return null;
  }
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const secretName = /secret|token|password|passwd|api[-_]?key|authorization|signature|credential/i;

/**
 * The pasted steps with new ids (none clashing with `taken`), placed `offset` to the right and down, selected. Steps copied
 * in another organization carry none of its ids or secrets: literal UUIDs (a technician, a user, a record), header
 * values, fields named like secrets and URL query strings are removed (templates such as `{{ technician.id }}` stay:
 * they name this organization's own records when they run).
 */
export function pasteSteps(copied: Copied, taken: Iterable<string>, organizationId: string, offset = 40): { nodes: StepNode[]; edges: Edge[]; cleaned: boolean } {
  const used = new Set(taken);
  const renamed = new Map<string, string>();
  const foreign = copied.organizationId !== organizationId;
  let cleaned = false;
  const nodes = copied.nodes.map((node) => {
    const id = freshId(node.id, used);
    used.add(id);
    renamed.set(node.id, id);
    let data = structuredClone(node.data) as StepData;
    if (foreign) {
      const scrubbed = scrub(data) as StepData;
      cleaned ||= JSON.stringify(scrubbed) !== JSON.stringify(data);
      data = scrubbed;
    }
    return { id, type: node.type, position: { x: node.position.x + offset, y: node.position.y + offset }, data, selected: true };
  });
  const edges = copied.edges
    .filter((e) => renamed.has(e.source) && renamed.has(e.target))
    .map((e) => {
      const source = renamed.get(e.source)!;
      const target = renamed.get(e.target)!;
      return { id: edgeId(source, e.sourceHandle, target), source, target, sourceHandle: e.sourceHandle ?? null };
    });
  return { nodes, edges, cleaned };
}

function scrub(value: unknown, key = ""): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => scrub(item)).filter((item) => item !== undefined);
  }
  if (typeof value === "object" && value !== null) {
    const result: Record<string, unknown> = {};
    for (const [name, inner] of Object.entries(value)) {
      if (secretName.test(name)) {
        continue;
      }
      if (name === "headers" && typeof inner === "object" && inner !== null) {
        result[name] = Object.fromEntries(Object.keys(inner).map((header) => [header, ""]));
        continue;
      }
      const cleaned = scrub(inner, name);
      if (cleaned !== undefined) {
        result[name] = cleaned;
      }
    }
    return result;
  }
  if (typeof value === "string") {
    if (uuid.test(value.trim())) {
      return undefined;
    }
    if ((key === "url" || key.endsWith("Url")) && value.includes("?") && !value.includes("{{")) {
      return value.slice(0, value.indexOf("?"));
    }
  }
  return value;
}
