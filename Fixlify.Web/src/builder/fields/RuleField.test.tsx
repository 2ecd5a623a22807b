// @vitest-environment happy-dom
import { act, createElement } from "react";
import { createRoot } from "react-dom/client";
import { describe, expect, it, vi } from "vitest";
import ConfigForm from "../ConfigForm";
import { PlainFieldsContext } from "./PlainFieldsContext";
import { catalogFixture } from "../plain/catalogFixture";
import { menuOf } from "../plain/menu";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** The trigger settings' goal and stop rule as `TriggerSettings.Schema` and `WorkflowGoal.Schema` serve them. */
const triggerSchema = {
  type: "object",
  properties: {
    stopWhen: {
      title: "Stop when",
      type: "object",
      properties: {
        states: { title: "The record reaches", type: "array", items: { type: "string", enum: ["invoice_paid", "invoice_voided"] } },
        rule: { title: "Or this rule holds", type: "object", "x-rule": "Stop when" },
      },
      additionalProperties: false,
    },
    goal: {
      title: "Goal",
      type: "object",
      properties: {
        kind: { title: "The goal is reached when", type: "string", enum: ["invoice_paid", "rule"] },
        withinDays: { title: "Within (days)", type: "integer", minimum: 1, maximum: 365, default: 14 },
        rule: { title: "The rule", type: "object", "x-rule": "The goal is reached when", "x-record-only": true },
      },
      required: ["kind", "withinDays"],
      additionalProperties: false,
    },
  },
  additionalProperties: false,
};

async function render(value: Record<string, unknown>, errors: Record<string, unknown> = {}) {
  const onChange = vi.fn();
  const host = document.createElement("div");
  document.body.append(host);
  const fields = {
    menu: menuOf(catalogFixture, "invoice_overdue", []),
    records: catalogFixture.records,
    operators: catalogFixture.operatorLabels,
    dateFormats: catalogFixture.dateFormats,
    moneyFilter: "currency",
    enumLabels: new Map<string, string>(),
    entity: "invoice",
  };
  const root = createRoot(host);
  const draw = (config: Record<string, unknown>) =>
    root.render(createElement(PlainFieldsContext.Provider, { value: fields }, createElement(ConfigForm, { id: "trigger", schema: triggerSchema, value: config, errors, onChange })));
  await act(async () => draw(value));
  // The form is controlled by the builder: each change comes back as the new value.
  onChange.mockImplementation((next: Record<string, unknown>) => void draw(next));
  return { host, onChange, last: () => onChange.mock.calls.at(-1)![0] as Record<string, unknown> };
}

const button = (host: HTMLElement, name: string) => host.querySelector<HTMLButtonElement>(`button[aria-label="${name}"]`)!;
const group = (host: HTMLElement, name: string) => [...host.querySelectorAll<HTMLElement>("fieldset.condition-group")].find((f) => f.querySelector("legend")?.textContent === name)!;

async function choose(select: HTMLSelectElement, value: string) {
  await act(async () => {
    select.value = value;
    select.dispatchEvent(new Event("change", { bubbles: true }));
  });
}

