import { useState } from "react";
import type { WidgetProps } from "@rjsf/utils";
import { isoDuration, plainDuration, type PlainDuration } from "../plain/duration";
import { CodeSwitch, useCodeView } from "./CodeSwitch";
import { DurationInput } from "./DurationInput";

/**
 * A duration field (`format: duration`, ISO-8601 in the definition) as a number and a unit; a duration the units cannot
 * say (PT90S) stays as code. An empty field stays empty until a number is typed (the step's default applies).
 */
export function DurationWidget({ id, value, label, schema, disabled, readonly, rawErrors, onChange }: WidgetProps) {
  const text = typeof value === "string" ? value : "";
  const plain = text === "" ? null : plainDuration(text);
  const plainPossible = text === "" || plain !== null;
  const { code, setCode, typed } = useCodeView(plainPossible);
  const [draft, setDraft] = useState<PlainDuration>(plain ?? { amount: NaN, unit: "hours", negative: false });
  const shown = plain ?? draft;
  const name = String(schema.title ?? label);
  const invalid = rawErrors !== undefined && rawErrors.length > 0;
  return (
    <div className="plain-field">
      {code ? (
        <input
          id={id}
          aria-label={`${name} (code)`}
          value={text}
          disabled={disabled || readonly}
          aria-invalid={invalid || undefined}
          placeholder="PT30M, P3D"
          onChange={(event) => {
            typed();
            onChange(event.target.value === "" ? undefined : event.target.value);
          }}
        />
      ) : (
        <DurationInput
          id={id}
          label={name}
          value={shown}
          disabled={disabled || readonly}
          invalid={invalid}
          onChange={(next) => {
            setDraft(next);
            onChange(Number.isNaN(next.amount) ? undefined : isoDuration(next));
          }}
        />
      )}
      <CodeSwitch code={code} plainPossible={plainPossible} label={name} disabled={disabled || readonly} onSwitch={setCode} />
    </div>
  );
}
