import { describe, expect, it } from "vitest";
import { goalSentence, holdOutSentence } from "./goal";

describe("goal words", () => {
  it("goalSentence_InvoicePaid_SaysItInWords", () => {
    expect(goalSentence({ goal: { kind: "invoice_paid", withinDays: 14 } })).toBe("Goal: the invoice is paid within 14 days.");
    expect(goalSentence({ goal: { kind: "appointment_confirmed", withinDays: 1 } })).toBe("Goal: the client confirms the appointment before the job within 1 day.");
  });

  it("goalSentence_RuleGoal_SaysItsRuleWhenItCan", () => {
    const config = { goal: { kind: "rule", withinDays: 7, rule: { all: [{ field: "invoice.status", op: "eq", value: "paid" }] } } };
    expect(goalSentence(config, () => "Invoice › Status is Paid")).toBe("Goal: Invoice › Status is Paid within 7 days.");
    expect(goalSentence(config)).toBe("Goal: the record meets the rule within 7 days.");
  });

  it("goalSentence_NoOrUnknownGoal_IsNull", () => {
    expect(goalSentence({})).toBeNull();
    expect(goalSentence({ goal: { kind: "nonsense", withinDays: 3 } })).toBeNull();
  });

  it("holdOutSentence_OnlyForOneToFiftyPercent", () => {
    expect(holdOutSentence({ holdOutPercent: 10 })).toContain("10% of records get nothing");
    expect(holdOutSentence({ holdOutPercent: 0 })).toBeNull();
    expect(holdOutSentence({})).toBeNull();
  });
});
