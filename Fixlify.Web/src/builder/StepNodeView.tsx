import { memo } from "react";
import { Handle, Position, type NodeProps } from "@xyflow/react";
import type { StepNode } from "./graph";
import type { DryRunStep } from "./builderApi";
import { useCanvasOverlay } from "./canvasOverlay";
import { handleLabel, kindLabel, nodeSummary } from "./nodeText";
import { formatWhen } from "../ui/format";
import { stepStatusLabel } from "../ui/labels";

const dryRunWords: Record<string, string> = {
  would_run: "Would run",
  would_fail: "Would fail",
  deferred: "Would be held",
  suppressed: "Would not send",
  skipped: "Skipped",
  waits: "Waits",
};

/** A step on the canvas: what it is, its problems, what the dry run or a live run did there, and its counts. */
export const StepNodeView = memo(function StepNodeView({ id, type, data, selected }: NodeProps<StepNode>) {
  const overlay = useCanvasOverlay();
  const problems = overlay.problems.get(id) ?? [];
  const tried = overlay.dryRun.get(id) ?? [];
  const live = overlay.live.get(id);
  const counts = overlay.counts?.get(id);
  const changed = overlay.changes?.get(id);
  const known = overlay.knownKinds.has(type);
  const handles = overlay.handles.get(type) ?? [null];
  const summary = type === "trigger" ? overlay.triggerSentence : nodeSummary(type, data, overlay.words);
  const classes = [
    "step-node",
    `step-node-${known ? type : "unknown"}`,
    selected ? "is-selected" : "",
    problems.length > 0 ? "has-problems" : "",
    tried.length > 0 ? `tried tried-${tried[0]!.status}` : "",
    live ? `ran ran-${live}` : "",
    changed ? `diff-${changed.change}` : "",
  ].join(" ");
  return (
    <div className={classes}>
      {type !== "trigger" && <Handle type="target" position={Position.Top} />}
      <p className="step-kind">{kindLabel(type, data, overlay.triggerType)}</p>
      {data.label && <p className="step-label">{data.label}</p>}
      {!known && <p className="step-problem">Unknown step type “{type}”</p>}
      {changed && (
        <div className="step-diff">
          <p>
            <strong>{changed.change === "added" ? "Added" : "Changed"}</strong>
          </p>
          {changed.fields.map((field) => (
            <p key={field}>{field}</p>
          ))}
        </div>
      )}
      {summary && <p className="step-summary">{summary}</p>}
      {problems.length > 0 && (
        <p className="step-problem">
          <span aria-hidden="true">⚠ </span>
          {problems.length === 1 ? problems[0]!.message : `${problems.length} problems: ${problems[0]!.message}`}
        </p>
      )}
      {tried.map((step, index) => (
        <DryRunLine key={`${step.stepKey}-${index}`} step={step} timeZone={overlay.timeZone} />
      ))}
      {live && (
        <p className={`step-live status-${live}`}>
          <span aria-hidden="true">{live === "completed" ? "✓ " : live === "failed" ? "✕ " : live === "processing" ? "◐ " : "◷ "}</span>
          {stepStatusLabel(live)}
        </p>
      )}
      {counts && (
        <p className="step-counts" title="In the chosen period: passed, failed, skipped or not sent; waiting here now">
          <span>✓ {counts.passed} passed</span> <span>✕ {counts.failed} failed</span>
          {counts.skipped > 0 && <span> – {counts.skipped} skipped</span>} <span>◷ {counts.waiting} waiting now</span>
        </p>
      )}
      <div className="step-handles">
        {handles.map((handle, index) => {
          // Two outputs (a check's Yes and No, a repeat's Each and After) leave from the node's own sides, labelled there.
          const side = handles.length === 2 ? (index === 0 ? Position.Left : Position.Right) : Position.Bottom;
          return (
            <Handle
              key={handle ?? "next"}
              id={handle ?? undefined}
              type="source"
              position={side}
              className={handle !== null ? `handle-${side}` : undefined}
              style={side === Position.Bottom && handles.length > 1 ? { left: `${((index + 1) * 100) / (handles.length + 1)}%` } : undefined}
            >
              {handle !== null && <span className={`handle-label handle-label-${side}`}>{handleLabel(handle)}</span>}
            </Handle>
          );
        })}
      </div>
    </div>
  );
});

function DryRunLine({ step, timeZone }: { step: DryRunStep; timeZone: string }) {
  const preview = (step.preview ?? {}) as Record<string, unknown>;
  const rendered =
    typeof preview.text === "string" && preview.channel === "sms"
      ? preview.text
      : typeof preview.subject === "string"
        ? `Subject: ${preview.subject}`
        : typeof preview.title === "string"
          ? preview.title
          : typeof preview.url === "string"
            ? `Sends to ${preview.url}`
            : null;
  const deferred = (step.deferred ?? []) as { from?: string; until?: string; reason?: string }[];
  return (
    <div className="step-tried">
      <p>
        <strong>{dryRunWords[step.status ?? ""] ?? step.status}</strong> {step.at && <>at {formatWhen(step.at, timeZone)}</>}
        {step.branch && <> · took “{handleLabel(step.branch)}”</>}
        {step.type === "delay" && step.until && <> · until {formatWhen(step.until, timeZone)}</>}
      </p>
      {deferred.map((d, i) => (
        <p key={i} className="step-reason">
          Held until {formatWhen(d.until, timeZone)}: {d.reason}
        </p>
      ))}
      {rendered && <p className="step-rendered">{rendered}</p>}
      {step.reason && <p className="step-reason">{step.reason}</p>}
      {step.error && <p className="step-reason">{step.error}</p>}
    </div>
  );
}
