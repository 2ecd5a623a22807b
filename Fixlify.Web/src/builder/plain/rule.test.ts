import { describe, expect, it } from "vitest";
import { catalogFixture } from "./catalogFixture";
import { menuOf } from "./menu";
import { fallbackOperators, operatorsFor, plainRule, valueOf, withField, withOperator } from "./rule";

const menu = menuOf(catalogFixture, "invoice_overdue", [{ id: "reply", type: "wait_for_reply", label: "The client's reply" }]);
const operators = catalogFixture.operatorLabels!;
const item = (path: string) => menu.find((m) => m.path === path)!;

describe("rules in words", () => {
  it("offer the operators that fit the field's kind, in the catalog's words", () => {
    expect(operatorsFor("money", operators).map((o) => o.label)).toEqual(["is", "is not", "is more than", "is filled in", "is empty"]);
    expect(operatorsFor("date", operators).map((o) => o.label)).toEqual(["is", "is not", "is after", "is filled in", "is empty"]);
    expect(operatorsFor("choice", operators).map((o) => o.label)).toEqual(["is", "is not", "is one of", "is filled in", "is empty"]);
  });

  it.each([
    { field: "invoice.status", op: "eq", value: "paid" },
    { field: "invoice.status", op: "in", value: ["sent", "paid"] },
    { field: "invoice.total", op: "gt", value: 1000 },
    { field: "invoice.due_date", op: "gt", value: "2026-12-01" },
    { field: "steps.reply.intent", op: "eq", value: "confirm" },
    { field: "steps.reply.timedOut", op: "eq", value: true },
    { field: "client.email", op: "exists" },
    { field: "client.email", op: "exists", value: false },
  ])("show %j in plain controls", (rule) => {
    expect(plainRule(rule, menu, operators)).not.toBeNull();
  });

  it.each([
    { field: "invoice.organization_id", op: "eq", value: "x" },
    { field: "trigger.previous.status", op: "eq", value: "draft" },
    { field: "invoice.status", op: "eq", value: "archived" },
    { field: "invoice.total", op: "gt", value: "1000" },
    { field: "invoice.total", op: "contains", value: 1 },
    { field: "client.email", op: "exists", value: true },
    { field: "client.email", op: "exists", value: "no" },
  ])("leave %j to the code view", (rule) => {
    expect(plainRule(rule, menu, operators)).toBeNull();
  });

  it("keep a fitting value when the operator changes, and set one of the field's kind when the field changes", () => {
    const eq = operators[0]!;
    const within = operators.find((o) => o.op === "in")!;
    expect(withField(item("invoice.status"), operators)).toEqual({ field: "invoice.status", op: "eq", value: "sent" });
    expect(withField(item("steps.reply.timedOut"), operators)).toEqual({ field: "steps.reply.timedOut", op: "eq", value: true });
    expect(withOperator({ field: "invoice.status", op: "eq", value: "paid" }, item("invoice.status"), within)).toEqual({ field: "invoice.status", op: "in", value: ["paid"] });
    expect(withOperator({ field: "invoice.status", op: "in", value: ["paid"] }, item("invoice.status"), eq)).toEqual({ field: "invoice.status", op: "eq", value: "paid" });
    const empty = operators.find((o) => o.label === "is empty")!;
    expect(withOperator({ field: "client.email", op: "exists" }, item("client.email"), empty)).toEqual({ field: "client.email", op: "exists", value: false });
    expect(plainRule({ field: "client.email", op: "exists", value: false }, menu, operators)!.operator.label).toBe("is empty");
    expect(plainRule({ field: "client.email", op: "exists" }, menu, operators)!.operator.label).toBe("is filled in");
    expect(valueOf(item("invoice.total"), "1250.50")).toBe(1250.5);
    expect(valueOf(item("client.first_name"), "42")).toBe("42");
  });

  it("word the catalog's operators when it sends no labels", () => {
    expect(fallbackOperators(["eq", "exists"]).map((o) => o.label)).toEqual(["is", "is filled in"]);
  });
});
