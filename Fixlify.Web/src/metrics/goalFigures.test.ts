import { describe, expect, it } from "vitest";
import { formatDays, formatMoney, goalRow } from "./goalFigures";
import type { WorkflowGoalOutcomes } from "../api/types";

describe("goal figures", () => {
  it("formatMoney_WholeDollars_InTheOrganizationsCurrency", () => {
    expect(formatMoney(12400, "USD")).toBe("$12,400");
    expect(formatMoney(12400.4, "EUR")).toBe("€12,400");
  });

  it("formatDays_RoundsAndSaysDay", () => {
    expect(formatDays(1)).toBe("1 day");
    expect(formatDays(2.25)).toBe("2.3 days");
    expect(formatDays(12.6)).toBe("13 days");
    expect(formatDays(null)).toBe("—");
  });

  it("goalRow_WithoutValue_HasNoMoney", () => {
    const outcomes = { currency: "USD", goal: { kind: "appointment_confirmed", withinDays: 3, words: "", hasValue: false } } as WorkflowGoalOutcomes;
    const row = goalRow("Got the automation", { executions: 42, goalsReached: 31, rate: 31 / 42, value: 0, medianDaysToGoal: 1.5, suppressed: 2 }, outcomes);
    expect(row).toEqual({ group: "Got the automation", records: "42", reached: "31", rate: "74%", value: null, median: "1.5 days", suppressed: "2" });
  });
});
