import { useState } from "react";

/**
 * Whether a field shows as code: what the person chose with the switch, else code exactly while the plain controls
 * cannot show the value. Until a choice is made the view follows `plainPossible`, so a field opened before the menus
 * arrive turns plain when they do; typing in the code view keeps it there (a value that becomes plain mid-typing does
 * not swap the editor under the cursor).
 */
export function useCodeView(plainPossible: boolean): { code: boolean; setCode: (code: boolean) => void; typed: () => void } {
  const [chosen, setChosen] = useState<boolean | null>(null);
  const code = (chosen ?? !plainPossible) || !plainPossible;
  return { code, setCode: setChosen, typed: () => setChosen((current) => current ?? true) };
}

/**
 * The per-field switch between the plain controls and "Edit as code". When the field holds something the plain controls
 * cannot show, it stays in code view and says why.
 */
export function CodeSwitch({ code, plainPossible, label, disabled, onSwitch }: { code: boolean; plainPossible: boolean; label: string; disabled?: boolean; onSwitch: (code: boolean) => void }) {
  if (code && !plainPossible) {
    return <p className="muted code-only">Shown as code: it uses parts the plain controls cannot show. Saving leaves it as it is.</p>;
  }
  return (
    <button type="button" className="button button-quiet code-switch" disabled={disabled} aria-pressed={code} aria-label={`${code ? "Back to plain words" : "Edit as code"}: ${label}`} onClick={() => onSwitch(!code)}>
      {code ? "Back to plain words" : "Edit as code"}
    </button>
  );
}
