/**
 * A workflow's goal and hold-out group (`triggerConfig.goal`, `triggerConfig.holdOutPercent`) in the builder's words, as
 * the server says them (Workflows/WorkflowGoal.cs, Workflows/GoalKind.cs): "Goal: the invoice is paid within 14 days".
 */
const goalWords: Record<string, string> = {
  invoice_paid: "the invoice is paid",
  appointment_confirmed: "the client confirms the appointment before the job",
  job_booked: "the client books a new job",
  task_done: "a task about the record is done",
  estimate_accepted: "the estimate is accepted",
  rule: "the record meets the rule",
};

/**
 * The goal in a sentence, or null when there is none or it is not complete yet. A rule goal says its rule when
 * `ruleWords` can ("Goal: Invoice › Status is Paid within 7 days."), as the server's `WorkflowGoal.Words` does.
 */
export function goalSentence(config: Record<string, unknown>, ruleWords: (rule: unknown) => string | null = () => null): string | null {
  const goal = config.goal as { kind?: unknown; withinDays?: unknown; rule?: unknown } | undefined;
  if (!goal || typeof goal !== "object" || typeof goal.kind !== "string" || !(goal.kind in goalWords)) {
    return null;
  }
  const days = typeof goal.withinDays === "number" && Number.isInteger(goal.withinDays) && goal.withinDays > 0 ? goal.withinDays : null;
  const within = days === null ? "" : ` within ${days} ${days === 1 ? "day" : "days"}`;
  const what = (goal.kind === "rule" ? ruleWords(goal.rule) : null) ?? goalWords[goal.kind];
  return `Goal: ${what}${within}.`;
}

/** The hold-out group in a sentence, or null when the workflow keeps none out. */
export function holdOutSentence(config: Record<string, unknown>): string | null {
  const percent = config.holdOutPercent;
  if (typeof percent !== "number" || percent < 1 || percent > 50) {
    return null;
  }
  return `Hold-out group: ${percent}% of records get nothing, always the same ones, so the metrics can show what the automation changes.`;
}