async function type(input: HTMLInputElement, text: string) {
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!;
  await act(async () => {
    setValue.call(input, text);
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
}

describe("the trigger's goal rule and stop rule", () => {
  it("says each rule as a sentence when closed, and changes nothing on opening", async () => {
    const { host, onChange } = await render({
      stopWhen: { rule: { all: [{ field: "invoice.status", op: "eq", value: "paid" }] } },
      goal: { kind: "rule", withinDays: 7, rule: { any: [{ field: "invoice.total", op: "gt", value: 100 }, { field: "invoice.due_date", op: "exists", value: false }] } },
    });
    const sentences = [...host.querySelectorAll(".rule-sentence")].map((p) => p.textContent);
    expect(sentences).toEqual(["Stop when Invoice › Status is Paid", "The goal is reached when Invoice › Total is more than 100 or Invoice › Due date is empty"]);
    expect(host.querySelector("fieldset.condition-group")).toBeNull();
    expect(host.textContent).not.toMatch(/invoice\.|"all"|\{/);
    expect(onChange).not.toHaveBeenCalled();
  });

  it("sets a goal rule and a stop rule by picking fields and typing plain values", async () => {
    const { host, last } = await render({ goal: { kind: "rule", withinDays: 7 } });
    expect([...host.querySelectorAll(".rule-sentence")].map((p) => p.textContent)).toEqual(["Stop when: no rule yet.", "The goal is reached when: no rule yet."]);

    await act(async () => button(host, "Set the rule: The goal is reached when").click());
    const goalRule = group(host, "The goal is reached when");
    const goalField = goalRule.querySelector<HTMLSelectElement>('select[aria-label="Field"]')!;
    // A goal's rule is about the trigger's record: only the invoice's fields are offered.
    expect([...goalField.querySelectorAll("optgroup")].map((g) => g.label)).toEqual(["Invoice"]);
    await choose(goalField, "invoice.status");
    await choose(group(host, "The goal is reached when").querySelector<HTMLSelectElement>('select[id$="-value"]')!, "paid");
    expect(last().goal).toEqual({ kind: "rule", withinDays: 7, rule: { all: [{ field: "invoice.status", op: "eq", value: "paid" }] } });

    await act(async () => button(host, "Set the rule: Stop when").click());
    const stopField = group(host, "Stop when").querySelector<HTMLSelectElement>('select[aria-label="Field"]')!;
    expect([...stopField.querySelectorAll("optgroup")].map((g) => g.label)).toContain("Client");
    await choose(stopField, "invoice.total");
    await choose(group(host, "Stop when").querySelector<HTMLSelectElement>('select[id$="-op"]')!, "gt");
    await type(group(host, "Stop when").querySelector<HTMLInputElement>('input[id$="-value"]')!, "250");
    expect(last().stopWhen).toEqual({ rule: { all: [{ field: "invoice.total", op: "gt", value: 250 }] } });

    await act(async () => button(host, "Done with the rule: Stop when").click());
    await act(async () => button(host, "Done with the rule: The goal is reached when").click());
    expect([...host.querySelectorAll(".rule-sentence")].map((p) => p.textContent)).toEqual([
      "Stop when Invoice › Total is more than 250",
      "The goal is reached when Invoice › Status is Paid",
    ]);
  });

  it("shows no rule for a goal of another kind", async () => {
    const { host } = await render({ goal: { kind: "invoice_paid", withinDays: 14 } });
    expect([...host.querySelectorAll(".rule-sentence")].map((p) => p.textContent)).toEqual(["Stop when: no rule yet."]);
  });

  it("shows the server's problems in words under the rule", async () => {
    const { host } = await render(
      { stopWhen: { rule: { all: [{ field: "invoice.status", op: "eq", value: "" }] } } },
      { stopWhen: { rule: { all: { value: { __errors: ["Enter the value to compare Invoice › Status with."] } } } } },
    );
    expect(host.querySelector(".rule-field .field-error")?.textContent).toBe("Enter the value to compare Invoice › Status with.");
  });

  it("keeps a rule the editor cannot show as code, unchanged, and offers code view for any rule", async () => {
    const odd = { all: [{ field: "invoice.status", op: "eq", value: "paid" }], any: [] };
    const { host, onChange } = await render({ stopWhen: { rule: odd } });
    expect(host.textContent).toContain("Shown as code: it uses parts the plain controls cannot show.");
    expect(onChange).not.toHaveBeenCalled();

    const plain = await render({ stopWhen: { rule: { all: [{ field: "invoice.status", op: "eq", value: "paid" }] } } });
    await act(async () => button(plain.host, "Edit as code: Stop when").click());
    expect(button(plain.host, "Back to plain words: Stop when")).not.toBeNull();
    expect(plain.onChange).not.toHaveBeenCalled();
  });
});
