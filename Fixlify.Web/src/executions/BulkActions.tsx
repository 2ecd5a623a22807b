import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call } from "../api/client";
import { keys } from "../api/queries";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { ErrorBanner } from "../ui/ErrorBanner";
import { plural } from "../ui/format";
import type { BulkProgress } from "../api/executionStream";
import { bulkProgressWords, nextBulkProgress } from "./bulkProgress";
import type { ExecutionFilter } from "./executionList";
import { useBulkProgress } from "./liveUpdates";

type BulkAction = "retry" | "cancel";

/**
 * Under the executions list filtered to failed (or waiting) runs: retry them all (or cancel them all) — first a look at
 * how many and what would happen (the dry run of each, in words), then done, each as the single retry or cancel does;
 * meanwhile the dialog says how far it has come ("Retrying 12 of 40…", from the live stream's `bulk` events).
 */
export function BulkActions({ filter }: { filter: ExecutionFilter }) {
  const client = useQueryClient();
  const action: BulkAction | null = filter.status === "failed" ? "retry" : filter.status === "waiting" ? "cancel" : null;
  const [cause, setCause] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const [progress, setProgress] = useState<BulkProgress | null>(null);
  const body = () => ({
    action: action!,
    workflowId: filter.workflowId ?? null,
    from: filter.from ?? null,
    to: filter.to ?? null,
    cause: cause.trim() || null,
  });
  const look = useMutation({ mutationFn: () => call(api.POST("/api/executions/bulk/preview", { body: body() })) });
  const run = useMutation({
    mutationFn: () => {
      setProgress(null);
      return call(api.POST("/api/executions/bulk/run", { body: { ...body(), confirm: true } }));
    },
    onSuccess: (outcome) => {
      look.reset();
      const skipped = outcome.skipped.length > 0 ? ` ${plural(outcome.skipped.length, "run")} skipped: ${outcome.skipped[0]!.reason}` : "";
      setDone(`${outcome.action === "retry" ? "Retried" : "Cancelled"} ${outcome.done} of ${plural(outcome.count, "run")}.${skipped}`);
    },
    onSettled: () => client.invalidateQueries({ queryKey: keys.executionLists }),
  });
  useBulkProgress((heard) => {
    if (run.isPending && action) {
      setProgress((current) => nextBulkProgress(current, heard, action));
    }
  });
  if (!action) {
    return null;
  }
  const verb = action === "retry" ? "Retry" : "Cancel";
  const preview = look.data;
  return (
    <div className="bulk-actions">
      <label>
        Cause contains
        <input type="search" value={cause} onChange={(e) => setCause(e.target.value)} placeholder="e.g. email server" />
      </label>
      <button type="button" className="button" onClick={() => (setDone(null), look.mutate())} disabled={look.isPending}>
        {look.isPending ? "Looking…" : `${verb} all ${action === "retry" ? "failed" : "waiting"} runs…`}
      </button>
      {done && <p role="status">{done}</p>}
      {look.isError && <ErrorBanner error={look.error} />}
      <ConfirmDialog
        open={preview != null}
        title={preview && preview.count > 0 ? `${verb} ${plural(preview.count, "run")}?` : "Nothing to do"}
        confirmLabel={preview ? `${verb} ${plural(preview.count, "run")}` : verb}
        cancelLabel="Not now"
        busy={run.isPending || preview?.count === 0}
        onConfirm={() => run.mutate()}
        onCancel={() => look.reset()}
      >
        {preview && (
          <>
            <p>{preview.summary}</p>
            {preview.byCause.length > 0 && (
              <ul aria-label="By cause">
                {preview.byCause.map((c) => (
                  <li key={c.cause}>
                    {c.cause}: {c.count}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
        {run.isPending && preview && (
          <p role="status">{bulkProgressWords(progress ?? { action, processed: 0, total: preview.count })}</p>
        )}
        {run.isError && <ErrorBanner error={run.error} />}
      </ConfirmDialog>
    </div>
  );
}
