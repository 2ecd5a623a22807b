import { describe, expect, it } from "vitest";
import { fieldTitle, formOf } from "./formSchema";

describe("forms from the catalog's schemas", () => {
  it("give a choice list with no type the type of its values, so it is drawn as a menu", () => {
    const { schema } = formOf({ type: "object", properties: { overlap: { enum: ["skip", "allow"], default: "skip" } } });

    expect((schema.properties as Record<string, { type?: string }>).overlap!.type).toBe("string");
  });

  it("keep fields, types and required ones, leave cross-field rules to the server, and give each field its plain control", () => {
    const { schema, uiSchema } = formOf({
      type: "object",
      properties: {
        to: { type: "string", "x-liquid": true, "x-recipient": "email", default: "{{ client.email }}" },
        subject: { type: "string", pattern: "\\S", "x-liquid": true },
        html: { type: "string", "x-liquid": true },
        userId: { anyOf: [{ format: "uuid" }, { pattern: "\\{[{%]" }], type: "string" },
        payload: { "x-liquid": true },
        delay: { type: "string", format: "duration", pattern: "^P", default: "PT24H" },
        over: { type: "string", "x-context-path": "list" },
        as: { type: "string", default: "item" },
      },
      required: ["subject"],
      additionalProperties: false,
      allOf: [{ anyOf: [{ required: ["html"] }, { required: ["text"] }] }],
    });
    expect(schema.allOf).toBeUndefined();
    expect(schema.required).toEqual(["subject"]);
    expect((schema.properties as Record<string, { anyOf?: unknown; type?: string; format?: string }>).userId).toEqual({ type: "string" });
    expect((schema.properties as Record<string, { format?: string }>).delay!.format).toBeUndefined();
    expect(uiSchema.subject).toEqual({ "ui:widget": "message", "ui:options": { multiline: false, html: false } });
    expect(uiSchema.html).toEqual({ "ui:widget": "message", "ui:options": { multiline: true, html: true } });
    expect(uiSchema.to["ui:widget"]).toBe("message");
    expect(uiSchema.to["ui:placeholder"]).toBeUndefined();
    expect(uiSchema.delay).toEqual({ "ui:widget": "duration", "ui:placeholder": "Default: 24 hours" });
    expect(uiSchema.over).toEqual({ "ui:widget": "path" });
    expect(uiSchema.as).toEqual({ "ui:placeholder": "Default: item" });
    expect(uiSchema["ui:field"]).toBeUndefined();
    expect(uiSchema.payload).toEqual({ "ui:field": "json" });
    expect(fieldTitle("maxIterations")).toBe("Max iterations");
  });

  it("show a known set's values by their words, keeping the stored values", () => {
    const { schema } = formOf({ type: "object", properties: { toStatus: { type: "string", enum: ["in_progress", "completed"] }, statuses: { type: "array", items: { enum: ["active"] } } } }, (value) =>
      value === "completed" ? "Done" : undefined,
    );
    const properties = schema.properties as Record<string, { oneOf?: unknown; items?: { oneOf?: unknown } }>;
    expect(properties.toStatus!.oneOf).toEqual([
      { const: "in_progress", title: "In progress" },
      { const: "completed", title: "Done" },
    ]);
    expect(properties.statuses!.items!.oneOf).toEqual([{ const: "active", title: "Active" }]);
  });

  it("take an enum's words from the schema itself first (a message's channels: Text, not Sms)", () => {
    const { schema } = formOf({ type: "object", properties: { channels: { type: "array", uniqueItems: true, items: { type: "string", enum: ["push", "sms", "email"], "x-enum-labels": ["App notification", "Text", "Email"] } } } }, () => "Catalog words");
    const channels = (schema.properties as Record<string, { items?: { oneOf?: unknown } }>).channels!;
    expect(channels.items!.oneOf).toEqual([
      { const: "push", title: "App notification" },
      { const: "sms", title: "Text" },
      { const: "email", title: "Email" },
    ]);
  });

  it("show a delay's config as one moment control", () => {
    const { uiSchema } = formOf({ type: "object", properties: { until: { type: "string" }, duration: { type: "string", format: "duration" }, offset: { type: "string", format: "duration" } } });
    expect(uiSchema["ui:field"]).toBe("moment");
  });

  it("show a rule of the trigger's settings (x-rule: the stop rule, a goal's rule) with the condition editor, not as JSON", () => {
    const rule = (start: string) => ({ type: "object", title: "The rule", "x-rule": start });
    const { uiSchema } = formOf({
      type: "object",
      properties: {
        stopWhen: { type: "object", properties: { states: { type: "array", uniqueItems: true, items: { type: "string", enum: ["invoice_paid"] } }, rule: rule("Stop when") } },
        goal: { type: "object", properties: { kind: { type: "string", enum: ["rule"] }, rule: rule("The goal is reached when") } },
      },
    });
    expect(uiSchema.stopWhen.rule["ui:field"]).toBe("rule");
    expect(uiSchema.goal.rule["ui:field"]).toBe("rule");
    expect(uiSchema.goal.kind?.["ui:field"]).toBeUndefined();
    expect(uiSchema.stopWhen.states["ui:widget"]).toBe("checkboxes");
  });
});
