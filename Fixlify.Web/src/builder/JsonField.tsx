import { useState } from "react";
import type { FieldProps } from "@rjsf/utils";

/** A field of any JSON (a webhook's payload, an API call's body): edited as JSON text, kept while it does not parse. */
export function JsonField({ fieldPathId, formData, onChange, name, schema, disabled, readonly, required }: FieldProps) {
  const id = fieldPathId.$id;
  const [text, setText] = useState(() => (formData === undefined ? "" : JSON.stringify(formData, null, 2)));
  const [problem, setProblem] = useState<string | null>(null);
  // A value changed elsewhere (undo, a paste) replaces the text, unless the text already means it (as typed, kept).
  const [shownFor, setShownFor] = useState(formData);
  if (shownFor !== formData) {
    setShownFor(formData);
    setText((current) => {
      try {
        return JSON.stringify(JSON.parse(current)) === JSON.stringify(formData) ? current : formData === undefined ? "" : JSON.stringify(formData, null, 2);
      } catch {
        return current;
      }
    });
  }
  return (
    <div className="form-group field">
      <label htmlFor={id}>
        {String(schema.title ?? name)}
        {required ? "*" : ""}
      </label>
      <textarea
        id={id}
        rows={5}
        value={text}
        disabled={disabled || readonly}
        aria-invalid={problem !== null}
        aria-describedby={problem ? `${id}-json` : undefined}
        onChange={(event) => {
          setText(event.target.value);
          if (event.target.value.trim() === "") {
            setProblem(null);
            onChange(undefined, fieldPathId.path);
            return;
          }
          try {
            onChange(JSON.parse(event.target.value), fieldPathId.path);
            setProblem(null);
          } catch {
            setProblem("Not JSON yet: the last valid value is kept.");
          }
        }}
      />
      {typeof schema.description === "string" && <p className="muted">{schema.description}</p>}
      {problem && (
        <p id={`${id}-json`} className="field-error">
          {problem}
        </p>
      )}
    </div>
  );
}
