import type { Workflow } from "../api/types";
import { executionStatusValues } from "../api/schema";
import { statusLabels, triggerLabels } from "../ui/labels";

/** The Executions screen's filters; their values live in the URL (shareable, kept on reload). */
export function ExecutionFilters({
  values,
  workflows,
  onChange,
}: {
  values: URLSearchParams;
  workflows: Workflow[];
  onChange: (name: string, value: string) => void;
}) {
  const value = (name: string) => values.get(name) ?? "";
  return (
    <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter executions">
      <div className="field">
        <label htmlFor="f-workflow">Automation</label>
        <select id="f-workflow" value={value("workflowId")} onChange={(e) => onChange("workflowId", e.target.value)}>
          <option value="">All automations</option>
          {workflows.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-status">Status</label>
        <select id="f-status" value={value("status")} onChange={(e) => onChange("status", e.target.value)}>
          <option value="">Any status</option>
          {executionStatusValues.map((s) => (
            <option key={s} value={s}>
              {statusLabels[s]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-trigger">Started by</label>
        <select id="f-trigger" value={value("trigger")} onChange={(e) => onChange("trigger", e.target.value)}>
          <option value="">Any trigger</option>
          {Object.entries(triggerLabels).map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-from">From (day)</label>
        <input id="f-from" type="date" value={value("from")} onChange={(e) => onChange("from", e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="f-to">To (day, included)</label>
        <input id="f-to" type="date" value={value("to")} onChange={(e) => onChange("to", e.target.value)} />
      </div>
      <div className="field field-small">
        <label htmlFor="f-version">Version</label>
        <input id="f-version" type="number" min={1} inputMode="numeric" value={value("version")} onChange={(e) => onChange("version", e.target.value)} />
      </div>
    </form>
  );
}
