import { useId, useRef, useState } from "react";
import { api, call } from "../api/client";
import { ApiError } from "../api/ApiError";
import type { BacktestProgress } from "../api/executionStream";
import { useBacktestProgress } from "../executions/liveUpdates";
import { ErrorBanner } from "../ui/ErrorBanner";
import { formatInstant, plural, zoneWords } from "../ui/format";
import { humanName } from "./words/plainWords";
import { backtestFigures, backtestPeriod, defaultBacktestDays, type Backtest, type BacktestDays } from "./backtest";

const fieldLabels = { from: "From", to: "To" } as const;

const outcomes: Record<string, string> = {
  would_complete: "Would complete",
  would_fail: "Would fail",
  would_stop: "Would stop",
  would_run: "Would run",
  deferred: "Would be held",
  suppressed: "Would not send",
  skipped: "Skipped",
  waits: "Would wait",
};

/** A dry run's or backtest's status in words ("Would not send"). */
const outcomeWords = (status: string | null | undefined) => outcomes[status ?? ""] ?? humanName(status ?? "");
type Field = keyof typeof fieldLabels;

/**
 * "What would it have done?": backtests the saved workflow over a past period (`POST /api/workflows/{id}/backtest`, the
 * last 30 days unless changed), shows its progress from the execution stream while it runs, then its figures and sample
 * executions. A refused period names its field next to that field.
 */
export function BacktestPanel({ workflowId, timeZone, dirty }: { workflowId: string; timeZone: string; dirty: boolean }) {
  const [days, setDays] = useState<BacktestDays>(() => defaultBacktestDays(new Date(), timeZone));
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<BacktestProgress | null>(null);
  const [report, setReport] = useState<Backtest | null>(null);
  const [error, setError] = useState<unknown>(null);
  const runs = useRef(0);
  const id = useId();

  useBacktestProgress((next) => {
    if (running && next.workflowId === workflowId) {
      setProgress((current) => (current && current.backtestId === next.backtestId && current.replayed > next.replayed ? current : next));
    }
  });

  const run = async () => {
    const mine = ++runs.current;
    setRunning(true);
    setProgress(null);
    setError(null);
    try {
      const body = backtestPeriod(days, timeZone, new Date());
      const answer = await call(api.POST("/api/workflows/{id}/backtest", { params: { path: { id: workflowId } }, body }));
      if (mine === runs.current) {
        setReport(answer);
      }
    } catch (failure) {
      if (mine === runs.current) {
        setReport(null);
        setError(failure);
      }
    } finally {
      if (mine === runs.current) {
        setRunning(false);
      }
    }
  };

  const problem = error instanceof ApiError ? error : null;
  const fieldError = (field: Field) => problem?.errors.filter((e) => e.path === field).map((e) => e.message).join(" ") || null;
  const otherErrors = problem?.errors.filter((e) => !(e.path in fieldLabels)) ?? [];
  const bannerError = problem ? new ApiError(problem.status, problem.title, problem.detail, otherErrors) : error;

  return (
    <section className="backtest-panel stack" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Backtest</h2>
      <p className="muted">
        What the saved automation would have done over a past period, replaying its trigger's real events. Nothing is sent or written.
        {dirty && " Your unsaved changes are not included."}
      </p>
      <div className="row">
        {(Object.keys(fieldLabels) as Field[]).map((field) => {
          const message = fieldError(field);
          return (
            <div key={field} className="stack">
              <label htmlFor={`${id}-${field}`}>{fieldLabels[field]}</label>
              <input
                id={`${id}-${field}`}
                type="date"
                value={days[field]}
                onChange={(event) => setDays((current) => ({ ...current, [field]: event.target.value }))}
                aria-invalid={message ? true : undefined}
                aria-describedby={message ? `${id}-${field}-error` : undefined}
              />
              {message && (
                <span id={`${id}-${field}-error`} className="field-error">
                  {fieldLabels[field]}: {message}
                </span>
              )}
            </div>
          );
        })}
      </div>
      <p className="muted">Days in {zoneWords(timeZone)}; a period ending today ends now.</p>
      <div className="row">
        <button type="button" className="button" disabled={running || !days.from || !days.to} onClick={() => void run()}>
          {running ? "Backtesting…" : "Backtest"}
        </button>
      </div>
      <div role="status" aria-live="polite">
        {running &&
          (progress ? (
            <>
              <progress max={Math.max(progress.total, 1)} value={progress.replayed} aria-label="Backtest progress" />
              <span>
                {" "}
                Replayed {progress.replayed.toLocaleString("en-US")} of {plural(progress.total, "event")}…
              </span>
            </>
          ) : (
            <span>Reading the period's events…</span>
          ))}
        {!running && report && <span>Backtest done: {plural(report.executions, "execution")} would have started.</span>}
      </div>
      {error !== null && <ErrorBanner error={bannerError} title="The backtest did not run" onRetry={() => void run()} />}
      {report && !running && <BacktestReport report={report} timeZone={timeZone} />}
    </section>
  );
}

function BacktestReport({ report, timeZone }: { report: Backtest; timeZone: string }) {
  return (
    <div className="stack">
      <p>
        {formatInstant(report.from, timeZone)} – {formatInstant(report.to, timeZone)}, version {report.workflowVersion}
      </p>
      {backtestFigures(report).map((group) => (
        <table key={group.title} className="table backtest-figures">
          <caption>{group.title}</caption>
          <tbody>
            {group.figures.length === 0 && group.empty && (
              <tr>
                <td colSpan={2}>{group.empty}</td>
              </tr>
            )}
            {group.figures.map((figure) => (
              <tr key={figure.label}>
                <th scope="row">{figure.label}</th>
                <td>{figure.count.toLocaleString("en-US")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      <table className="table backtest-samples">
        <caption>Sample executions ({report.samples.length})</caption>
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Outcome</th>
            <th scope="col">Steps</th>
          </tr>
        </thead>
        <tbody>
          {report.samples.map((sample, index) => (
            <tr key={sample.eventId ?? index}>
              <td>{formatInstant(sample.occurredAt, timeZone)}</td>
              <td>
                {outcomeWords(sample.outcome)}
                {sample.error && <span className="muted"> · {sample.error}</span>}
              </td>
              <td>{(sample.steps ?? []).map((step) => `${step.label || "A step"}: ${outcomeWords(step.status).toLowerCase()}`).join("; ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.notes.length > 0 && (
        <ul className="muted">
          {report.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
