import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, call } from "../api/client";
import { keys } from "../api/queries";
import type { Workflow } from "../api/types";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { ErrorBanner } from "../ui/ErrorBanner";
import { formatWhen, plural } from "../ui/format";

/**
 * Pause / Resume on an automation's card: paused, it keeps its triggers (their runs wait) and its running executions hold
 * at their next action; resuming runs what waited, or only what came after a moment (the rest is cancelled, saying why).
 */
export function PauseControl({ workflow, timeZone, refusal }: { workflow: Workflow; timeZone: string; refusal?: string | null }) {
  const client = useQueryClient();
  const [asking, setAsking] = useState(false);
  const [onlyNewer, setOnlyNewer] = useState(false);
  const [after, setAfter] = useState("");
  const paused = workflow.pausedAt != null;
  const waiting = workflow.waitingToRun ?? 0;
  const change = useMutation({
    mutationFn: async (): Promise<void> => {
      if (paused) {
        const onlyAfter = onlyNewer && after ? new Date(after).toISOString() : null;
        await call(api.POST("/api/workflows/{id}/resume", { params: { path: { id: workflow.id } }, body: { onlyAfter } }));
      } else {
        await call(api.POST("/api/workflows/{id}/pause", { params: { path: { id: workflow.id } } }));
      }
    },
    onSuccess: () => setAsking(false),
    onSettled: () => client.invalidateQueries({ queryKey: keys.workflowLists }),
  });
  return (
    <>
      {paused && (
        <p className="paused-note" role="status">
          Paused since {formatWhen(workflow.pausedAt!, timeZone)} · {plural(waiting, "run")} waiting to run
        </p>
      )}
      <button type="button" className="button button-quiet" disabled={!!refusal} title={refusal ?? undefined} onClick={() => setAsking(true)} aria-label={`${paused ? "Resume" : "Pause"} ${workflow.name}`}>
        {paused ? "Resume" : "Pause"}
      </button>
      <ConfirmDialog
        open={asking}
        title={paused ? `Resume “${workflow.name}”?` : `Pause “${workflow.name}”?`}
        confirmLabel={paused ? "Resume" : "Pause"}
        cancelLabel="Not now"
        busy={change.isPending}
        onConfirm={() => change.mutate()}
        onCancel={() => setAsking(false)}
      >
        {paused ? (
          <>
            <p>
              {waiting === 0
                ? "Nothing came while it was paused."
                : `${plural(waiting, "run")} came while it was paused. They run now, oldest first, unless you choose only the newer ones.`}{" "}
              Runs that were waiting at a step go on.
            </p>
            {waiting > 0 && (
              <fieldset className="choices">
                <legend>Which runs that waited should run?</legend>
                <label>
                  <input type="radio" name="resume" checked={!onlyNewer} onChange={() => setOnlyNewer(false)} /> All {plural(waiting, "run")}
                </label>
                <label>
                  <input type="radio" name="resume" checked={onlyNewer} onChange={() => setOnlyNewer(true)} /> Only those that came after…
                </label>
                {onlyNewer && (
                  <label>
                    Came after
                    <input type="datetime-local" value={after} onChange={(e) => setAfter(e.target.value)} />
                  </label>
                )}
                {onlyNewer && <p className="muted">The older ones are cancelled, and each says why.</p>}
              </fieldset>
            )}
          </>
        ) : (
          <p>
            Nothing is sent while it is paused. What starts it keeps coming: those runs wait, in order, and run when you resume it.
            Runs already under way stop before their next step until then.
          </p>
        )}
        {change.isError && <ErrorBanner error={change.error} />}
      </ConfirmDialog>
    </>
  );
}
