import type { Workflow } from "../api/types";
import type { Draft } from "./draft";
import { toGraph } from "./graph";

/** A saved workflow as the builder's draft (positions as saved; see `needsLayout`). */
export function draftOf(workflow: Workflow): Draft {
  const graph = toGraphOf(workflow);
  return {
    name: workflow.name,
    triggerType: workflow.triggerType,
    triggerConfig: (workflow.triggerConfig ?? {}) as Record<string, unknown>,
    schedule: (workflow.schedule as Record<string, unknown> | null) ?? null,
    nodes: graph.nodes,
    edges: graph.edges,
  };
}

/** Whether the saved definition has no positions (linear steps, or a graph without them): the builder lays it out. */
export function needsLayout(workflow: Workflow): boolean {
  return toGraphOf(workflow).laidOut;
}

function toGraphOf(workflow: Workflow) {
  return toGraph({ nodes: workflow.nodes, edges: workflow.edges, steps: workflow.steps });
}
