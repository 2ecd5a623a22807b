import { useState } from "react";
import type { FieldProps, WidgetProps } from "@rjsf/utils";
import { fieldsOf, recordLabel, rowsOf, valueControl, writableFields, type FieldRow, type WritableField } from "../plain/recordFields";
import { MessageWidget } from "./MessageWidget";
import { usePlainFields } from "./PlainFieldsContext";
import { freshKey } from "./rowKeys";

/**
 * An "Update a record" step's fields to change, as rows: a field of the record by its label ("Confirmed by the client")
 * and its value by the field's kind (the statuses for a status, yes or no, otherwise text with chips such as "The client's
 * reply: when they answered"); "Add a field" and "Remove". Only the fields the schema lets the record's step write are
 * offered. A value the chips cannot show stays as code in its row; nothing is written until the person changes something.
 */
export function RecordFieldsField({ fieldPathId, formData, uiSchema, registry, errorSchema, disabled, readonly, onChange }: FieldProps) {
  const { records = [] } = usePlainFields();
  const id = fieldPathId.$id;
  const writable = (uiSchema?.["ui:options"]?.writable ?? {}) as Record<string, string[]>;
  const record = String((registry.formContext as { config?: Record<string, unknown> } | undefined)?.config?.record ?? "");
  const fields = writableFields(record, writable, records);
  const [rows, setRows] = useState<FieldRow[]>(() => rowsOf(formData));
  const [keys, setKeys] = useState<number[]>(() => rows.map(() => freshKey()));
  if (JSON.stringify(fieldsOf(rows)) !== JSON.stringify(fieldsOf(rowsOf(formData)))) {
    // Changed from outside (undo, the code view): the rows follow.
    const fresh = rowsOf(formData);
    setKeys(fresh.map(() => freshKey()));
    setRows(fresh);
  }
  const locked = disabled || readonly;
  const ofRecord = record === "" ? "the record" : `the ${recordLabel(record, records).toLowerCase()}`;
  const problems = (errorSchema as { __errors?: string[] } | undefined)?.__errors ?? [];
  const save = (changed: FieldRow[]) => {
    setRows(changed);
    onChange(fieldsOf(changed), fieldPathId.path);
  };
  const add = () => {
    const free = fields.find((f) => !rows.some((r) => r.name === f.name));
    setKeys([...keys, freshKey()]);
    save([...rows, { name: free?.name ?? "", value: free?.kind === "boolean" ? true : free?.kind === "choice" ? (free.choices[0]?.value ?? "") : "" }]);
  };
  return (
    <fieldset className="plain-field record-fields">
      <legend>Fields to change</legend>
      {record === "" && <p className="muted">Choose the record first.</p>}
      {rows.map((row, index) => {
        const field = fields.find((f) => f.name === row.name);
        const rowId = `${id}-${keys[index]}`;
        const rowProblems = ((errorSchema as Record<string, { __errors?: string[] }> | undefined)?.[row.name]?.__errors ?? []) as string[];
        return (
          <div key={keys[index]} className="record-field-row" role="group" aria-label={field ? field.label : "A field to change"}>
            <label htmlFor={`${rowId}-field`}>Field</label>
            <select
              id={`${rowId}-field`}
              value={row.name}
              disabled={locked}
              onChange={(event) => {
                const chosen = fields.find((f) => f.name === event.target.value);
                save(rows.map((r, i) => (i === index ? { name: event.target.value, value: chosen?.kind === "boolean" ? true : chosen?.kind === "choice" ? (chosen.choices[0]?.value ?? "") : "" } : r)));
              }}
            >
              {!field && <option value={row.name}>{row.name === "" ? "Choose a field" : "A field an automation cannot change"}</option>}
              {fields
                .filter((f) => f.name === row.name || !rows.some((r) => r.name === f.name))
                .map((f) => (
                  <option key={f.name} value={f.name}>
                    {f.label}
                  </option>
                ))}
            </select>
            <RowValue id={`${rowId}-value`} field={field} value={row.value} disabled={locked} invalid={rowProblems.length > 0} onChange={(value) => save(rows.map((r, i) => (i === index ? { ...r, value } : r)))} />
            {rowProblems.map((p) => (
              <p key={p} className="error">
                {p}
              </p>
            ))}
            <button
              type="button"
              className="button button-quiet"
              disabled={locked}
              aria-label={`Remove ${field ? field.label : "this field"}`}
              onClick={() => {
                setKeys(keys.filter((_, i) => i !== index));
                save(rows.filter((_, i) => i !== index));
              }}
            >
              Remove
            </button>
          </div>
        );
      })}
      {problems.map((p) => (
        <p key={p} className="error">
          {p}
        </p>
      ))}
      <button type="button" className="button" disabled={locked || record === "" || rows.length >= fields.length} onClick={add}>
        Add a field
      </button>
      {record !== "" && fields.length > 0 && <p className="muted">{`The fields of ${ofRecord} an automation may change.`}</p>}
    </fieldset>
  );
}

/** A row's value by its field's kind; a value the controls cannot show stays as code. */
function RowValue({ id, field, value, disabled, invalid, onChange }: { id: string; field: WritableField | undefined; value: unknown; disabled?: boolean; invalid: boolean; onChange: (value: unknown) => void }) {
  const control = valueControl(field, value);
  if (control === "choice" && field) {
    return (
      <>
        <label htmlFor={id}>Value</label>
        <select id={id} value={String(value ?? "")} disabled={disabled} aria-invalid={invalid || undefined} onChange={(event) => onChange(event.target.value)}>
          {!field.choices.some((c) => c.value === value) && <option value="">Choose a value</option>}
          {field.choices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </>
    );
  }
  if (control === "yesno") {
    return (
      <>
        <label htmlFor={id}>Value</label>
        <select id={id} value={value === false ? "no" : "yes"} disabled={disabled} onChange={(event) => onChange(event.target.value === "yes")}>
          <option value="yes">Yes</option>
          <option value="no">No</option>
        </select>
      </>
    );
  }
  const text = typeof value === "string" ? value : value === undefined || value === null ? "" : JSON.stringify(value);
  const props = {
    id,
    value: text,
    label: field?.label ?? "Value",
    schema: { type: "string", title: field?.label ?? "Value", "x-liquid": true },
    options: { multiline: field?.kind === "long_text" },
    disabled,
    readonly: false,
    rawErrors: invalid ? ["invalid"] : [],
    onChange: (next: string | undefined) => onChange(next ?? ""),
  } as unknown as WidgetProps;
  return (
    <>
      <span className="record-field-value">Value</span>
      <MessageWidget {...props} />
    </>
  );
}
