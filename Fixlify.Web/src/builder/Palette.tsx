import type { Catalog } from "./builderApi";
import { handleLabel } from "./nodeText";
import { wordsOf } from "./words/catalogWords";
import { actionDescription, actionLabel, kindDescription, kindPaletteLabel } from "./words/plainWords";

/** What the palette adds: a control step (`kind`) or an action of `actionType`. */
export type PaletteItem = { kind: string; actionType?: string };

export const paletteMime = "application/x-fixlify-step";

/**
 * The steps the catalog offers, as buttons: a click adds the step after the selected one (on the output chosen in
 * "Connect to"), a drag puts it where it is dropped, unconnected.
 */
export function Palette({
  catalog,
  outputs,
  output,
  onOutput,
  onAdd,
  disabled,
}: {
  catalog: Catalog;
  outputs: { value: string; label: string }[];
  output: string;
  onOutput: (value: string) => void;
  onAdd: (item: PaletteItem) => void;
  disabled: boolean;
}) {
  const words = wordsOf(catalog);
  const controls = catalog.nodeKinds.filter((k) => k.kind !== "trigger" && k.kind !== "action");
  const item = (entry: PaletteItem, label: string, title: string) => (
    <li key={`${entry.kind}:${entry.actionType ?? ""}`}>
      <button
        type="button"
        className="palette-item"
        draggable={!disabled}
        disabled={disabled}
        title={title}
        onClick={() => onAdd(entry)}
        onDragStart={(event) => {
          event.dataTransfer.setData(paletteMime, JSON.stringify(entry));
          event.dataTransfer.effectAllowed = "move";
        }}
      >
        {label}
      </button>
    </li>
  );
  return (
    <nav className="palette" aria-label="Steps to add">
      <label htmlFor="palette-output">Connect to</label>
      <select id="palette-output" value={output} disabled={disabled || outputs.length === 0} onChange={(event) => onOutput(event.target.value)}>
        {outputs.length === 0 && <option value="">Nothing: select a step first</option>}
        {outputs.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <h3>Actions</h3>
      <ul>{catalog.actions.map((a) => item({ kind: "action", actionType: a.type }, actionLabel(words, a.type), actionDescription(words, a.type)))}</ul>
      <h3>Flow</h3>
      <ul>{controls.map((k) => item({ kind: k.kind }, kindPaletteLabel(words, k.kind), kindDescription(words, k.kind)))}</ul>
    </nav>
  );
}

/** "Check: Yes" — an output of a node, as the palette's "Connect to" names it. */
export function outputLabel(nodeTitle: string, handle: string | null): string {
  return handle === null ? `After “${nodeTitle}”` : `“${nodeTitle}”: ${handleLabel(handle)}`;
}
