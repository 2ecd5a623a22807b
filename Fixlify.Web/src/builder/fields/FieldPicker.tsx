import type { MenuItem } from "../plain/menu";

/** Picks a field from the menu by its label, grouped by record or step: "Invoice › Status". */
export function FieldPicker({ id, label, value, items, disabled, invalid, placeholder, onChange }: { id: string; label: string; value: string; items: MenuItem[]; disabled?: boolean; invalid?: boolean; placeholder?: string; onChange: (item: MenuItem) => void }) {
  const groups = [...new Set(items.map((i) => i.group))];
  return (
    <select id={id} aria-label={label} value={value} disabled={disabled} aria-invalid={invalid || undefined} onChange={(event) => onChange(items.find((i) => i.path === event.target.value)!)}>
      {!items.some((i) => i.path === value) && <option value={value}>{placeholder ?? "Choose a field"}</option>}
      {groups.map((group) => (
        <optgroup key={group} label={group}>
          {items
            .filter((i) => i.group === group)
            .map((i) => (
              <option key={i.path} value={i.path}>
                {`${group} › ${i.field}`}
              </option>
            ))}
        </optgroup>
      ))}
    </select>
  );
}

/** The menu's fields that fit an `x-context-path` annotation: "date" → dates and times, "list" → lists, "any" → all. */
export function fitting(items: MenuItem[], contextPath: unknown): MenuItem[] {
  if (contextPath === "date") {
    return items.filter((i) => i.kind === "date" || i.kind === "datetime");
  }
  if (contextPath === "list") {
    return items.filter((i) => i.kind === "list");
  }
  return items;
}
