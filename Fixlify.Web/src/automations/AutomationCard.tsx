import { Link } from "react-router";
import type { Workflow, WorkflowActivity } from "../api/types";
import { DayBars } from "../ui/DayBars";
import { formatDay, formatRate, formatWhen, plural } from "../ui/format";
import { triggerLabel } from "../ui/labels";
import { hasGoal } from "../metrics/goalFigures";
import { ActiveSwitch } from "./ActiveSwitch";
import { GoalLine } from "./GoalLine";
import { PauseControl } from "./PauseControl";

/** One automation on the dashboard: what starts it, whether it is on, how it has done in the last 7 days. */
export function AutomationCard({
  workflow,
  activity,
  failures,
  days,
  timeZone,
  onToggle,
  onDelete,
  refusal,
}: {
  workflow: Workflow;
  activity: WorkflowActivity | undefined;
  /** Failed runs listed under "Needs attention" (none: undefined). */
  failures?: number | undefined;
  days: string[];
  timeZone: string;
  onToggle: (active: boolean) => void;
  onDelete: () => void;
  /** Why the person cannot switch or delete it (their role), or null when they can. */
  refusal: string | null;
}) {
  const daily = days.map((day) => activity?.daily.find((d) => d.date === day)?.executions ?? 0);
  const runs = activity?.executions ?? 0;
  const trend = `Runs per day, last ${days.length} days: ${days.map((day, i) => `${formatDay(day)} ${daily[i]}`).join(", ")}`;
  return (
    <li className="card automation">
      <div className="automation-main">
        <h2>
          <Link to={`/workflows/${workflow.id}`}>{workflow.name}</Link>
          {failures ? <span className="badge badge-attention">{plural(failures, "failed run")} need attention</span> : null}
        </h2>
        {hasGoal(workflow) && <GoalLine workflowId={workflow.id} />}
        {workflow.description && <p className="muted">{workflow.description}</p>}
        <dl className="facts">
          <div>
            <dt>Starts when</dt>
            <dd>{triggerLabel(workflow.triggerType)}</dd>
          </div>
          <div>
            <dt>Version</dt>
            <dd>{workflow.version}</dd>
          </div>
          <div>
            <dt>Last run</dt>
            <dd>{workflow.lastTriggeredAt ? formatWhen(workflow.lastTriggeredAt, timeZone) : "Never"}</dd>
          </div>
        </dl>
      </div>
      <div className="automation-stats">
        <p>
          <strong>{plural(runs, "run")}</strong> in 7 days
          <br />
          {activity?.successRate != null ? `${formatRate(activity.successRate)} succeeded` : "No finished runs"}
        </p>
        <DayBars days={days.map((day, i) => ({ day: weekday(day), count: daily[i] ?? 0 }))} label={trend} />
      </div>
      <div className="automation-actions">
        <ActiveSwitch name={workflow.name} active={workflow.isActive} onChange={onToggle} refusal={refusal} />
        <PauseControl workflow={workflow} timeZone={timeZone} refusal={refusal} />
        <Link to={`/executions?workflowId=${workflow.id}`} className="button button-quiet" aria-label={`Executions of ${workflow.name}`}>
          Executions
        </Link>
        <button
          type="button"
          className="button button-quiet"
          onClick={onDelete}
          aria-label={`Delete ${workflow.name}`}
          disabled={!!refusal}
          title={refusal ?? undefined}
        >
          Delete
        </button>
      </div>
    </li>
  );
}

/** A calendar day ("2026-03-03") as its weekday's short name ("Tue"). */
function weekday(day: string): string {
  return formatDay(day).slice(0, 3);
}
