import { useGoalOutcomes } from "../api/queries";

/** The card's lead: what the automation's goal came to in the last 30 days, in one sentence. */
export function GoalLine({ workflowId }: { workflowId: string }) {
  const outcomes = useGoalOutcomes(workflowId, 30);
  if (outcomes.isError) {
    return <p className="muted">What it achieved could not be loaded.</p>;
  }
  return <p className="goal-line">{outcomes.data ? `Last 30 days: ${outcomes.data.summary}` : "Measuring the goal…"}</p>;
}
