import { useGoalOutcomes } from "../api/queries";
import type { Workflow } from "../api/types";
import { ErrorBanner } from "../ui/ErrorBanner";
import { Skeleton } from "../ui/Skeleton";
import { GoalOutcomesPanel } from "./GoalOutcomesPanel";
import { hasGoal } from "./goalFigures";

/** The metrics screen's lead: what each chosen automation with a goal achieved over the period. */
export function GoalOutcomesSection({ workflows, days }: { workflows: Workflow[]; days: number }) {
  const withGoals = workflows.filter((w) => hasGoal(w));
  return (
    <section aria-labelledby="metrics-goals">
      <h2 id="metrics-goals">What the automations achieved</h2>
      {withGoals.length === 0 ? (
        <p className="muted">No goal set yet: give an automation a goal in the builder (such as “the invoice is paid within 14 days”) to see what it achieves.</p>
      ) : (
        withGoals.map((w) => <WorkflowGoal key={w.id} workflow={w} days={days} />)
      )}
    </section>
  );
}

function WorkflowGoal({ workflow, days }: { workflow: Workflow; days: number }) {
  const outcomes = useGoalOutcomes(workflow.id, days);
  if (outcomes.isError) {
    return <ErrorBanner error={outcomes.error} onRetry={() => void outcomes.refetch()} />;
  }
  if (!outcomes.data) {
    return <Skeleton rows={2} label={`Loading what ${workflow.name} achieved…`} />;
  }
  return <GoalOutcomesPanel name={workflow.name} outcomes={outcomes.data} />;
}
