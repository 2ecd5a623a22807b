import type { OperatorLabel } from "../plainCatalog";
import { ruleWords } from "../words/plainWords";
import { menuLabel, type MenuItem } from "./menu";
import { plainRule, type Rule } from "./rule";

/** A rule group as the definition stores it: `{"all": [...]}` or `{"any": [...]}`, items rules or groups. */
type Group = { all?: unknown[]; any?: unknown[] };

/** Whether the plain condition editor can show `value`: nothing yet, or one group of all or any (its rules may be code). */
export function isRuleGroup(value: unknown): boolean {
  if (value === undefined) {
    return true;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return false;
  }
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === "all" || keys[0] === "any") && Array.isArray((value as Record<string, unknown>)[keys[0]]);
}

/**
 * A rule group in words, as the menus say its parts: "Invoice › Status is Paid and Invoice › Amount paid is at least 100",
 * groups inside in brackets; a rule the menus cannot show in the catalog's fallback words. Null when it has no rule yet.
 */
export function ruleGroupWords(value: unknown, menu: MenuItem[], operators: OperatorLabel[]): string | null {
  if (!isRuleGroup(value) || value === undefined) {
    return null;
  }
  const group = value as Group;
  const match = Array.isArray(group.all) ? "all" : "any";
  const parts = (group[match] ?? [])
    .map((item) => {
      if (typeof item === "object" && item !== null && ("all" in item || "any" in item)) {
        const inner = ruleGroupWords(item, menu, operators);
        return inner === null ? null : `(${inner})`;
      }
      return oneRuleWords((item ?? {}) as Rule, menu, operators);
    })
    .filter((part): part is string => part !== null);
  return parts.length === 0 ? null : parts.join(match === "all" ? " and " : " or ");
}

function oneRuleWords(rule: Rule, menu: MenuItem[], operators: OperatorLabel[]): string | null {
  if ((rule.field ?? "") === "") {
    return null;
  }
  const plain = plainRule(rule, menu, operators);
  if (plain === null) {
    return ruleWords(null, rule);
  }
  const { item, operator } = plain;
  const hasValue = operator.value !== "none" && (operator.fixedValue === null || operator.fixedValue === undefined);
  return hasValue ? `${menuLabel(item)} ${operator.label} ${valueWords(item, rule.value)}` : `${menuLabel(item)} ${operator.label}`;
}

function valueWords(item: MenuItem, value: unknown): string {
  if (Array.isArray(value)) {
    return value.length === 0 ? "(no value yet)" : value.map((v) => valueWords(item, v)).join(", ");
  }
  if (typeof value === "boolean") {
    return value ? "yes" : "no";
  }
  if (value === undefined || value === null || value === "") {
    return "(no value yet)";
  }
  return item.choices.find((c) => c.value === value)?.label ?? String(value);
}

/** The rule as a sentence: "Stop when Invoice › Status is Paid", or "Stop when: no rule yet." */
export function ruleSentence(start: string, value: unknown, menu: MenuItem[], operators: OperatorLabel[]): string {
  const words = ruleGroupWords(value, menu, operators);
  if (words !== null) {
    return `${start} ${words}`;
  }
  return isRuleGroup(value) ? `${start}: no rule yet.` : `${start}: a rule written as code.`;
}
