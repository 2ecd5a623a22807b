import type { Edge } from "@xyflow/react";
import { toDefinition, type StepNode } from "./graph";
import { triggerLabel } from "../ui/labels";

/** What the person edits: the workflow's settings and its graph. */
export type Draft = {
  name: string;
  triggerType: string;
  triggerConfig: Record<string, unknown>;
  schedule: Record<string, unknown> | null;
  nodes: StepNode[];
  edges: Edge[];
};

/** The draft as `POST /api/workflows/validate`, a save and a dry run take it (always a graph: linear steps are saved as one). */
export function bodyOf(draft: Draft) {
  const { nodes, edges } = toDefinition(draft.nodes, draft.edges);
  return {
    name: draft.name,
    triggerType: draft.triggerType,
    triggerConfig: draft.triggerConfig,
    nodes,
    edges,
    steps: [] as unknown[],
    ...(draft.schedule ? { schedule: draft.schedule } : {}),
  };
}

/** Equal keys: the same workflow (selection and the canvas's own state do not count). */
export function keyOf(draft: Draft): string {
  return JSON.stringify(bodyOf(draft));
}

type SavedNode = { id: string; type?: string; data?: unknown; position?: unknown };
type SavedEdge = { source: string; target: string; sourceHandle?: string | null };

/** What differs between my draft and theirs, in words ("Step “email” changed", "Trigger: Job completed → Job created"). */
export function differences(mine: ReturnType<typeof bodyOf>, theirs: ReturnType<typeof bodyOf>): string[] {
  const lines: string[] = [];
  if (mine.name !== theirs.name) {
    lines.push(`Name: theirs “${theirs.name}”, yours “${mine.name}”`);
  }
  if (mine.triggerType !== theirs.triggerType) {
    lines.push(`Trigger: theirs ${triggerLabel(theirs.triggerType)}, yours ${triggerLabel(mine.triggerType)}`);
  }
  if (JSON.stringify(mine.triggerConfig) !== JSON.stringify(theirs.triggerConfig) || JSON.stringify(mine.schedule ?? null) !== JSON.stringify(theirs.schedule ?? null)) {
    lines.push("The trigger's settings differ");
  }
  const theirNodes = new Map((theirs.nodes as SavedNode[]).map((n) => [n.id, n]));
  const myNodes = new Map((mine.nodes as SavedNode[]).map((n) => [n.id, n]));
  for (const [id, node] of myNodes) {
    const other = theirNodes.get(id);
    if (!other) {
      lines.push(`Step “${id}”: only in yours`);
    } else if (other.type !== node.type || JSON.stringify(other.data) !== JSON.stringify(node.data)) {
      lines.push(`Step “${id}”: settings differ`);
    }
  }
  for (const id of theirNodes.keys()) {
    if (!myNodes.has(id)) {
      lines.push(`Step “${id}”: only in theirs`);
    }
  }
  const edgeKey = (e: SavedEdge) => `${e.source}${e.sourceHandle ? ` (${e.sourceHandle})` : ""} → ${e.target}`;
  const theirEdges = new Set((theirs.edges as SavedEdge[]).map(edgeKey));
  const myEdges = new Set((mine.edges as SavedEdge[]).map(edgeKey));
  for (const e of myEdges) {
    if (!theirEdges.has(e)) {
      lines.push(`Link ${e}: only in yours`);
    }
  }
  for (const e of theirEdges) {
    if (!myEdges.has(e)) {
      lines.push(`Link ${e}: only in theirs`);
    }
  }
  return lines;
}
