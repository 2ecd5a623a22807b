import { createContext, useContext } from "react";

/** The variables a template or a rule may use where it is being edited: the trigger's, step outputs, loop names. */
export const VariablesContext = createContext<string[]>([]);

export const useVariables = () => useContext(VariablesContext);

/**
 * What to suggest while typing a template: after an open `{{` (and before its `}}`), the variables that start with
 * what was typed since; null when the caret is not inside a tag.
 */
export function suggestionsAt(text: string, caret: number, variables: string[]): { start: number; typed: string; matches: string[] } | null {
  const before = text.slice(0, caret);
  const open = before.lastIndexOf("{{");
  if (open < 0 || before.lastIndexOf("}}") > open) {
    return null;
  }
  const typedRaw = before.slice(open + 2);
  const typed = typedRaw.trimStart();
  if (/[|\s]/.test(typed)) {
    return null;
  }
  const start = caret - typed.length;
  const lower = typed.toLowerCase();
  const matches = variables.filter((v) => v.toLowerCase().startsWith(lower) || (lower.length > 1 && v.toLowerCase().includes(`.${lower}`))).slice(0, 8);
  return { start, typed, matches };
}

/** Puts `variable` in place of what was typed, closing the tag: `Hi {{ cli` → `Hi {{ client.first_name }}`. */
export function insertVariable(text: string, caret: number, start: number, variable: string): { text: string; caret: number } {
  const after = text.slice(caret);
  const closes = /^\s*\}\}/.test(after);
  const inserted = closes ? variable : `${variable} }}`;
  const spaced = text.slice(0, start).endsWith("{{") ? ` ${inserted}` : inserted;
  return { text: text.slice(0, start) + spaced + after, caret: start + spaced.length };
}
