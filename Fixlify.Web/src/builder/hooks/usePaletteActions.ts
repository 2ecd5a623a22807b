import { useMemo, useState, type DragEvent } from "react";
import { useReactFlow } from "@xyflow/react";
import type { Draft } from "../draft";
import { edgeId, freshId, openHandles, type StepData, type StepNode } from "../graph";
import { nodeSize } from "../layout";
import { nodeTitle } from "../nodeText";
import { outputLabel, paletteMime, type PaletteItem } from "../Palette";
import type { DraftChange } from "./useDraftHistory";

const idWords: Record<string, string> = { delay: "wait", condition: "check", loop: "repeat" };

function newNode(item: PaletteItem, taken: string[], position: { x: number; y: number }): StepNode {
  const id = freshId(item.actionType ?? idWords[item.kind] ?? item.kind, taken);
  const data: StepData = item.kind === "action" ? { actionType: item.actionType, config: {} } : item.kind === "condition" ? { config: { all: [] } } : { config: {} };
  return { id, type: item.kind, position, data, selected: true };
}

/**
 * Adding steps from the palette: a click adds one after the selected step, on the output chosen in "Connect to" (the
 * selected step's open outputs); a drop puts one where it is dropped, unconnected.
 */
export function usePaletteActions(draft: Draft, readOnly: boolean, handlesByKind: Map<string, (string | null)[]>, commit: (change: DraftChange) => void) {
  const flow = useReactFlow();
  const selected = draft.nodes.filter((n) => n.selected);
  const selectedNode = selected.length === 1 ? selected[0]! : null;
  const outputs = useMemo(() => {
    if (!selectedNode) {
      return [];
    }
    const title = nodeTitle(selectedNode.type, selectedNode.data, draft.triggerType);
    return openHandles(selectedNode, draft.edges, handlesByKind.get(selectedNode.type ?? "") ?? [null]).map((h) => ({
      value: JSON.stringify([selectedNode.id, h]),
      label: outputLabel(title, h),
    }));
  }, [selectedNode, draft.edges, draft.triggerType, handlesByKind]);
  const [chosen, setChosen] = useState("");
  const output = outputs.some((o) => o.value === chosen) ? chosen : (outputs[0]?.value ?? "");

  const add = (item: PaletteItem) => {
    const [sourceId, handle] = output ? (JSON.parse(output) as [string, string | null]) : [null, null];
    const source = draft.nodes.find((n) => n.id === sourceId);
    const handles = source ? (handlesByKind.get(source.type ?? "") ?? [null]) : [null];
    const spread = handles.length > 1 ? (handles.indexOf(handle) - (handles.length - 1) / 2) * (nodeSize.width + 60) : 0;
    const below = (n: StepNode) => n.position.y + (n.measured?.height ?? nodeSize.height) + 70;
    const position = source ? { x: source.position.x + spread, y: below(source) } : { x: 0, y: Math.max(0, ...draft.nodes.map(below)) };
    const node = newNode(item, draft.nodes.map((n) => n.id), position);
    commit((d) => ({
      ...d,
      nodes: [...d.nodes.map((n) => ({ ...n, selected: false })), node],
      edges: source ? [...d.edges, { id: edgeId(source.id, handle, node.id), source: source.id, target: node.id, sourceHandle: handle }] : d.edges,
    }));
    // The view follows the new step (at the zoom it has: a long flow stays readable).
    setTimeout(() => void flow.setCenter(position.x + nodeSize.width / 2, position.y + nodeSize.height / 2, { zoom: flow.getZoom(), duration: 150 }), 30);
  };
  const drop = (event: DragEvent) => {
    const raw = event.dataTransfer.getData(paletteMime);
    if (!raw || readOnly) {
      return;
    }
    event.preventDefault();
    const item = JSON.parse(raw) as PaletteItem;
    const position = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
    commit((d) => ({ ...d, nodes: [...d.nodes.map((n) => ({ ...n, selected: false })), newNode(item, d.nodes.map((n) => n.id), position)] }));
  };
  return { selected, selectedNode, outputs, output, choose: setChosen, add, drop };
}
