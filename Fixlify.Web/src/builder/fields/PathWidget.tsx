import type { WidgetProps } from "@rjsf/utils";
import { CodeSwitch, useCodeView } from "./CodeSwitch";
import { FieldPicker, fitting } from "./FieldPicker";
import { usePlainFields } from "./PlainFieldsContext";

/** A field that names a value of the workflow (`x-context-path`): picked from the menu by label; a path not in it stays as code. */
export function PathWidget({ id, value, label, schema, disabled, readonly, rawErrors, onChange }: WidgetProps) {
  const { menu } = usePlainFields();
  const items = fitting(menu, schema["x-context-path"]);
  const text = typeof value === "string" ? value : "";
  const plainPossible = items.length > 0 && (text === "" || items.some((i) => i.path === text));
  const { code, setCode, typed } = useCodeView(plainPossible);
  const name = String(schema.title ?? label);
  const invalid = rawErrors !== undefined && rawErrors.length > 0;
  return (
    <div className="plain-field">
      {code ? (
        <input id={id} aria-label={`${name} (code)`} value={text} disabled={disabled || readonly} aria-invalid={invalid || undefined} onChange={(event) => {
            typed();
            onChange(event.target.value === "" ? undefined : event.target.value);
          }}
        />
      ) : (
        <FieldPicker id={id} label={name} value={text} items={items} disabled={disabled || readonly} invalid={invalid} onChange={(item) => onChange(item.path)} />
      )}
      <CodeSwitch code={code} plainPossible={plainPossible} label={name} disabled={disabled || readonly} onSwitch={setCode} />
    </div>
  );
}
