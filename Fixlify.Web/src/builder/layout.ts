import dagre from "@dagrejs/dagre";
import type { Edge } from "@xyflow/react";
import type { StepNode } from "./graph";

/** The size a node is drawn at (CSS `.step-node`: its width, and a height it seldom exceeds), for the layout. */
export const nodeSize = { width: 240, height: 130 };

/**
 * Positions every node top to bottom with dagre (the layered layout graph editors use): the trigger at the top, branches
 * side by side, no edge drawn back over a node. Returns new nodes; edges are unchanged.
 */
export function layOut(nodes: StepNode[], edges: Edge[]): StepNode[] {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: "TB", nodesep: 40, ranksep: 60, marginx: 20, marginy: 20 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) {
    // Measured once drawn (a dry run's or counts' lines make a node taller); the usual size before.
    graph.setNode(node.id, { width: node.measured?.width ?? nodeSize.width, height: node.measured?.height ?? nodeSize.height });
  }
  const ids = new Set(nodes.map((n) => n.id));
  for (const edge of edges) {
    if (ids.has(edge.source) && ids.has(edge.target)) {
      graph.setEdge(edge.source, edge.target);
    }
  }
  // Ordering to reduce crossings is most of the time on large graphs (about 0.5 s at 300 nodes); the builder's graphs
  // are nearly trees, where the first order is already good.
  dagre.layout(graph, { disableOptimalOrderHeuristic: nodes.length > 60 });
  return nodes.map((node) => {
    const placed = graph.node(node.id);
    const width = node.measured?.width ?? nodeSize.width;
    const height = node.measured?.height ?? nodeSize.height;
    return placed ? { ...node, position: { x: Math.round(placed.x - width / 2), y: Math.round(placed.y - height / 2) } } : node;
  });
}
