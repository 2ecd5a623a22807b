/** On/off for an automation: a switch with its state in words, named after the automation. */
export function ActiveSwitch({ name, active, onChange, disabled }: { name: string; active: boolean; onChange: (active: boolean) => void; disabled?: boolean }) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={active}
      aria-label={`Active: ${name}`}
      className={`switch ${active ? "switch-on" : ""}`}
      onClick={() => onChange(!active)}
      disabled={disabled}
    >
      <span className="switch-track" aria-hidden="true">
        <span className="switch-thumb" />
      </span>
      <span className="switch-text">{active ? "On" : "Off"}</span>
    </button>
  );
}
