import { useState } from "react";
import type { FieldProps } from "@rjsf/utils";
import { ConditionEditor } from "../ConditionEditor";
import { isRuleGroup, ruleSentence } from "../plain/ruleSentence";
import { CodeSwitch, useCodeView } from "./CodeSwitch";
import { LazyCodeEditor } from "./LazyCodeEditor";
import { PlainFieldsContext, usePlainFields } from "./PlainFieldsContext";

/** Every message under an rjsf error schema, however deep (a rule's `all[0].value` lands under `all.value`). */
function messagesOf(errors: unknown): string[] {
  if (typeof errors !== "object" || errors === null) {
    return [];
  }
  return Object.entries(errors).flatMap(([key, value]) => (key === "__errors" && Array.isArray(value) ? (value as string[]) : messagesOf(value)));
}

/** The object holding this field (the goal for `goal.rule`), read from the whole config the form edits. */
function parentOf(config: unknown, path: (string | number)[]): Record<string, unknown> | undefined {
  let at = config;
  for (const key of path.slice(0, -1)) {
    at = typeof at === "object" && at !== null ? (at as Record<string | number, unknown>)[key] : undefined;
  }
  return typeof at === "object" && at !== null ? (at as Record<string, unknown>) : undefined;
}

/**
 * A rule of the trigger's settings (`x-rule` in the catalog's schema: a goal's rule, the stop rule) with the plain condition
 * editor the check step has: closed, the rule as a sentence ("Stop when Invoice › Status is Paid"); opened, rules of a
 * field picked by its label, an operator in words and a value typed plainly. "Edit as code" shows the rule as JSON; a rule
 * the editor cannot show stays there. A goal's rule shows only for the rule goal (or while one is left over), and offers only
 * the trigger's record's fields (`x-record-only`), as the server requires.
 */
export function RuleField({ fieldPathId, formData, schema, registry, errorSchema, disabled, readonly, onChange }: FieldProps) {
  const plain = usePlainFields();
  const start = typeof schema["x-rule"] === "string" ? schema["x-rule"] : String(schema.title ?? "The rule");
  const fields = schema["x-record-only"] === true && plain.entity ? { ...plain, menu: plain.menu.filter((m) => m.path.startsWith(`${plain.entity}.`)) } : plain;
  const [open, setOpen] = useState(false);
  const plainPossible = isRuleGroup(formData);
  const { code, setCode, typed } = useCodeView(plainPossible);
  const id = fieldPathId.$id;
  const locked = disabled || readonly;
  const parent = parentOf((registry.formContext as { config?: unknown } | undefined)?.config, fieldPathId.path);
  if (formData === undefined && parent !== undefined && "kind" in parent && parent.kind !== "rule") {
    return null; // a goal of another kind has no rule
  }
  const problems = messagesOf(errorSchema);
  const empty = formData === undefined || (isRuleGroup(formData) && Object.values(formData as object).every((items) => (items as unknown[]).length === 0));
  const sentence = ruleSentence(start, formData, fields.menu, fields.operators);
  return (
    <fieldset className="plain-field rule-field">
      <legend>{String(schema.title ?? start)}</legend>
      <p className="rule-sentence" id={`${id}-sentence`}>
        {sentence}
      </p>
      {code ? (
        <LazyCodeEditor
          id={id}
          label={start}
          value={formData === undefined ? "" : JSON.stringify(formData, null, 2)}
          language="json"
          disabled={locked}
          onChange={(text) => {
            typed();
            if (text.trim() === "") {
              onChange(undefined, fieldPathId.path);
              return;
            }
            try {
              onChange(JSON.parse(text), fieldPathId.path);
            } catch {
              // kept until it parses: the last valid rule stays
            }
          }}
        />
      ) : (
        <>
          <div className="row">
            <button type="button" className="button" aria-expanded={open} aria-controls={`${id}-editor`} aria-label={`${open ? "Done with the rule" : empty ? "Set the rule" : "Change the rule"}: ${start}`} disabled={locked && !open} onClick={() => setOpen(!open)}>
              {open ? "Done" : empty ? "Set the rule" : "Change the rule"}
            </button>
            {!empty && (
              <button type="button" className="button button-quiet" disabled={locked} aria-label={`Remove the rule: ${start}`} onClick={() => onChange(undefined, fieldPathId.path)}>
                Remove the rule
              </button>
            )}
          </div>
          {open && (
            <div id={`${id}-editor`}>
              <PlainFieldsContext.Provider value={fields}>
                <ConditionEditor
                  label={start}
                  value={formData === undefined ? { all: [{ field: "", op: "eq", value: "" }] } : (formData as Record<string, unknown>)}
                  operators={[...new Set(fields.operators.map((o) => o.op))]}
                  disabled={locked}
                  onChange={(value) => onChange(value, fieldPathId.path)}
                />
              </PlainFieldsContext.Provider>
            </div>
          )}
        </>
      )}
      {problems.map((problem) => (
        <p key={problem} className="field-error">
          {problem}
        </p>
      ))}
      <CodeSwitch code={code} plainPossible={plainPossible} label={start} disabled={locked} onSwitch={setCode} />
    </fieldset>
  );
}
