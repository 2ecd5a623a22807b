import type { RJSFSchema, UiSchema } from "@rjsf/utils";
import { durationWords, plainDuration } from "./plain/duration";
import { writableByRecord } from "./plain/recordFields";

type Schema = Record<string, unknown>;

/** Fields whose text is long (a message, a body): a text area rather than a line. */
const longFields = new Set(["message", "html", "text", "body", "description", "payload"]);

/**
 * A catalog config schema as a form: rules across fields (`allOf`, `oneOf`, `if`/`then`, `dependentRequired`) are left to
 * the server's validation, which the builder runs as the person types and shows on the fields; a field that is an id or a
 * template (`anyOf` of a format and a pattern) is a text field. Message fields (`x-liquid`, `x-recipient`) get the chip
 * editor, durations (`format: duration`) a number and a unit, value paths (`x-context-path`) a menu of fields, a delay's
 * config (duration, until, offset) one moment control, a rule of the trigger's settings (`x-rule`: a goal's rule, the stop
 * rule) the condition editor; fields of any JSON (an untyped field) a JSON editor, and the field
 * order follows the schema.
 */
export function formOf(schema: Schema | null | undefined, enumLabel: (value: string) => string | undefined = () => undefined): { schema: RJSFSchema; uiSchema: UiSchema } {
  if (!schema) {
    return { schema: { type: "object", properties: {} }, uiSchema: {} };
  }
  const ui = uiOf(schema);
  const keys = Object.keys((schema.properties ?? {}) as object);
  if (keys.includes("duration") && keys.includes("until") && keys.includes("offset")) {
    ui["ui:field"] = "moment";
  }
  const writable = keys.includes("record") && keys.includes("fields") ? writableByRecord(schema) : null;
  if (writable !== null) {
    ui.fields = { "ui:field": "recordFields", "ui:options": { writable } };
  }
  return { schema: simplify(schema, enumLabel) as RJSFSchema, uiSchema: ui };
}

function simplify(schema: Schema, enumLabel: (value: string) => string | undefined): Schema {
  const { allOf: _allOf, oneOf: _oneOf, if: _if, then: _then, dependentRequired: _dr, anyOf, examples: _examples, ...rest } = schema;
  const copy: Schema = { ...rest };
  if (anyOf && !copy.type) {
    const typed = (anyOf as Schema[]).find((option) => typeof option.type === "string");
    copy.type = typed?.type ?? "string";
  }
  if (copy.properties && typeof copy.properties === "object") {
    copy.properties = Object.fromEntries(Object.entries(copy.properties as Record<string, Schema>).map(([key, value]) => [key, simplify(value, enumLabel)]));
  }
  if (copy.additionalProperties && typeof copy.additionalProperties === "object") {
    copy.additionalProperties = simplify(copy.additionalProperties as Schema, enumLabel);
  }
  if (copy.items && typeof copy.items === "object") {
    copy.items = simplify(copy.items as Schema, enumLabel);
  }
  if (copy.type === undefined && Array.isArray(copy.enum) && copy.enum.length > 0) {
    // A choice list with no type (a schedule's overlap): rjsf needs the type to draw it as a menu.
    const first = copy.enum[0];
    copy.type = typeof first === "number" ? "number" : typeof first === "boolean" ? "boolean" : "string";
  }
  if (Array.isArray(copy.type)) {
    copy.type = "string";
  }
  if (copy.format === "duration") {
    delete copy.format; // checked by its pattern (ISO-8601, negative allowed) and by the server
  }
  delete copy["not"];
  if (Array.isArray(copy.enum) && copy.enum.every((value) => typeof value === "string")) {
    // A known set's values by their words: the schema's own (x-enum-labels: "sms" → "Text"), else the catalog's
    // ("in_progress" → "In progress"); the stored value unchanged.
    const own = Array.isArray(copy["x-enum-labels"]) ? (copy["x-enum-labels"] as unknown[]) : [];
    copy.oneOf = (copy.enum as string[]).map((value, i) => ({ const: value, title: (typeof own[i] === "string" ? own[i] : undefined) ?? enumLabel(value) ?? fieldTitle(value) }));
    delete copy.enum;
  }
  return copy;
}

function uiOf(schema: Schema): UiSchema {
  const ui: UiSchema = {};
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  for (const [key, property] of Object.entries(properties)) {
    if (typeof property["x-rule"] === "string") {
      ui[key] = { "ui:field": "rule" };
    } else if (property.type === undefined && property.anyOf === undefined && property.enum === undefined && property.properties === undefined) {
      ui[key] = { "ui:field": "json" };
    } else if (property["x-liquid"] === true || property["x-recipient"] !== undefined) {
      ui[key] = { "ui:widget": "message", "ui:options": { multiline: longFields.has(key), html: key === "html" } };
    } else if (property.type === "array" && property.uniqueItems === true && Array.isArray((property.items as Schema | undefined)?.enum)) {
      ui[key] = { "ui:widget": "checkboxes" }; // a few known values, each once: ticked by their words
    } else if (property.format === "duration") {
      ui[key] = { "ui:widget": "duration" };
    } else if (typeof property["x-context-path"] === "string" && property.type === "string") {
      ui[key] = { "ui:widget": "path" };
    } else if (property.type === "object" && (property.additionalProperties as Schema | undefined)?.type === "array" && property.propertyNames !== undefined) {
      ui[key] = { "ui:field": "meanings" };
    } else if (property.type === "object" && property.properties) {
      ui[key] = uiOf(property);
    } else if (property.type === "object" && property.additionalProperties && typeof property.additionalProperties === "object") {
      ui[key] = { additionalProperties: (property.additionalProperties as Schema)["x-liquid"] ? { "ui:widget": "message" } : {} };
    }
    const placeholder = defaultWords(property);
    if (placeholder !== null) {
      ui[key] = { ...(ui[key] as object), "ui:placeholder": placeholder };
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

/** A field's default in words, as its placeholder ("Default: 3 days"); none for a template (its hint says it in words). */
function defaultWords(property: Schema): string | null {
  const value = property.default;
  if (typeof value !== "string" && typeof value !== "number") {
    return null;
  }
  if (property["x-liquid"] === true || property["x-recipient"] !== undefined || String(value).includes("{{")) {
    return null;
  }
  const duration = property.format === "duration" ? plainDuration(value) : null;
  return `Default: ${duration ? durationWords(duration) : value}`;
}
