import type { ExecutionStep } from "../api/types";
import { durationBetween, formatInstant, formatWhen } from "../ui/format";
import { stepLabel, stepStatusLabel } from "../ui/labels";
import { StepOutput } from "./StepOutput";
import { readable } from "./stepOutput";

/** Every step of an execution in the order it ran: status, attempts, times, what it reported, and why it failed. */
export function StepTimeline({ steps, timeZone, ended }: { steps: ExecutionStep[]; timeZone: string; ended: boolean }) {
  return (
    <ol className="timeline" aria-label="Steps">
      {steps.map((step) => {
        const output = (step.output ?? {}) as Record<string, unknown>;
        // A step still waiting when its execution ended (cancelled) never finished.
        const stopped = ended && (step.status === "waiting" || step.status === "processing");
        const waitingUntil = !stopped && step.status === "waiting" && typeof output.until === "string" ? output.until : null;
        const to = typeof output.to === "string" ? output.to : Array.isArray(output.to) ? output.to.join(", ") : null;
        return (
          <li key={step.stepKey} className={`step step-${step.status}`}>
            <h3>
              {step.label ? readable(step.label) : stepLabel(step.type)} <span className="muted">({stepLabel(step.type)}, {step.stepKey})</span>
            </h3>
            <p>
              <strong className={`step-status step-status-${step.status}`}>{stopped ? "Stopped before it finished" : stepStatusLabel(step.status)}</strong>
              {step.attempts > 1 && ` after ${step.attempts} attempts`}
              {" · "}started {formatWhen(step.startedAt, timeZone, undefined, true)}
              {step.finishedAt && ` · took ${durationBetween(step.startedAt, step.finishedAt)}`}
            </p>
            {waitingUntil && (
              <p className="banner banner-info">
                {step.type === "delay" ? "Waits" : `${stepLabel(step.type)}${to ? ` to ${to}` : ""} waits`} until {formatInstant(waitingUntil, timeZone, true)}
                {typeof output.reason === "string" ? ` — ${output.reason}` : ""}.
              </p>
            )}
            {!stopped && typeof output.retryAt === "string" && step.status === "waiting" && (
              <p className="banner banner-info">Tries again at {formatInstant(output.retryAt, timeZone, true)}.</p>
            )}
            {step.error && (
              <p className="step-error">
                <strong>{step.status === "waiting" ? "Why the last attempt failed:" : "Why it failed:"}</strong> {step.error}
              </p>
            )}
            {step.warning && (
              <p className="banner banner-warning">
                <strong>Note:</strong> {step.warning}
              </p>
            )}
            <StepOutput type={step.type} output={step.output} timeZone={timeZone} />
          </li>
        );
      })}
    </ol>
  );
}
