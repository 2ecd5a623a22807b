import { durationUnits, unitWord, type PlainDuration } from "../plain/duration";

/** A duration as a number and a unit: [3] [days]. */
export function DurationInput({ id, label, value, disabled, invalid, describedBy, onChange }: { id: string; label: string; value: PlainDuration; disabled?: boolean; invalid?: boolean; describedBy?: string; onChange: (value: PlainDuration) => void }) {
  return (
    <span className="duration-input">
      <input
        id={id}
        type="number"
        min={0}
        step={1}
        inputMode="numeric"
        aria-label={label}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        value={Number.isNaN(value.amount) ? "" : value.amount}
        disabled={disabled}
        onChange={(event) => onChange({ ...value, amount: event.target.value === "" ? NaN : Math.max(0, Math.round(Number(event.target.value))) })}
      />
      <select aria-label={`${label}: unit`} value={value.unit} disabled={disabled} onChange={(event) => onChange({ ...value, unit: event.target.value as PlainDuration["unit"] })}>
        {durationUnits.map((unit) => (
          <option key={unit} value={unit}>
            {unitWord(unit, value.amount)}
          </option>
        ))}
      </select>
    </span>
  );
}
