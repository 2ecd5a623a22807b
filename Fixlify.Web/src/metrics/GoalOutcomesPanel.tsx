import type { WorkflowGoalOutcomes } from "../api/types";
import { goalRow } from "./goalFigures";

/**
 * What one automation's goal came to, first on the metrics screen: the sentence ("31 of 42 invoices paid within 14 days —
 * $12,400; 9 days faster than the held-out clients who got nothing (± 3)"), then the two groups side by side and what the
 * difference is worth, or that there is not enough data yet.
 */
export function GoalOutcomesPanel({ name, outcomes }: { name: string; outcomes: WorkflowGoalOutcomes }) {
  const headingId = `goal-${outcomes.workflowId}`;
  if (!outcomes.goal) {
    return (
      <section aria-labelledby={headingId} className="card goal-outcomes">
        <h3 id={headingId}>{name}</h3>
        <p>{outcomes.summary}</p>
      </section>
    );
  }
  const rows = [goalRow("Got the automation", outcomes.treated, outcomes)];
  if (outcomes.holdOutPercent != null || outcomes.heldOut.executions > 0) {
    rows.push(goalRow(`Held out (${outcomes.holdOutPercent ?? 0}%, got nothing)`, outcomes.heldOut, outcomes));
  }
  const hasValue = outcomes.goal.hasValue;
  return (
    <section aria-labelledby={headingId} className="card goal-outcomes">
      <h3 id={headingId}>{name}</h3>
      <p className="goal-summary">{outcomes.summary}</p>
      <p className="muted">Goal: {outcomes.goal.words}.</p>
      <table className="table">
        <caption>The goal, by group</caption>
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col">Records</th>
            <th scope="col">Reached the goal</th>
            <th scope="col">Rate</th>
            {hasValue && <th scope="col">Value</th>}
            <th scope="col">Median time to the goal</th>
            <th scope="col">Messages held back</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.group}>
              <th scope="row">{r.group}</th>
              <td>{r.records}</td>
              <td>{r.reached}</td>
              <td>{r.rate}</td>
              {hasValue && <td>{r.value}</td>}
              <td>{r.median}</td>
              <td>{r.suppressed}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {outcomes.comparison ? (
        <p>{outcomes.comparison.words}</p>
      ) : (
        <p className="muted">No hold-out group: set one in the builder to see what the automation changes.</p>
      )}
    </section>
  );
}
