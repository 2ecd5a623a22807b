import { useRef, useState } from "react";
import type { WidgetProps } from "@rjsf/utils";
import { insertVariable, suggestionsAt, useVariables } from "./variables";

/**
 * A Liquid template field: type `{{` and the variables this workflow can use are offered (arrow keys, Enter or a click
 * puts one in and closes the tag). A text area for bodies and messages, a line otherwise.
 */
export function LiquidWidget({ id, value, required, disabled, readonly, onChange, onBlur, onFocus, options, placeholder, rawErrors }: WidgetProps) {
  const variables = useVariables();
  const field = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  const text = typeof value === "string" ? value : "";
  const suggestions = caret === null ? null : suggestionsAt(text, caret, variables);
  const open = suggestions !== null && suggestions.matches.length > 0;
  const listId = `${id}-variables`;

  const choose = (variable: string) => {
    if (!suggestions || caret === null) {
      return;
    }
    const next = insertVariable(text, caret, suggestions.start, variable);
    onChange(next.text);
    setCaret(null);
    requestAnimationFrame(() => {
      field.current?.focus();
      field.current?.setSelectionRange(next.caret, next.caret);
    });
  };
  const common = {
    id,
    ref: field,
    value: text,
    required,
    disabled: disabled || readonly,
    placeholder,
    "aria-invalid": rawErrors && rawErrors.length > 0 ? true : undefined,
    "aria-describedby": rawErrors && rawErrors.length > 0 ? `${id}__error` : undefined,
    role: "combobox",
    "aria-autocomplete": "list" as const,
    "aria-expanded": open,
    "aria-controls": listId,
    onChange: (event: { target: { value: string; selectionStart: number | null } }) => {
      onChange(event.target.value === "" ? undefined : event.target.value);
      setCaret(event.target.selectionStart);
      setActive(0);
    },
    onBlur: () => {
      setTimeout(() => setCaret(null), 150);
      onBlur(id, text);
    },
    onFocus: () => onFocus(id, text),
    onKeyDown: (event: React.KeyboardEvent) => {
      if (!open) {
        return;
      }
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        setActive((i) => (i + (event.key === "ArrowDown" ? 1 : suggestions!.matches.length - 1)) % suggestions!.matches.length);
      } else if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        choose(suggestions!.matches[active]!);
      } else if (event.key === "Escape") {
        setCaret(null);
      }
    },
  };
  return (
    <div className="liquid">
      {options.multiline ? <textarea rows={4} {...common} /> : <input type="text" {...common} />}
      <ul id={listId} role="listbox" className="liquid-suggestions" hidden={!open} aria-label="Variables">
        {open &&
          suggestions!.matches.map((variable, index) => (
            <li
              key={variable}
              role="option"
              aria-selected={index === active}
              onMouseDown={(event) => {
                event.preventDefault();
                choose(variable);
              }}
            >
              {variable}
            </li>
          ))}
      </ul>
    </div>
  );
}
