import type { Workflow } from "../api/types";
import { countPeriods, type CountPeriod } from "./builderApi";

/** The builder's head: the automation's name, whether it is saved and checked, and the toolbar. */
export function BuilderHead({
  name,
  onName,
  readOnly,
  readOnlyReason,
  workflow,
  dirty,
  validation,
  saveEnabled,
  saving,
  onSave,
  canUndo,
  canRedo,
  onUndo,
  onRedo,
  onTidy,
  canCopy,
  onCopy,
  onPaste,
  canDelete,
  onDelete,
  activating,
  onActive,
  period,
  onPeriod,
}: {
  name: string;
  onName: (name: string) => void;
  readOnly: boolean;
  /** Why the automation cannot be changed here (the person's role, a step this builder does not know). */
  readOnlyReason: string | null;
  workflow: Workflow | null;
  dirty: boolean;
  validation: string;
  saveEnabled: boolean;
  saving: boolean;
  onSave: () => void;
  canUndo: boolean;
  canRedo: boolean;
  onUndo: () => void;
  onRedo: () => void;
  onTidy: () => void;
  canCopy: boolean;
  onCopy: () => void;
  onPaste: () => void;
  canDelete: boolean;
  onDelete: () => void;
  activating: boolean | null;
  onActive: (active: boolean) => void;
  period: CountPeriod;
  onPeriod: (period: CountPeriod) => void;
}) {
  const on = activating ?? workflow?.isActive ?? false;
  return (
    <div className="builder-head">
      <label htmlFor="workflow-name" className="visually-hidden">
        Automation name
      </label>
      <input id="workflow-name" className="workflow-name" value={name} disabled={readOnly} onChange={(event) => onName(event.target.value)} />
      <span className="muted" role="status">
        {dirty ? "Unsaved changes" : workflow ? `Saved · version ${workflow.version}` : "Not saved yet"} · {validation}
      </span>
      <div className="toolbar" role="toolbar" aria-label="Builder">
        <button type="button" className="button button-primary" disabled={!saveEnabled} onClick={onSave} title={readOnlyReason ?? undefined}>
          {saving ? "Saving…" : "Save"}
        </button>
        <button type="button" className="button" disabled={!canUndo} onClick={onUndo}>
          Undo
        </button>
        <button type="button" className="button" disabled={!canRedo} onClick={onRedo}>
          Redo
        </button>
        <button type="button" className="button" disabled={readOnly} onClick={onTidy}>
          Tidy up
        </button>
        <button type="button" className="button" disabled={!canCopy} onClick={onCopy}>
          Copy
        </button>
        <button type="button" className="button" disabled={readOnly} onClick={onPaste}>
          Paste
        </button>
        <button type="button" className="button" disabled={!canDelete} onClick={onDelete}>
          Delete
        </button>
        {workflow && (
          <label className="switch">
            <input
              type="checkbox"
              role="switch"
              checked={on}
              disabled={activating !== null || dirty || readOnly}
              title={dirty ? "Save first: the switch turns on the saved automation" : (readOnlyReason ?? undefined)}
              onChange={(event) => onActive(event.target.checked)}
            />
            {on ? "On" : "Off"}
          </label>
        )}
        {workflow && (
          <label>
            Counts for
            <select value={period} onChange={(event) => onPeriod(event.target.value as CountPeriod)}>
              {Object.entries(countPeriods).map(([value, p]) => (
                <option key={value} value={value}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
    </div>
  );
}
