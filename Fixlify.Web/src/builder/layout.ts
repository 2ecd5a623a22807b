import dagre from "@dagrejs/dagre";
import type { Edge } from "@xyflow/react";
import type { StepNode } from "./graph";

/** The size a node is assumed to have before it is drawn (CSS `.step-node` sizes it to its content), for the layout. */
export const nodeSize = { width: 240, height: 130 };

/** The smallest text on a node, in CSS pixels at zoom 1 (`.step-node` and its notes, builder.css). */
export const smallestNodeText = 13;

/** The smallest zoom the canvas allows: the smallest node text stays 12 px or larger on screen, so a long flow scrolls. */
export const readableZoom = Math.ceil((12 / smallestNodeText) * 100) / 100;

const sizeOf = (node: StepNode) => ({ width: node.measured?.width ?? nodeSize.width, height: node.measured?.height ?? nodeSize.height });

/** The order a node's outputs are drawn in, left to right: Yes before No, Each before After. */
const handleOrder = (handle: string | null | undefined) => ({ true: 0, body: 0, false: 1, done: 1 })[handle ?? ""] ?? 0;

function run(nodes: StepNode[], edges: Edge[], reorder: boolean) {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: "TB", nodesep: 60, ranksep: 70, marginx: 20, marginy: 20 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) {
    graph.setNode(node.id, sizeOf(node));
  }
  const ids = new Set(nodes.map((n) => n.id));
  for (const edge of [...edges].sort((a, b) => handleOrder(a.sourceHandle) - handleOrder(b.sourceHandle))) {
    if (ids.has(edge.source) && ids.has(edge.target)) {
      graph.setEdge(edge.source, edge.target);
    }
  }
  dagre.layout(graph, { disableOptimalOrderHeuristic: !reorder });
  return graph;
}

/** Whether some node's first output (Yes, Each) leads to a step placed right of its second's (No, After): their lines would cross. */
function crossed(graph: ReturnType<typeof run>, edges: Edge[]): boolean {
  const bySource = new Map<string, Edge[]>();
  for (const edge of edges) {
    bySource.set(edge.source, [...(bySource.get(edge.source) ?? []), edge]);
  }
  for (const outgoing of bySource.values()) {
    const first = outgoing.find((e) => handleOrder(e.sourceHandle) === 0 && e.sourceHandle);
    const second = outgoing.find((e) => handleOrder(e.sourceHandle) === 1);
    if (first && second && (graph.node(first.target)?.x ?? 0) > (graph.node(second.target)?.x ?? 0)) {
      return true;
    }
  }
  return false;
}

/**
 * Positions every node top to bottom with dagre (the layered layout graph editors use): the trigger at the top, a
 * check's Yes branch left of its No branch, no edge drawn back over a node, each node at its drawn size. Returns new
 * nodes; edges are unchanged.
 */
export function layOut(nodes: StepNode[], edges: Edge[]): StepNode[] {
  // Ordering to reduce crossings is most of the time on large graphs (about 0.5 s at 300 nodes); the builder's graphs are
  // nearly trees, where the first order (outputs left to right) is already good.
  let graph = run(nodes, edges, nodes.length <= 60);
  if (nodes.length <= 60 && crossed(graph, edges)) {
    graph = run(nodes, edges, false);
  }
  return nodes.map((node) => {
    const placed = graph.node(node.id);
    const { width, height } = sizeOf(node);
    return placed ? { ...node, position: { x: Math.round(placed.x - width / 2), y: Math.round(placed.y - height / 2) } } : node;
  });
}

/**
 * The nodes as drawn: a node that a taller one above it would cover (a dry run's or a live run's notes make a node taller)
 * is moved down until it is clear, and so on down the flow. Only what is shown moves: the saved positions stay.
 */
export function makeRoom(nodes: StepNode[], gap = 24): StepNode[] {
  const order = nodes
    .map((node, index) => ({ node, index, ...sizeOf(node), x: node.position.x, y: node.position.y }))
    .sort((a, b) => a.y - b.y || a.x - b.x);
  const placed: typeof order = [];
  let moved = false;
  for (const box of order) {
    if (!box.node.dragging) {
      for (let changed = true; changed; ) {
        changed = false;
        for (const above of placed) {
          const besides = above.x >= box.x + box.width || box.x >= above.x + above.width;
          if (!besides && above.y < box.y + box.height && box.y < above.y + above.height + gap) {
            box.y = above.y + above.height + gap;
            changed = moved = true;
          }
        }
      }
    }
    placed.push(box);
  }
  if (!moved) {
    return nodes;
  }
  const shown = [...nodes];
  for (const box of order) {
    if (box.y !== box.node.position.y) {
      shown[box.index] = { ...box.node, position: { x: box.x, y: box.y } };
    }
  }
  return shown;
}
