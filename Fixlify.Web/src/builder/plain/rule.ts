import type { OperatorLabel } from "../plainCatalog";
import type { MenuItem } from "./menu";

/** A rule as the definition stores it. */
export type Rule = { field?: string; op?: string; value?: unknown };

const allKinds = ["text", "long_text", "choice", "number", "money", "boolean", "email", "phone", "id", "date", "datetime", "list"];

/** Operators in words when the catalog sends none: its operator names with the words the builder used before. */
export function fallbackOperators(operators: string[]): OperatorLabel[] {
  const words: Record<string, [string, OperatorLabel["value"]]> = {
    eq: ["is", "one"],
    ne: ["is not", "one"],
    gt: ["is more than", "one"],
    gte: ["is at least", "one"],
    lt: ["is less than", "one"],
    lte: ["is at most", "one"],
    in: ["is one of", "many"],
    contains: ["contains", "one"],
    exists: ["is filled in", "none"],
    changed_to: ["changed to", "one"],
  };
  return operators.map((op) => ({ op, label: words[op]?.[0] ?? op, value: words[op]?.[1] ?? "one", kinds: allKinds, fixedValue: null }) as OperatorLabel);
}

const fixed = (operator: OperatorLabel): unknown => (operator.fixedValue === null ? undefined : operator.fixedValue);

/** One choice of the operator menu: the op, and the value its words already say ("is empty" is exists with false). */
export function operatorKey(operator: OperatorLabel): string {
  return fixed(operator) === undefined ? operator.op : `${operator.op}:${JSON.stringify(operator.fixedValue)}`;
}

/** The operators that fit a field's kind, each choice once (the first label the catalog gives it for that kind). */
export function operatorsFor(kind: string, operators: OperatorLabel[]): OperatorLabel[] {
  const seen = new Set<string>();
  return operators.filter((o) => (o.kinds as string[]).includes(kind) && !seen.has(operatorKey(o)) && seen.add(operatorKey(o)));
}

/** The operator a rule uses, in the words that fit its field: the one whose fixed value it holds, else the plain op. */
export function operatorOf(rule: Rule, kind: string, operators: OperatorLabel[]): OperatorLabel | undefined {
  const fitting = operatorsFor(kind, operators).filter((o) => o.op === (rule.op ?? "eq"));
  return fitting.find((o) => fixed(o) !== undefined && JSON.stringify(o.fixedValue) === JSON.stringify(rule.value)) ?? fitting.find((o) => fixed(o) === undefined);
}

/** Whether a value can be shown by the input of a field's kind (else the rule stays in code view). */
export function valueFits(item: MenuItem, operator: OperatorLabel, value: unknown): boolean {
  if (fixed(operator) !== undefined) {
    return JSON.stringify(value) === JSON.stringify(operator.fixedValue);
  }
  if (operator.value === "none") {
    return value === undefined;
  }
  if (operator.value === "many") {
    return Array.isArray(value) && value.every((v) => oneFits(item, v));
  }
  return oneFits(item, value);
}

function oneFits(item: MenuItem, value: unknown): boolean {
  switch (item.kind) {
    case "number":
    case "money":
      return typeof value === "number" || value === "";
    case "boolean":
      return typeof value === "boolean";
    case "choice":
      return item.choices.length === 0 ? typeof value === "string" : item.choices.some((c) => c.value === value) || value === "";
    case "date":
      return typeof value === "string" && (value === "" || /^\d{4}-\d{2}-\d{2}$/.test(value));
    case "datetime":
      return typeof value === "string" && (value === "" || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value));
    default:
      return typeof value === "string";
  }
}

/** How a rule reads in plain controls (its field, operator and value), or null when it can only be shown as code. */
export function plainRule(rule: Rule, menu: MenuItem[], operators: OperatorLabel[]): { item: MenuItem; operator: OperatorLabel } | null {
  const item = menu.find((m) => m.path === rule.field);
  const operator = item && operatorOf(rule, item.kind, operators);
  if (!item || !operator || !valueFits(item, operator, rule.value)) {
    return null;
  }
  const known = new Set(["field", "op", "value"]);
  return Object.keys(rule).every((key) => known.has(key)) ? { item, operator } : null;
}

/** The rule after picking another field: its first operator, and an empty value of the field's kind. */
export function withField(item: MenuItem, operators: OperatorLabel[]): Rule {
  const operator = operatorsFor(item.kind, operators)[0];
  return { field: item.path, op: operator?.op ?? "eq", ...emptyValue(item, operator) };
}

/** The rule after picking another operator: the value kept when it still fits, else emptied. */
export function withOperator(rule: Rule, item: MenuItem, operator: OperatorLabel): Rule {
  const { value: _value, ...rest } = rule;
  if (fixed(operator) !== undefined) {
    return { ...rest, op: operator.op, value: operator.fixedValue };
  }
  if (valueFits(item, operator, rule.value)) {
    return { ...rest, op: operator.op, ...(operator.value === "none" ? {} : { value: rule.value }) };
  }
  if (operator.value === "many") {
    return { ...rest, op: operator.op, value: rule.value !== undefined && rule.value !== "" && !Array.isArray(rule.value) ? [rule.value] : [] };
  }
  if (operator.value === "one" && Array.isArray(rule.value)) {
    return { ...rest, op: operator.op, value: rule.value[0] ?? "" };
  }
  return { ...rest, op: operator.op, ...emptyValue(item, operator) };
}

function emptyValue(item: MenuItem, operator: OperatorLabel | undefined): { value?: unknown } {
  if (operator && fixed(operator) !== undefined) {
    return { value: operator.fixedValue };
  }
  if (operator?.value === "none") {
    return {};
  }
  if (operator?.value === "many") {
    return { value: [] };
  }
  return { value: item.kind === "boolean" ? true : item.kind === "choice" && item.choices.length > 0 ? item.choices[0]!.value : "" };
}

/** A typed value as the rule stores it: numbers for numbers and money, text otherwise. */
export function valueOf(item: MenuItem, text: string): unknown {
  return (item.kind === "number" || item.kind === "money") && text.trim() !== "" && Number.isFinite(Number(text)) ? Number(text) : text;
}
