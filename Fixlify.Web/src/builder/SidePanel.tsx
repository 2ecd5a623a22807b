import type { ReactNode } from "react";
import type { Catalog, DryRunStep } from "./builderApi";
import type { Draft } from "./draft";
import type { StepData, StepNode } from "./graph";
import { nodeTitle } from "./nodeText";
import type { PlacedProblem } from "./problems";
import { NodePanel } from "./NodePanel";
import { TriggerPanel } from "./TriggerPanel";

/**
 * The panel on the right: the selected step's settings (the trigger's, or a step's), then `children` (trying it on a
 * record, the backtest).
 */
export function SidePanel({
  catalog,
  draft,
  selectedNode,
  problemsByNode,
  dryRunByNode,
  recordLabel,
  readOnly,
  onChange,
  onNodeData,
  onDelete,
  children,
}: {
  catalog: Catalog;
  draft: Draft;
  selectedNode: StepNode | null;
  problemsByNode: Map<string, PlacedProblem[]>;
  dryRunByNode: Map<string, DryRunStep[]>;
  recordLabel: string | null;
  readOnly: boolean;
  onChange: (change: Partial<Pick<Draft, "triggerType" | "triggerConfig" | "schedule">>) => void;
  onNodeData: (id: string, data: StepData) => void;
  onDelete: () => void;
  children: ReactNode;
}) {
  return (
    <aside className="side-panel" aria-labelledby="panel-heading">
      <h2 id="panel-heading" tabIndex={-1} className="visually-hidden">
        {selectedNode ? `Settings of ${nodeTitle(selectedNode.type, selectedNode.data, draft.triggerType)}` : "Settings"}
      </h2>
      {selectedNode?.type === "trigger" ? (
        <TriggerPanel
          catalog={catalog}
          triggerType={draft.triggerType}
          triggerConfig={draft.triggerConfig}
          schedule={draft.schedule}
          problems={problemsByNode.get(selectedNode.id) ?? []}
          readOnly={readOnly}
          onChange={onChange}
        />
      ) : selectedNode ? (
        <NodePanel
          key={selectedNode.id}
          node={selectedNode}
          catalog={catalog}
          problems={problemsByNode.get(selectedNode.id) ?? []}
          tried={dryRunByNode.get(selectedNode.id) ?? []}
          recordLabel={recordLabel}
          readOnly={readOnly}
          triggerType={draft.triggerType}
          onChange={(data) => onNodeData(selectedNode.id, data)}
          onDelete={onDelete}
        />
      ) : (
        <p className="muted">Select a step to change it, or add one from the list on the left.</p>
      )}
      {children}
    </aside>
  );
}
