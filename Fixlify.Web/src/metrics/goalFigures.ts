import type { GoalGroup, Workflow, WorkflowGoalOutcomes } from "../api/types";

/** Money in the organization's currency, whole units: 12400 → "$12,400". */
export function formatMoney(amount: number, currency: string): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency, maximumFractionDigits: 0, minimumFractionDigits: 0 }).format(amount);
}

/** Days to the goal: 9 → "9 days", 0.5 → "0.5 days", 1 → "1 day", none → "—". */
export function formatDays(days: number | null | undefined): string {
  if (days == null) {
    return "—";
  }
  const rounded = days >= 10 ? Math.round(days) : Math.round(days * 10) / 10;
  return `${rounded} ${rounded === 1 ? "day" : "days"}`;
}

/** One row of the groups' table: the figures of a group in words. */
export interface GoalRow {
  group: string;
  records: string;
  reached: string;
  rate: string;
  value: string | null;
  median: string;
  suppressed: string;
}

export function goalRow(group: string, figures: GoalGroup, outcomes: WorkflowGoalOutcomes): GoalRow {
  return {
    group,
    records: figures.executions.toLocaleString("en-US"),
    reached: figures.goalsReached.toLocaleString("en-US"),
    rate: figures.rate == null ? "—" : `${Math.round(figures.rate * 100)}%`,
    value: outcomes.goal?.hasValue ? formatMoney(figures.value, outcomes.currency) : null,
    median: formatDays(figures.medianDaysToGoal),
    suppressed: figures.suppressed.toLocaleString("en-US"),
  };
}

/** Whether a workflow has a goal (`triggerConfig.goal`). */
export function hasGoal(workflow: Workflow): boolean {
  const config = workflow.triggerConfig as Record<string, unknown> | null | undefined;
  return typeof config?.goal === "object" && config.goal !== null;
}
