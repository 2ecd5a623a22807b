// @vitest-environment happy-dom
import { act, createElement } from "react";
import { createRoot } from "react-dom/client";
import { describe, expect, it, vi } from "vitest";
import ConfigForm from "../ConfigForm";
import { PlainFieldsContext } from "./PlainFieldsContext";
import { catalogFixture, updateRecordSchema } from "../plain/catalogFixture";
import { menuOf } from "../plain/menu";
import { fallbackOperators } from "../plain/rule";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const emailSchema = {
  type: "object",
  properties: {
    to: { type: "string", "x-liquid": true, "x-recipient": "email", default: "{{ client.email }}" },
    subject: { type: "string", pattern: "\\S", "x-liquid": true },
    text: { type: "string", "x-liquid": true },
  },
  required: ["subject"],
};
const delaySchema = { type: "object", properties: { until: { type: "string", "x-context-path": "date" }, duration: { type: "string", format: "duration" }, offset: { type: "string", format: "duration" } } };

async function render(schema: Record<string, unknown>, value: Record<string, unknown>) {
  const onChange = vi.fn();
  const host = document.createElement("div");
  document.body.append(host);
  const steps = [{ id: "reply", type: "wait_for_reply", label: "The client's reply" }];
  const fields = { menu: menuOf(catalogFixture, "invoice_overdue", steps), records: catalogFixture.records, replyMeanings: [{ value: "confirm", label: "Confirmed" }, { value: "cancel", label: "Wants to cancel" }], operators: fallbackOperators(["eq"]), dateFormats: catalogFixture.dateFormats, moneyFilter: "currency", enumLabels: new Map([["sent", "Sent"]]) };
  await act(async () => {
    createRoot(host).render(createElement(PlainFieldsContext.Provider, { value: fields }, createElement(ConfigForm, { id: "t", schema, value, errors: {}, onChange })));
  });
  await act(async () => new Promise((resolve) => setTimeout(resolve, 50)));
  return { host, onChange };
}

