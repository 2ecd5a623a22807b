import type { DryRun, DryRunStep } from "./builderApi";
import type { StepNode } from "./graph";
import { handleLabel, nodeTitle } from "./nodeText";
import type { CatalogWords } from "./words/catalogWords";
import { conditionWords } from "./words/plainWords";
import { addresses, maskPhone } from "./words/recipients";
import { formatWhen } from "../ui/format";

type Preview = Record<string, unknown>;
const text = (value: unknown) => (typeof value === "string" ? value : null);

const statusWords: Record<string, string> = {
  would_run: "Would run",
  would_fail: "Would fail",
  would_stop: "Would stop: the goal was met",
  deferred: "Would be held",
  suppressed: "Would not send",
  skipped: "Skipped",
  waits: "Would wait",
};

/** What a step would do, headed by its name and status: "Text message — would send". */
function status(step: DryRunStep, preview: Preview): string {
  if (step.status === "would_run" && text(preview.channel)) {
    return "Would send";
  }
  if (step.status === "would_run" && (step.type === "delay" || step.type === "wait_for_reply" || step.type === "wait_for_event")) {
    return "Would wait";
  }
  return statusWords[step.status ?? ""] ?? "Would run";
}

/**
 * The dry run as a person checks it: each step in order, when it would happen (in the organization's zone), and for each
 * message who receives it (to and cc; a phone number masked) and the full text as the client would read it; why a step
 * would be skipped, held or not sent, in words.
 */
export function DryRunReport({
  report,
  outdated,
  nodes,
  triggerType,
  recordLabel,
  timeZone,
  words,
}: {
  report: DryRun;
  outdated: boolean;
  nodes: StepNode[];
  triggerType: string;
  recordLabel: string;
  timeZone: string;
  words: CatalogWords | null;
}) {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const steps = report.steps ?? [];
  return (
    <section className="dry-run-report stack" aria-label="What the dry run would do">
      <h3>
        On {recordLabel}: {report.outcome === "would_complete" ? "it would run to the end" : "it would stop early"}
        {outdated && <span className="muted"> (updating…)</span>}
      </h3>
      <p className="muted">Nothing was sent or changed.</p>
      {report.error && <p className="step-reason">{report.error}</p>}
      {steps.length === 0 && <p className="muted">No step would run.</p>}
      <ol className="dry-run-steps">
        {steps.map((step, index) => {
          const node = byId.get(step.stepId ?? "");
          const preview = (step.preview ?? {}) as Preview;
          const title = node ? nodeTitle(node.type, node.data, triggerType) : (step.label ?? "A step");
          return (
            <li key={`${step.stepKey}-${index}`} className={`dry-run-step dry-run-${step.status ?? "would_run"}`}>
              <p className="dry-run-title">
                <strong>{title}</strong> — {status(step, preview)}
                {step.at && <> · {formatWhen(step.at, timeZone)}</>}
              </p>
              <StepDetails step={step} preview={preview} node={node} timeZone={timeZone} words={words} />
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function StepDetails({ step, preview, node, timeZone, words }: { step: DryRunStep; preview: Preview; node: StepNode | undefined; timeZone: string; words: CatalogWords | null }) {
  const channel = text(preview.channel);
  const message = (preview.message ?? null) as Preview | null;
  const sent = message ?? preview;
  const phone = channel === "sms" || text(sent.channel) === "sms";
  const to = addresses(sent.to).map((a) => (phone ? maskPhone(a) : a));
  const cc = addresses(sent.cc);
  const deferred = (step.deferred ?? []) as { until?: string; reason?: string }[];
  return (
    <dl className="dry-run-details">
      {step.type === "condition" && node && (
        <>
          <dt>Check</dt>
          <dd>{conditionWords(words, node.data.config) || "No rule yet"}</dd>
          {step.branch && (
            <>
              <dt>Goes on</dt>
              <dd>{handleLabel(step.branch)}</dd>
            </>
          )}
        </>
      )}
      {step.type === "delay" && step.until && (
        <>
          <dt>Waits until</dt>
          <dd>{formatWhen(step.until, timeZone)}</dd>
        </>
      )}
      {to.length > 0 && (
        <>
          <dt>To</dt>
          <dd>{to.join(", ")}</dd>
        </>
      )}
      {cc.length > 0 && (
        <>
          <dt>Cc</dt>
          <dd>{cc.join(", ")}</dd>
        </>
      )}
      {text(sent.subject) && (
        <>
          <dt>Subject</dt>
          <dd>{text(sent.subject)}</dd>
        </>
      )}
      {text(sent.text) && (
        <>
          <dt>{phone ? "Text" : "Message"}</dt>
          <dd className="dry-run-message">{text(sent.text)}</dd>
        </>
      )}
      {typeof sent.segments === "number" && sent.segments > 1 && (
        <>
          <dt>Length</dt>
          <dd>{`Sent as ${sent.segments} texts`}</dd>
        </>
      )}
      {text(preview.title) && (
        <>
          <dt>Task</dt>
          <dd>{text(preview.title)}</dd>
        </>
      )}
      {deferred.map((d, i) => (
        <div key={i}>
          <dt>Held until {formatWhen(d.until, timeZone)}</dt>
          <dd>{d.reason}</dd>
        </div>
      ))}
      {(step.reason || step.error) && (
        <>
          <dt>Why</dt>
          <dd className="step-reason">{step.reason ?? step.error}</dd>
        </>
      )}
    </dl>
  );
}
