import { useId } from "react";
import type { Catalog, DryRunStep, Schema } from "./builderApi";
import type { StepData, StepNode } from "./graph";
import { ConfigForm } from "./LazyConfigForm";
import { ConditionEditor } from "./ConditionEditor";
import "./fields/fields.css";
import { formErrors, type PlacedProblem } from "./problems";
import { humanDuration, kindLabel } from "./nodeText";
import { PlainFieldsContext, usePlainFieldsOf } from "./fields/PlainFieldsContext";
import { fieldTitle } from "./formSchema";
import type { PlainCatalog } from "./plainCatalog";

/**
 * The selected step's settings: its name, and a form generated from the catalog for its config (the action type's schema,
 * or the delay's or loop's); conditions get the rule editor; actions also "only if", "continue on error" and retries.
 * Under it, what the step would do on the picked record (the last dry run).
 */
export function NodePanel({
  node,
  catalog,
  problems,
  tried,
  recordLabel,
  readOnly,
  triggerType,
  onChange,
  onDelete,
}: {
  node: StepNode;
  catalog: Catalog;
  problems: PlacedProblem[];
  tried: DryRunStep[];
  recordLabel: string | null;
  readOnly: boolean;
  triggerType: string;
  onChange: (data: StepData) => void;
  onDelete: () => void;
}) {
  const labelId = useId();
  const data = node.data;
  const set = (patch: Partial<StepData>) => onChange({ ...data, ...patch });
  const kind = catalog.nodeKinds.find((k) => k.kind === node.type);
  const action = node.type === "action" ? catalog.actions.find((a) => a.type === data.actionType) : undefined;
  const own = problems.filter((p) => p.field === null || p.field === "actionType" || p.field === "label");
  const plainFields = usePlainFieldsOf(catalog as PlainCatalog, triggerType, node.id);
  const configSchema = (node.type === "action" ? action?.configSchema : kind?.configSchema) as Schema | undefined;
  return (
    <PlainFieldsContext.Provider value={plainFields}>
      <div className="stack">
        <h2>{kindLabel(node.type, data, triggerType)}</h2>
        {own.map((p) => (
          <p key={p.path + p.message} className="field-error" role="alert">
            {p.message}
          </p>
        ))}
        <label htmlFor={labelId}>Name on the canvas</label>
        <input id={labelId} value={data.label ?? ""} disabled={readOnly} onChange={(event) => set({ label: event.target.value || undefined })} />
        {node.type === "condition" && (
          <ConditionEditor
            label="Take “Yes” when"
            value={data.config}
            operators={catalog.operators}
            disabled={readOnly}
            onChange={(config) => set({ config })}
          />
        )}
        {node.type === "condition" && <ProblemLines problems={problems.filter((p) => p.field?.startsWith("config"))} />}
        {node.type !== "trigger" && node.type !== "condition" && (node.type === "action" || kind?.configSchema != null) && (
          <ConfigForm
            id={`node-${node.id}`}
            schema={configSchema}
            value={data.config}
            errors={formErrors(problems, "config")}
            disabled={readOnly}
            onChange={(config) => set({ config })}
          />
        )}
        {node.type === "action" && action && (
          <>
            <label className="check">
              <input type="checkbox" checked={data.continueOnError === true} disabled={readOnly} onChange={(event) => set({ continueOnError: event.target.checked || undefined })} />
              Continue with the next step if this one fails
            </label>
            <details open={data.onlyIf !== undefined}>
              <summary>Only if…</summary>
              {data.onlyIf === undefined ? (
                <button type="button" className="button" disabled={readOnly} onClick={() => set({ onlyIf: { all: [{ field: "", op: "eq", value: "" }] } })}>
                  Add a condition checked right before it runs
                </button>
              ) : (
                <>
                  <ConditionEditor label="Run only when" value={data.onlyIf} operators={catalog.operators} disabled={readOnly} onChange={(onlyIf) => set({ onlyIf })} />
                  <ProblemLines problems={problems.filter((p) => p.field?.startsWith("onlyIf"))} />
                  <button type="button" className="button button-quiet" disabled={readOnly} onClick={() => set({ onlyIf: undefined })}>
                    Always run it
                  </button>
                </>
              )}
            </details>
            <details>
              <summary>
                Retries (default: {action.defaultRetry.maxAttempts} tries, {humanDuration(action.defaultRetry.firstInterval)} apart at first)
              </summary>
              <ConfigForm
                id={`retry-${node.id}`}
                schema={catalog.retrySchema as Schema}
                value={data.retry}
                errors={formErrors(problems, "retry")}
                disabled={readOnly}
                onChange={(retry) => set({ retry: Object.keys(retry).length > 0 ? retry : undefined })}
              />
            </details>
          </>
        )}
        {tried.length > 0 && recordLabel && <Preview tried={tried} recordLabel={recordLabel} schema={configSchema} />}
        <button type="button" className="button button-danger" disabled={readOnly} onClick={onDelete}>
          Delete this step
        </button>
      </div>
    </PlainFieldsContext.Provider>
  );
}

function ProblemLines({ problems }: { problems: PlacedProblem[] }) {
  return (
    <>
      {problems.map((p) => (
        <p key={p.path + p.message} className="field-error">
          {p.message}
        </p>
      ))}
    </>
  );
}

/** The rendered message (or request) of the last dry run, field by field. */
function Preview({ tried, recordLabel, schema }: { tried: DryRunStep[]; recordLabel: string; schema: Schema | undefined }) {
  const properties = (schema?.properties ?? {}) as Record<string, { title?: string }>;
  const preview = (tried[0]!.preview ?? {}) as Record<string, unknown>;
  const shown = Object.entries(preview).filter(([, value]) => typeof value === "string" || typeof value === "number");
  return (
    <section className="preview" aria-label="Preview">
      <h3>On {recordLabel}</h3>
      {shown.length === 0 && <p className="muted">{tried[0]!.reason ?? "Nothing to show for this step."}</p>}
      <dl>
        {shown.map(([key, value]) => (
          <div key={key}>
            <dt>{properties[key]?.title ?? fieldTitle(key)}</dt>
            <dd>{String(value)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
