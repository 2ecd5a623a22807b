import { useCallback, useMemo } from "react";
import { applyEdgeChanges, applyNodeChanges, type Connection, type Edge, type EdgeChange, type NodeChange, type NodeTypes } from "@xyflow/react";
import type { DryRunStep } from "../builderApi";
import type { Draft } from "../draft";
import { edgeId, triggerId, type StepNode } from "../graph";
import { makeRoom } from "../layout";
import { nodeTitle } from "../nodeText";
import { StepNodeView } from "../StepNodeView";
import type { DraftChange } from "./useDraftHistory";

/**
 * The draft as React Flow draws and edits it: nodes with their accessible names, edges on the dry run's or live run's
 * path marked, and the changes React Flow reports applied to the draft (a drag's end, a removal or a new link is a step
 * to undo; the moves in between and selections are not).
 */
export function useCanvasGraph(
  draft: Draft,
  readOnly: boolean,
  knownKinds: Set<string>,
  dryRunByNode: Map<string, DryRunStep[]>,
  liveSteps: Map<string, string> | null,
  commit: (change: DraftChange) => void,
  quietly: (change: DraftChange) => void,
) {
  const kindsKey = [...new Set(draft.nodes.map((n) => n.type ?? "unknown"))].sort().join();
  const nodeTypes: NodeTypes = useMemo(() => {
    const types: NodeTypes = {};
    for (const kind of [...knownKinds, ...kindsKey.split(",")]) {
      types[kind] = StepNodeView;
    }
    return types;
  }, [knownKinds, kindsKey]);

  const nodes = useMemo(
    () => makeRoom(draft.nodes).map((n) => ({ ...n, ariaLabel: nodeTitle(n.type, n.data, draft.triggerType), deletable: !readOnly && n.type !== "trigger", draggable: !readOnly })),
    [draft.nodes, draft.triggerType, readOnly],
  );

  const onPath = useMemo(() => {
    const visited = new Set(dryRunByNode.keys());
    const liveVisited = new Set(liveSteps?.keys() ?? []);
    const branch = new Map<string, string | null | undefined>();
    for (const [id, steps] of dryRunByNode) {
      branch.set(id, steps[0]?.branch ?? null);
    }
    return (edge: Edge) => {
      const ran =
        (visited.has(edge.target) && (visited.has(edge.source) || edge.source === triggerId)) ||
        (liveVisited.has(edge.target) && (liveVisited.has(edge.source) || edge.source === triggerId));
      const taken = branch.get(edge.source);
      return ran && (!edge.sourceHandle || edge.sourceHandle === "body" || edge.sourceHandle === "done" || taken === edge.sourceHandle || taken === undefined);
    };
  }, [dryRunByNode, liveSteps]);
  const edges = useMemo(
    () => draft.edges.map((e) => ({ ...e, className: onPath(e) ? "on-path" : undefined, animated: onPath(e), deletable: !readOnly })),
    [draft.edges, onPath, readOnly],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<StepNode>[]) => {
      const lasting = changes.some((c) => c.type === "remove" || c.type === "add" || (c.type === "position" && c.dragging === false));
      (lasting ? commit : quietly)((d) => {
        const next = applyNodeChanges(changes, d.nodes);
        const ids = new Set(next.map((n) => n.id));
        return { ...d, nodes: next, edges: d.edges.filter((e) => ids.has(e.source) && ids.has(e.target)) };
      });
    },
    [commit, quietly],
  );
  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const lasting = changes.some((c) => c.type === "remove" || c.type === "add");
      (lasting ? commit : quietly)((d) => ({ ...d, edges: applyEdgeChanges(changes, d.edges) }));
    },
    [commit, quietly],
  );
  const isValidConnection = useCallback(
    (connection: Connection | Edge) =>
      connection.source !== connection.target &&
      draft.nodes.find((n) => n.id === connection.target)?.type !== "trigger" &&
      !draft.edges.some((e) => e.source === connection.source && (e.sourceHandle ?? null) === (connection.sourceHandle ?? null)),
    [draft],
  );
  const onConnect = useCallback(
    (connection: Connection) =>
      commit((d) => ({
        ...d,
        edges: [
          ...d.edges,
          { id: edgeId(connection.source, connection.sourceHandle, connection.target), source: connection.source, target: connection.target, sourceHandle: connection.sourceHandle ?? null },
        ],
      })),
    [commit],
  );
  return { nodes, edges, nodeTypes, onNodesChange, onEdgesChange, isValidConnection, onConnect };
}
