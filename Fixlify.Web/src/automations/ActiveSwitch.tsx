/** On/off for an automation: a switch with its state in words, named after the automation; `refusal` says why it cannot be used. */
export function ActiveSwitch({
  name,
  active,
  onChange,
  disabled,
  refusal,
}: {
  name: string;
  active: boolean;
  onChange: (active: boolean) => void;
  disabled?: boolean;
  refusal?: string | null;
}) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={active}
      aria-label={`Active: ${name}`}
      className={`switch ${active ? "switch-on" : ""}`}
      onClick={() => onChange(!active)}
      disabled={disabled || !!refusal}
      title={refusal ?? undefined}
    >
      <span className="switch-track" aria-hidden="true">
        <span className="switch-thumb" />
      </span>
      <span className="switch-text">{active ? "On" : "Off"}</span>
    </button>
  );
}
