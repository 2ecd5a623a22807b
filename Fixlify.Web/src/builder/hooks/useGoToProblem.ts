import { useReactFlow } from "@xyflow/react";
import type { Draft } from "../draft";
import { nodeSize } from "../layout";
import type { PlacedProblem } from "../problems";
import type { DraftChange } from "./useDraftHistory";

/** A problem in the list, followed: its step selected and brought into view, the focus on its field (or the panel's heading). */
export function useGoToProblem(draft: Draft, quietly: (change: DraftChange) => void) {
  const flow = useReactFlow();
  return (problem: PlacedProblem) => {
    if (!problem.nodeId) {
      document.getElementById("workflow-name")?.focus();
      return;
    }
    quietly((d) => ({ ...d, nodes: d.nodes.map((n) => ({ ...n, selected: n.id === problem.nodeId })) }));
    const node = draft.nodes.find((n) => n.id === problem.nodeId);
    if (node) {
      void flow.setCenter(node.position.x + (node.measured?.width ?? nodeSize.width) / 2, node.position.y + (node.measured?.height ?? nodeSize.height) / 2, {
        zoom: flow.getZoom(),
        duration: 200,
      });
    }
    setTimeout(() => {
      const field = problem.field?.split(".").map((k) => k.replace(/\[\d+\]$/, "")) ?? [];
      const prefix = field[0] === "config" ? `node-${problem.nodeId}` : field[0] === "retry" ? `retry-${problem.nodeId}` : null;
      const target = prefix && field.length > 1 ? document.getElementById([prefix, ...field.slice(1)].join("_")) : null;
      (target ?? document.getElementById("panel-heading"))?.focus();
    }, 50);
  };
}
