import type { RJSFSchema, UiSchema } from "@rjsf/utils";

type Schema = Record<string, unknown>;

/** Fields whose text is long (a message, a body): a text area rather than a line. */
const longFields = new Set(["message", "html", "text", "body", "description", "payload"]);

/**
 * A catalog config schema as a form: rules across fields (`allOf`, `oneOf`, `if`/`then`, `dependentRequired`) are left to
 * the server's validation, which the builder runs as the person types and shows on the fields; a field that is an id or a
 * template (`anyOf` of a format and a pattern) is a text field. Liquid fields get the template editor (`x-liquid`), fields
 * of any JSON (an untyped field) a JSON editor, and the field order follows the schema.
 */
export function formOf(schema: Schema | null | undefined): { schema: RJSFSchema; uiSchema: UiSchema } {
  if (!schema) {
    return { schema: { type: "object", properties: {} }, uiSchema: {} };
  }
  return { schema: simplify(schema) as RJSFSchema, uiSchema: uiOf(schema) };
}

function simplify(schema: Schema): Schema {
  const { allOf: _allOf, oneOf: _oneOf, if: _if, then: _then, dependentRequired: _dr, anyOf, examples: _examples, ...rest } = schema;
  const copy: Schema = { ...rest };
  if (anyOf && !copy.type) {
    const typed = (anyOf as Schema[]).find((option) => typeof option.type === "string");
    copy.type = typed?.type ?? "string";
  }
  if (copy.properties && typeof copy.properties === "object") {
    copy.properties = Object.fromEntries(Object.entries(copy.properties as Record<string, Schema>).map(([key, value]) => [key, simplify(value)]));
  }
  if (copy.additionalProperties && typeof copy.additionalProperties === "object") {
    copy.additionalProperties = simplify(copy.additionalProperties as Schema);
  }
  if (copy.items && typeof copy.items === "object") {
    copy.items = simplify(copy.items as Schema);
  }
  if (Array.isArray(copy.type)) {
    copy.type = "string";
  }
  if (copy.format === "duration") {
    delete copy.format; // checked by its pattern (ISO-8601, negative allowed) and by the server
  }
  delete copy["not"];
  return copy;
}

function uiOf(schema: Schema): UiSchema {
  const ui: UiSchema = {};
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  for (const [key, property] of Object.entries(properties)) {
    if (property.type === undefined && property.anyOf === undefined && property.enum === undefined && property.properties === undefined) {
      ui[key] = { "ui:field": "json" };
    } else if (property["x-liquid"] === true || property["x-recipient"] !== undefined) {
      ui[key] = { "ui:widget": "liquid", "ui:options": { multiline: longFields.has(key) } };
    } else if (property.type === "object" && property.properties) {
      ui[key] = uiOf(property);
    } else if (property.type === "object" && property.additionalProperties && typeof property.additionalProperties === "object") {
      ui[key] = { additionalProperties: (property.additionalProperties as Schema)["x-liquid"] ? { "ui:widget": "liquid" } : {} };
    }
    if (property.default !== undefined && typeof property.default === "string") {
      ui[key] = { ...(ui[key] as object), "ui:placeholder": `Default: ${property.default}` };
    }
  }
  ui["ui:order"] = [...Object.keys(properties), "*"];
  return ui;
}

/** The labels of a form's fields: `subject` → "Subject", `maxIterations` → "Max iterations". */
export function fieldTitle(key: string): string {
  const words = key.replace(/([a-z])([A-Z])/g, "$1 $2").replaceAll("_", " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
