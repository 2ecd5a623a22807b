import CodeMirror from "@uiw/react-codemirror";
import { autocompletion, type CompletionContext } from "@codemirror/autocomplete";
import { json } from "@codemirror/lang-json";
import { liquid } from "@codemirror/lang-liquid";
import { EditorView } from "@codemirror/view";
import { suggestionsAt, useVariables } from "../variables";

const wrap = EditorView.lineWrapping;

/** Offers the workflow's variables after an open `{{`, as the template field did before it had chips. */
function variableCompletion(variables: string[]) {
  return (context: CompletionContext) => {
    const text = context.state.doc.toString();
    const at = suggestionsAt(text, context.pos, variables);
    if (!at || (at.matches.length === 0 && !context.explicit)) {
      return null;
    }
    const closes = /^\s*\}\}/.test(text.slice(context.pos));
    return { from: at.start, options: at.matches.map((v) => ({ label: v, apply: closes ? v : `${text.slice(0, at.start).endsWith("{{") ? " " : ""}${v} }}` })) };
  };
}

/** A field's code as a developer edits it (CodeMirror): Liquid templates (with the variables offered), JSON, or text. */
export default function CodeEditor({
  id,
  label,
  value,
  language,
  disabled,
  invalid,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  language: "liquid" | "json" | "text";
  disabled?: boolean;
  invalid?: boolean;
  onChange: (value: string) => void;
}) {
  const variables = useVariables();
  const extensions =
    language === "liquid" ? [liquid(), wrap, autocompletion({ override: [variableCompletion(variables)] })] : language === "json" ? [json(), wrap] : [wrap];
  return (
    <CodeMirror
      id={id}
      className="code-editor"
      value={value}
      editable={!disabled}
      basicSetup={{ lineNumbers: false, foldGutter: false, highlightActiveLine: false, autocompletion: false }}
      extensions={extensions}
      aria-invalid={invalid || undefined}
      onChange={onChange}
      onCreateEditor={(view) => view.contentDOM.setAttribute("aria-label", `${label} (code)`)}
    />
  );
}
