import { useState } from "react";
import type { FieldProps } from "@rjsf/utils";
import { intentsOf, meaningName, meaningRows, meaningWords, repliesOf, repliesText, type MeaningRow } from "../plain/meanings";
import { usePlainFields } from "./PlainFieldsContext";
import { freshKey } from "./rowKeys";

/**
 * A wait for a reply's "What replies mean": one row per meaning, its name in words ("Confirmed", "Running late") and the
 * replies that mean it ("C, YES, OK"); "Add a meaning" and "Remove". Left unset, the step uses the catalog's defaults,
 * said in words. Nothing is written until the person changes something.
 */
export function MeaningsField({ fieldPathId, formData, schema, errorSchema, disabled, readonly, onChange }: FieldProps) {
  const { replyMeanings = [] } = usePlainFields();
  const id = fieldPathId.$id;
  const [rows, setRows] = useState<MeaningRow[]>(() => meaningRows(formData));
  const [words, setWords] = useState<string[]>(() => rows.map((r) => meaningWords(r.name, replyMeanings)));
  const [keys, setKeys] = useState<number[]>(() => rows.map(() => freshKey()));
  if (JSON.stringify(intentsOf(rows)) !== JSON.stringify(intentsOf(meaningRows(formData)))) {
    // Changed from outside (undo, the code view): the rows follow.
    const fresh = meaningRows(formData);
    setKeys(fresh.map(() => freshKey()));
    setRows(fresh);
    setWords(fresh.map((r) => meaningWords(r.name, replyMeanings)));
  }
  const locked = disabled || readonly;
  const defaults = meaningRows(schema.default);
  const problems = Object.values((errorSchema ?? {}) as Record<string, { __errors?: string[] } | string[]>).flatMap((e) => (Array.isArray(e) ? e : (e?.__errors ?? [])));
  const save = (changed: MeaningRow[], changedWords: string[]) => {
    setRows(changed);
    setWords(changedWords);
    // No meanings of its own: the step uses the defaults again.
    onChange(changed.length === 0 ? undefined : intentsOf(changed), fieldPathId.path);
  };
  const title = String(schema.title ?? "What replies mean");
  return (
    <fieldset className="plain-field meanings">
      <legend>{title}</legend>
      {typeof schema.description === "string" && <p className="muted">{schema.description}</p>}
      {rows.length === 0 && defaults.length > 0 && (
        <p className="muted">{`Unless you add your own: “${defaults.map((d) => `${meaningWords(d.name, replyMeanings)}” for ${repliesText(d.replies)}`).join("; “")}.`}</p>
      )}
      {rows.map((row, index) => {
        const rowId = `${id}-${keys[index]}`;
        const shown = words[index] ?? "";
        return (
          <div key={keys[index]} className="meaning-row" role="group" aria-label={shown === "" ? "A meaning" : shown}>
            <label htmlFor={`${rowId}-name`}>Meaning</label>
            <input
              id={`${rowId}-name`}
              value={shown}
              list={`${id}-known`}
              disabled={locked}
              onChange={(event) => save(rows.map((r, i) => (i === index ? { ...r, name: meaningName(event.target.value, replyMeanings) } : r)), words.map((w, i) => (i === index ? event.target.value : w)))}
            />
            <label htmlFor={`${rowId}-replies`}>Replies that mean it</label>
            <input
              id={`${rowId}-replies`}
              defaultValue={repliesText(row.replies)}
              placeholder="Separated by commas, such as C, YES"
              disabled={locked}
              onChange={(event) => save(rows.map((r, i) => (i === index ? { ...r, replies: repliesOf(event.target.value) } : r)), words)}
            />
            <button
              type="button"
              className="button button-quiet"
              disabled={locked}
              aria-label={`Remove ${shown === "" ? "this meaning" : shown}`}
              onClick={() => {
                setKeys(keys.filter((_, i) => i !== index));
                save(rows.filter((_, i) => i !== index), words.filter((_, i) => i !== index));
              }}
            >
              Remove
            </button>
          </div>
        );
      })}
      <datalist id={`${id}-known`}>
        {replyMeanings.map((c) => (
          <option key={c.value} value={c.label} />
        ))}
      </datalist>
      {problems.map((p) => (
        <p key={p} className="error">
          {p}
        </p>
      ))}
      <button
        type="button"
        className="button"
        disabled={locked}
        onClick={() => {
          const start = rows.length === 0 ? defaults : rows;
          const startWords = rows.length === 0 ? defaults.map((d) => meaningWords(d.name, replyMeanings)) : words;
          setKeys([...(rows.length === 0 ? defaults.map(() => freshKey()) : keys), freshKey()]);
          save([...start, { name: "", replies: [] }], [...startWords, ""]);
        }}
      >
        Add a meaning
      </button>
    </fieldset>
  );
}
