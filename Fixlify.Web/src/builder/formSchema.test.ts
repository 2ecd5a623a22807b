import { describe, expect, it } from "vitest";
import { fieldTitle, formOf } from "./formSchema";

describe("forms from the catalog's schemas", () => {
  it("keep fields, types and required ones, leave cross-field rules to the server, and mark Liquid fields", () => {
    const { schema, uiSchema } = formOf({
      type: "object",
      properties: {
        to: { type: "string", "x-liquid": true, "x-recipient": "email", default: "{{ client.email }}" },
        subject: { type: "string", pattern: "\\S", "x-liquid": true },
        html: { type: "string", "x-liquid": true },
        userId: { anyOf: [{ format: "uuid" }, { pattern: "\\{[{%]" }], type: "string" },
        payload: { "x-liquid": true },
        delay: { type: "string", format: "duration", pattern: "^P" },
      },
      required: ["subject"],
      additionalProperties: false,
      allOf: [{ anyOf: [{ required: ["html"] }, { required: ["text"] }] }],
    });
    expect(schema.allOf).toBeUndefined();
    expect(schema.required).toEqual(["subject"]);
    expect((schema.properties as Record<string, { anyOf?: unknown; type?: string; format?: string }>).userId).toEqual({ type: "string" });
    expect((schema.properties as Record<string, { format?: string }>).delay!.format).toBeUndefined();
    expect(uiSchema.subject).toEqual({ "ui:widget": "liquid", "ui:options": { multiline: false } });
    expect(uiSchema.html).toEqual({ "ui:widget": "liquid", "ui:options": { multiline: true } });
    expect(uiSchema.to["ui:placeholder"]).toBe("Default: {{ client.email }}");
    expect(uiSchema.payload).toEqual({ "ui:field": "json" });
    expect(fieldTitle("maxIterations")).toBe("Max iterations");
  });
});
