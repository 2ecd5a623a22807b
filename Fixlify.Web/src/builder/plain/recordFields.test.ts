// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { catalogFixture, updateRecordSchema } from "./catalogFixture";
import { fieldsOf, recordLabel, rowsOf, valueControl, writableByRecord, writableFields } from "./recordFields";
import { docToText, textToDoc } from "./messageDoc";

describe("an Update a record step's fields", () => {
  it("reads which fields each record may change from the schema's rules, in words from the catalog", () => {
    const writable = writableByRecord(updateRecordSchema)!;
    expect(writable).toEqual({ job: ["status", "confirmed_at", "description"], invoice: ["status", "due_date"] });
    expect(writableFields("invoice", writable, catalogFixture.records).map((f) => [f.label, f.kind])).toEqual([
      ["Status", "choice"],
      ["Due date", "date"],
    ]);
    expect(recordLabel("job", catalogFixture.records)).toBe("Job");
    expect(recordLabel("estimate", catalogFixture.records)).toBe("Estimate");
    expect(writableByRecord({ type: "object" })).toBeNull();
  });

  it.each([
    [{ confirmed_at: "{{ steps.reply.receivedAt }}" }],
    [{ status: "completed", description: "Done by {{ technician.first_name }}{% if x %}!{% endif %}", priority: 3 }],
    [{ email_opt_out: true }],
  ])("writes %j back byte for byte through its rows", (fields) => {
    const config = { record: "job", fields };
    const again = { ...config, fields: fieldsOf(rowsOf(config.fields)) };
    expect(JSON.stringify(again)).toBe(JSON.stringify(config));
  });

  it("shows a chip value as chips and writes it back unchanged", () => {
    const text = "{{ steps.reply.receivedAt }}";
    expect(docToText(textToDoc(text)!)).toBe(text);
  });

  it("gives a status its choices, yes or no to a boolean, and chips to anything else or a value outside the choices", () => {
    const status = writableFields("invoice", { invoice: ["status"] }, catalogFixture.records)[0];
    expect(valueControl(status, "paid")).toBe("choice");
    expect(valueControl(status, "{{ steps.check.status }}")).toBe("message");
    expect(valueControl({ name: "sms_opt_out", label: "Opted out of texts", kind: "boolean", choices: [] }, true)).toBe("yesno");
    expect(valueControl({ name: "confirmed_at", label: "Confirmed by the client", kind: "datetime", choices: [] }, "{{ steps.reply.receivedAt }}")).toBe("message");
  });
});
