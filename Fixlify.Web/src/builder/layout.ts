import dagre from "@dagrejs/dagre";
import type { Edge } from "@xyflow/react";
import type { StepNode } from "./graph";

/** The size a node is drawn at (CSS `.step-node`), for the layout. */
export const nodeSize = { width: 240, height: 96 };

/**
 * Positions every node top to bottom with dagre (the layered layout graph editors use): the trigger at the top, branches
 * side by side, no edge drawn back over a node. Returns new nodes; edges are unchanged.
 */
export function layOut(nodes: StepNode[], edges: Edge[]): StepNode[] {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: "TB", nodesep: 40, ranksep: 60, marginx: 20, marginy: 20 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) {
    graph.setNode(node.id, { width: nodeSize.width, height: nodeSize.height });
  }
  const ids = new Set(nodes.map((n) => n.id));
  for (const edge of edges) {
    if (ids.has(edge.source) && ids.has(edge.target)) {
      graph.setEdge(edge.source, edge.target);
    }
  }
  dagre.layout(graph);
  return nodes.map((node) => {
    const placed = graph.node(node.id);
    return placed ? { ...node, position: { x: Math.round(placed.x - nodeSize.width / 2), y: Math.round(placed.y - nodeSize.height / 2) } } : node;
  });
}