describe("a hand-written definition opens intact", () => {
  it("keeps a field outside the chip grammar in code view and changes nothing until it is edited", async () => {
    const value = { subject: "Hi{% if client.first_name %} {{ client.first_name }}{% endif %}", text: "Total {{ invoice.total | format_number: \"N2\" }}" };
    const { host, onChange } = await render(emailSchema, value);
    expect(host.textContent).toContain("Shown as code: it uses parts the plain controls cannot show.");
    expect(onChange).not.toHaveBeenCalled();
  });

  it("shows a text in the chip grammar with its details as chips, and changes nothing on opening", async () => {
    const { host, onChange } = await render(emailSchema, { subject: "Reminder: {{ invoice.total | currency }} due", text: "Hi {{client.first_name}}" });
    for (let i = 0; i < 40 && host.textContent?.includes("Loading the editor"); i++) {
      await act(async () => new Promise((resolve) => setTimeout(resolve, 50)));
    }
    const subject = host.querySelector('[role="textbox"][aria-label="Subject"]');
    expect(subject?.textContent).toBe("Reminder: Invoice's total — $1,250.00 due");
    expect(host.querySelector('[role="textbox"][aria-label="Text"]')?.textContent).toBe("Hi Client's first name");
    expect(host.textContent).toContain("Left empty, it goes to the client's email.");
    expect(onChange).not.toHaveBeenCalled();

    const insert = host.querySelector<HTMLSelectElement>('select[aria-label="Insert a detail into Text"]')!;
    await act(async () => {
      insert.value = "invoice.due_date";
      insert.dispatchEvent(new Event("change", { bubbles: true }));
    });
    const saved = onChange.mock.calls.at(-1)![0] as Record<string, string>;
    expect(saved.subject).toBe("Reminder: {{ invoice.total | currency }} due");
    expect(saved.text).toMatch(/^Hi \{\{client\.first_name\}\}.*\{\{ invoice\.due_date \| date: "%B %-d, %Y" \}\}/);
  });

  it("turns a field plain when the menus arrive after the panel opened (not stuck in code)", async () => {
    const host = document.createElement("div");
    document.body.append(host);
    const fields = { menu: menuOf(catalogFixture, "invoice_overdue", []), records: catalogFixture.records, replyMeanings: [], operators: fallbackOperators(["eq"]), dateFormats: catalogFixture.dateFormats, moneyFilter: "currency", enumLabels: new Map<string, string>() };
    const form = (menu: typeof fields.menu) => createElement(PlainFieldsContext.Provider, { value: { ...fields, menu } }, createElement(ConfigForm, { id: "late", schema: emailSchema, value: { subject: "Hi {{ client.first_name }}" }, errors: {}, onChange: vi.fn() }));
    const root = createRoot(host);
    await act(async () => root.render(form([])));
    expect(host.textContent).toContain("Shown as code");
    await act(async () => root.render(form(fields.menu)));
    for (let i = 0; i < 40 && host.textContent?.includes("Loading the editor"); i++) {
      await act(async () => new Promise((resolve) => setTimeout(resolve, 50)));
    }
    expect(host.textContent).not.toContain("Shown as code");
    expect(host.querySelector('[role="textbox"][aria-label="Subject"]')?.textContent).toBe("Hi Client's first name");
  });

  it("shows a delay written by hand with an unusual duration as code, and one in words as a moment", async () => {
    const code = await render(delaySchema, { duration: "PT90S" });
    expect(code.host.textContent).toContain("Shown as code");
    expect(code.onChange).not.toHaveBeenCalled();
    const plain = await render(delaySchema, { until: "invoice.due_date", offset: "P3D" });
    expect(plain.host.textContent).toContain("Goes on 3 days after Invoice › Due date.");
    expect(plain.onChange).not.toHaveBeenCalled();
  });

  it("shows an Update a record step's fields to change by their labels, with chips, and changes nothing on opening", async () => {
    const { host, onChange } = await render(updateRecordSchema, { record: "job", fields: { confirmed_at: "{{ steps.reply.receivedAt }}" } });
    await waitForEditors(host);
    const rows = host.querySelectorAll('[role="group"][aria-label="Confirmed by the client"]');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.querySelector<HTMLSelectElement>("select")!.selectedOptions[0]!.textContent).toBe("Confirmed by the client");
    expect(host.querySelector('[role="textbox"][aria-label="Confirmed by the client"]')?.textContent).toBe("The client's reply: when they answered");
    const record = host.querySelector<HTMLSelectElement>("select#t_record")!;
    expect(record.selectedOptions[0]!.textContent).toBe("Job");
    expect(host.textContent).not.toMatch(/[a-z]+_[a-z]+|\{\{|Key/);
    expect(onChange).not.toHaveBeenCalled();

    const add = [...host.querySelectorAll("button")].find((b) => b.textContent === "Add a field")!;
    await act(async () => add.click());
    expect(onChange.mock.calls.at(-1)![0]).toEqual({ record: "job", fields: { confirmed_at: "{{ steps.reply.receivedAt }}", status: "scheduled" } });
    const status = host.querySelector<HTMLSelectElement>('[role="group"][aria-label="Status"] select[id$="-value"]')!;
    expect([...status.options].map((o) => o.textContent)).toEqual(["Scheduled", "In progress"]);
    await act(async () => {
      status.value = "in_progress";
      status.dispatchEvent(new Event("change", { bubbles: true }));
    });
    expect(JSON.stringify(onChange.mock.calls.at(-1)![0])).toBe('{"record":"job","fields":{"confirmed_at":"{{ steps.reply.receivedAt }}","status":"in_progress"}}');
    const remove = host.querySelector<HTMLButtonElement>('button[aria-label="Remove Confirmed by the client"]')!;
    await act(async () => remove.click());
    expect(onChange.mock.calls.at(-1)![0]).toEqual({ record: "job", fields: { status: "in_progress" } });
  });

  it("keeps a hand-written value outside the chips as code in its row, unchanged", async () => {
    const value = { record: "job", fields: { description: "Done{% if job.title %} by {{ job.title }}{% endif %}" } };
    const { host, onChange } = await render(updateRecordSchema, value);
    expect(host.querySelector('[role="group"][aria-label="Description"]')?.textContent).toContain("Shown as code");
    expect(onChange).not.toHaveBeenCalled();
  });
});

describe("a wait for a reply's meanings", () => {
  const schema = {
    type: "object",
    properties: {
      intents: {
        type: "object",
        title: "What replies mean",
        propertyNames: { pattern: "^[a-z][a-z0-9_]*$", not: { enum: ["none", "other", "opted_out"] } },
        additionalProperties: { type: "array", minItems: 1, items: { type: "string" } },
        default: { confirm: ["C", "YES"], reschedule: ["R"] },
      },
    },
  };

  it("shows each meaning in words with its replies, and writes a new one by its stored name", async () => {
    const { host, onChange } = await render(schema, { intents: { confirm: ["C", "YES"], running_late: ["LATE"] } });
    expect([...host.querySelectorAll<HTMLInputElement>('input[id$="-name"]')].map((i) => i.value)).toEqual(["Confirmed", "running late"]);
    expect(host.querySelector<HTMLInputElement>('[role="group"][aria-label="Confirmed"] input[id$="-replies"]')!.value).toBe("C, YES");
    expect(host.textContent).not.toMatch(/running_late|Key/);
    expect(onChange).not.toHaveBeenCalled();

    const add = [...host.querySelectorAll("button")].find((b) => b.textContent === "Add a meaning")!;
    await act(async () => add.click());
    const inputs = host.querySelectorAll<HTMLInputElement>('[role="group"][aria-label="A meaning"] input');
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!;
    await act(async () => {
      setValue.call(inputs[0]!, "Wants to cancel");
      inputs[0]!.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await act(async () => {
      setValue.call(inputs[1]!, "X, NO");
      inputs[1]!.dispatchEvent(new Event("input", { bubbles: true }));
    });
    expect(JSON.stringify(onChange.mock.calls.at(-1)![0])).toBe('{"intents":{"confirm":["C","YES"],"running_late":["LATE"],"cancel":["X","NO"]}}');
  });

  it("says the defaults in words when the step has none", async () => {
    const { host, onChange } = await render(schema, {});
    expect(host.textContent).toContain("Unless you add your own: “Confirmed” for C, YES; “reschedule” for R.");
    expect(onChange).not.toHaveBeenCalled();
  });
});

async function waitForEditors(host: HTMLElement) {
  for (let i = 0; i < 40 && host.textContent?.includes("Loading the editor"); i++) {
    await act(async () => new Promise((resolve) => setTimeout(resolve, 50)));
  }
}
