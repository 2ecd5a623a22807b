import type { Workflow } from "../api/types";
import { executionStatusValues } from "../api/schema";
import { SelectField } from "../ui/SelectField";
import { statusLabels, triggerOptions } from "../ui/labels";

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
      <SelectField id="f-workflow" label="Automation" value={value("workflowId")} anyLabel="All automations" options={workflows.map((w) => [w.id, w.name] as const)} onChange={(v) => onChange("workflowId", v)} />
      <SelectField id="f-status" label="Status" value={value("status")} anyLabel="Any status" options={executionStatusValues.map((s) => [s, statusLabels[s]] as const)} onChange={(v) => onChange("status", v)} />
      <SelectField id="f-trigger" label="Started by" value={value("trigger")} anyLabel="Any trigger" options={triggerOptions} onChange={(v) => onChange("trigger", v)} />
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
