import { useQuery } from "@tanstack/react-query";
import { api, call } from "../../api/client";
import { keys } from "../../api/queries";
import type { OperatorLabel } from "../plainCatalog";
import type { MenuItem } from "../plain/menu";
import { valueOf } from "../plain/rule";

/** A rule's value with an input of its field's kind: a choice list, yes or no, a number, an amount, a date, or text. */
export function RuleValueInput({ id, item, operator, value, disabled, onChange }: { id: string; item: MenuItem; operator: OperatorLabel; value: unknown; disabled?: boolean; onChange: (value: unknown) => void }) {
  if (operator.value === "none" || (operator.fixedValue !== null && operator.fixedValue !== undefined)) {
    return null;
  }
  if (operator.value === "many" && item.choices.length > 0) {
    const picked = Array.isArray(value) ? value : [];
    return (
      <fieldset className="rule-choices">
        <legend>Value</legend>
        {item.choices.map((choice) => (
          <label key={choice.value} className="check">
            <input
              type="checkbox"
              checked={picked.includes(choice.value)}
              disabled={disabled}
              onChange={(event) => onChange(event.target.checked ? [...picked, choice.value] : picked.filter((v) => v !== choice.value))}
            />
            {choice.label}
          </label>
        ))}
      </fieldset>
    );
  }
  if (operator.value === "many") {
    const list = Array.isArray(value) ? value.map(String).join(", ") : "";
    return (
      <>
        <label htmlFor={id}>Values</label>
        <input
          id={id}
          value={list}
          disabled={disabled}
          placeholder="Separated by commas"
          onChange={(event) => onChange(event.target.value.split(",").map((part) => valueOf(item, part.trim())).filter((part) => part !== ""))}
        />
      </>
    );
  }
  const common = { id, disabled };
  return (
    <>
      <label htmlFor={id}>Value</label>
      <OneValue common={common} item={item} value={value} onChange={onChange} />
    </>
  );
}

function OneValue({ common, item, value, onChange }: { common: { id: string; disabled?: boolean }; item: MenuItem; value: unknown; onChange: (value: unknown) => void }) {
  switch (item.kind) {
    case "choice":
      if (item.choices.length > 0) {
        return (
          <select {...common} value={String(value ?? "")} onChange={(event) => onChange(event.target.value)}>
            {item.choices.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
        );
      }
      break;
    case "boolean":
      return (
        <select {...common} value={value === false ? "no" : "yes"} onChange={(event) => onChange(event.target.value === "yes")}>
          <option value="yes">Yes</option>
          <option value="no">No</option>
        </select>
      );
    case "number":
    case "money":
      return <input {...common} type="number" step={item.kind === "money" ? "0.01" : "any"} value={typeof value === "number" ? value : ""} onChange={(event) => onChange(valueOf(item, event.target.value))} />;
    case "date":
      return <input {...common} type="date" value={String(value ?? "")} onChange={(event) => onChange(event.target.value)} />;
    case "id":
      if (item.refers === "technician") {
        return <TechnicianSelect common={common} value={value} onChange={onChange} />;
      }
      break;
    case "datetime":
      return <input {...common} type="datetime-local" value={String(value ?? "")} onChange={(event) => onChange(event.target.value)} />;
  }
  return <input {...common} type={item.kind === "email" ? "email" : item.kind === "phone" ? "tel" : "text"} value={String(value ?? "")} onChange={(event) => onChange(event.target.value)} />;
}

/** A technician picked by name from the organization's technicians (stored by id, as the rule compares ids). */
function TechnicianSelect({ common, value, onChange }: { common: { id: string; disabled?: boolean }; value: unknown; onChange: (value: unknown) => void }) {
  const technicians = useQuery({
    queryKey: keys.records("technician", ""),
    queryFn: ({ signal }) => call(api.GET("/api/records", { params: { query: { type: "technician", limit: 100 } }, signal })),
  });
  const items = technicians.data?.items ?? [];
  const current = typeof value === "string" ? value : "";
  return (
    <select {...common} value={current} onChange={(event) => onChange(event.target.value === "" ? undefined : event.target.value)}>
      <option value="">{technicians.isPending ? "Loading technicians…" : "Choose a technician"}</option>
      {current !== "" && !items.some((t) => t.id === current) && <option value={current}>A technician not listed</option>}
      {items.map((technician) => (
        <option key={technician.id} value={technician.id}>
          {technician.label}
          {technician.detail ? ` (${technician.detail})` : ""}
        </option>
      ))}
    </select>
  );
}
