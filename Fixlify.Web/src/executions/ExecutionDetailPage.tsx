import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call } from "../api/client";
import { keys, useAllWorkflows, useExecution, useTimeZone } from "../api/queries";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { EmptyState } from "../ui/EmptyState";
import { ErrorBanner } from "../ui/ErrorBanner";
import { LiveBadge } from "../ui/LiveBadge";
import { Skeleton } from "../ui/Skeleton";
import { StatusBadge } from "../ui/StatusBadge";
import { formatDuration, formatInstant } from "../ui/format";
import { isFinished } from "./executionList";
import { recordLabel, recordSummary } from "./recordSummary";
import { startedBy } from "./startedBy";
import { StepTimeline } from "./StepTimeline";
import { TraceIdLine } from "./TraceIdLine";
import { usePermissions } from "../auth/permissions";

/** `/executions/:id`: status, what started it, timing, every step as it ran; live while it runs; cancel or retry. */
export function ExecutionDetailPage() {
  const { id = "" } = useParams();
  const execution = useExecution(id);
  const workflows = useAllWorkflows();
  const timeZone = useTimeZone();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const { canEdit } = usePermissions();
  const refusal = canEdit ? undefined : "Viewers can't cancel or run executions again: ask an editor, an admin or the owner.";

  const cancel = useMutation({
    mutationFn: () => call(api.POST("/api/executions/{id}/cancel", { params: { path: { id } } })),
    onSettled: () => {
      setConfirming(false);
      void client.invalidateQueries({ queryKey: keys.execution(id) });
    },
  });
  const retry = useMutation({
    mutationFn: () => call(api.POST("/api/executions/{id}/retry", { params: { path: { id } } })),
    onSuccess: (started) => navigate(`/executions/${started.executionId}`),
  });

  if (execution.isPending) {
    return <Skeleton rows={6} label="Loading the execution…" />;
  }
  if (execution.isError) {
    const missing = execution.error instanceof Error && "notFound" in execution.error && execution.error.notFound;
    return (
      <section>
        <h1>Execution</h1>
        {missing ? (
          <EmptyState title="Not found">
            <p>There is no such execution in your organization.</p>
          </EmptyState>
        ) : (
          <ErrorBanner error={execution.error} onRetry={() => void execution.refetch()} />
        )}
        <Link to="/executions">Back to executions</Link>
      </section>
    );
  }

  const e = execution.data;
  const workflow = workflows.data?.find((w) => w.id === e.workflowId);
  const running = !isFinished(e.status);
  const summary = recordSummary(e.trigger) ?? recordLabel(e.record);
  const retryOf = typeof (e.trigger as { retryOf?: unknown } | null)?.retryOf === "string" ? (e.trigger as { retryOf: string }).retryOf : null;

  return (
    <section>
      <p>
        <Link to="/executions">← Executions</Link>
      </p>
      <div className="page-head">
        <h1>{workflow?.name ?? (e.workflowId ? "Execution" : "Execution of a deleted automation")}</h1>
        {running && <LiveBadge />}
      </div>
      <dl className="facts facts-wide">
        <div>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={e.status} />
          </dd>
        </div>
        <div>
          <dt>Started by</dt>
          <dd>{startedBy(e.triggerType, e.trigger)}</dd>
        </div>
        {summary && (
          <div>
            <dt>Record</dt>
            <dd>{summary}</dd>
          </div>
        )}
        {e.client && (
          <div>
            <dt>Client</dt>
            <dd>{e.client.name ?? "—"}</dd>
          </div>
        )}
        <div>
          <dt>Created</dt>
          <dd>{formatInstant(e.createdAt, timeZone, true)}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatInstant(e.startedAt, timeZone, true)}</dd>
        </div>
        <div>
          <dt>Ended</dt>
          <dd>{formatInstant(e.completedAt, timeZone, true)}</dd>
        </div>
        <div>
          <dt>Took</dt>
          <dd>{formatDuration(e.executionTimeMs)}</dd>
        </div>
        <div>
          <dt>Automation version</dt>
          <dd>{e.workflowVersion ?? "—"}</dd>
        </div>
        {retryOf && (
          <div>
            <dt>Retry of</dt>
            <dd>
              <Link to={`/executions/${retryOf}`}>the earlier execution</Link>
            </dd>
          </div>
        )}
      </dl>
      <TraceIdLine traceId={e.traceId} />
      {e.error && (
        <p className={e.status === "failed" ? "step-error" : undefined}>
          <strong>{e.status === "failed" ? "Why it failed:" : "Why it ended:"}</strong> {e.error}
        </p>
      )}
      {e.warnings.length > 0 && (
        <div className="banner banner-warning" role="note" aria-label="Good to know">
          <strong>Good to know:</strong>
          <ul>
            {e.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="actions">
        {running ? (
          <button type="button" className="button button-danger" onClick={() => setConfirming(true)} disabled={!canEdit} title={refusal}>
            Cancel execution
          </button>
        ) : (
          <button type="button" className="button" onClick={() => retry.mutate()} disabled={retry.isPending || !canEdit} title={refusal}>
            {retry.isPending ? "Starting…" : "Run again"}
          </button>
        )}
      </div>
      {cancel.isError && <ErrorBanner error={cancel.error} title="This execution could not be cancelled" onRetry={() => cancel.mutate()} />}
      {retry.isError && <ErrorBanner error={retry.error} title="This execution could not be run again" onRetry={() => retry.mutate()} />}
      <h2>Steps</h2>
      {e.steps.length === 0 ? (
        <EmptyState title={running ? "No step has run yet." : "This execution ran no steps."}>
          {running && <p>Steps appear here as they run.</p>}
        </EmptyState>
      ) : (
        <StepTimeline steps={e.steps} timeZone={timeZone} ended={!running} />
      )}
      <ConfirmDialog
        open={confirming}
        title="Cancel this execution?"
        confirmLabel="Yes, cancel it"
        busy={cancel.isPending}
        onConfirm={() => cancel.mutate()}
        onCancel={() => setConfirming(false)}
      >
        <p>Steps not yet run will not run. What was already sent stays sent.</p>
      </ConfirmDialog>
    </section>
  );
}
