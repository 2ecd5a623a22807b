import { useCallback, useEffect, useRef } from "react";
import { useNodesInitialized, useReactFlow, useStoreApi } from "@xyflow/react";
import { keyOf, type Draft } from "../draft";
import type { StepNode } from "../graph";
import { layOut, nodeSize, readableZoom } from "../layout";
import type { DraftChange } from "./useDraftHistory";

/**
 * Where the view opens, and the layout once nodes are measured. A workflow that fits at a readable zoom (at most 1) is
 * shown whole; a longer one opens at the readable zoom with its trigger at the top (the rest is scrolled to). A definition laid out on opening is laid out again once its nodes are measured, if
 * one turned out taller or of another width than the layout assumed (a column would be off centre, or two overlap); that is
 * no edit (it stays saved).
 */
export function useCanvasLayout(
  draft: Draft,
  laidOut: boolean,
  quietly: (change: DraftChange) => void,
  commit: (change: DraftChange) => void,
  movedAsSaved: (before: string, after: string) => void,
) {
  const flow = useReactFlow();
  const store = useStoreApi();
  const frame = useCallback(
    (nodes: StepNode[]) => {
      const { width, height } = store.getState();
      const start = nodes.find((n) => n.type === "trigger") ?? nodes[0];
      if (!start || width === 0) {
        return;
      }
      const bounds = flow.getNodesBounds(nodes);
      const fit = Math.min((width * 0.9) / Math.max(bounds.width, 1), (height * 0.9) / Math.max(bounds.height, 1), 1);
      if (fit >= readableZoom) {
        void flow.fitView({ padding: 0.1, maxZoom: 1, minZoom: readableZoom });
        return;
      }
      const zoom = readableZoom;
      const across = bounds.width * zoom <= width ? bounds.x + bounds.width / 2 : start.position.x + (start.measured?.width ?? nodeSize.width) / 2;
      void flow.setViewport({ x: width / 2 - across * zoom, y: 24 - start.position.y * zoom, zoom });
    },
    [flow, store],
  );

  const measured = useNodesInitialized();
  const relaid = useRef(!laidOut);
  useEffect(() => {
    if (!measured || relaid.current || !draft.nodes.every((n) => n.measured?.height)) {
      return;
    }
    relaid.current = true;
    // Nodes are as wide as their content: any width other than the assumed one puts a node off its column's centre.
    if (!draft.nodes.some((n) => (n.measured?.height ?? 0) > nodeSize.height || (n.measured?.width ?? nodeSize.width) !== nodeSize.width)) {
      return;
    }
    const present = { ...draft, nodes: layOut(draft.nodes, draft.edges) };
    quietly(() => present);
    movedAsSaved(keyOf(draft), keyOf(present));
    requestAnimationFrame(() => frame(present.nodes));
  }, [measured, draft, frame, quietly, movedAsSaved]);

  const tidy = () => {
    const nodes = layOut(draft.nodes, draft.edges);
    commit((d) => ({ ...d, nodes }));
    requestAnimationFrame(() => frame(nodes));
  };
  return { frame, tidy };
}
