import { useCallback, useEffect, useRef } from "react";
import { useNodesInitialized, useReactFlow } from "@xyflow/react";
import { keyOf, type Draft } from "../draft";
import type { StepNode } from "../graph";
import { layOut, nodeSize } from "../layout";
import type { DraftChange } from "./useDraftHistory";

/**
 * Where the view opens, and the layout once nodes are measured. A workflow that fits at a readable size is shown whole;
 * a long one opens at its trigger. A definition laid out on opening is laid out again once its nodes are measured, if
 * one turned out bigger than the size the layout assumed (only then could two overlap); that is no edit (it stays saved).
 */
export function useCanvasLayout(
  draft: Draft,
  laidOut: boolean,
  quietly: (change: DraftChange) => void,
  commit: (change: DraftChange) => void,
  movedAsSaved: (before: string, after: string) => void,
) {
  const flow = useReactFlow();
  const frame = useCallback(
    (nodes: StepNode[]) => {
      const start = nodes.find((n) => n.type === "trigger") ?? nodes[0];
      if (nodes.length <= 40 || !start) {
        void flow.fitView({ padding: 0.15, maxZoom: 1 });
      } else {
        void flow.setCenter(start.position.x + nodeSize.width / 2, start.position.y + 320, { zoom: 0.8 });
      }
    },
    [flow],
  );

  const measured = useNodesInitialized();
  const relaid = useRef(!laidOut);
  useEffect(() => {
    if (!measured || relaid.current || !draft.nodes.every((n) => n.measured?.height)) {
      return;
    }
    relaid.current = true;
    if (!draft.nodes.some((n) => (n.measured?.height ?? 0) > nodeSize.height || (n.measured?.width ?? 0) > nodeSize.width)) {
      return;
    }
    const present = { ...draft, nodes: layOut(draft.nodes, draft.edges) };
    quietly(() => present);
    movedAsSaved(keyOf(draft), keyOf(present));
    requestAnimationFrame(() => frame(present.nodes));
  }, [measured, draft, frame, quietly, movedAsSaved]);

  const tidy = () => {
    commit((d) => ({ ...d, nodes: layOut(d.nodes, d.edges) }));
    requestAnimationFrame(() => void flow.fitView({ padding: 0.15 }));
  };
  return { frame, tidy };
}
