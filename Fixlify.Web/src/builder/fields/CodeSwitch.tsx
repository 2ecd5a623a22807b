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
