import { useEffect, useId, useRef, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { api, call } from "../api/client";
import { keys } from "../api/queries";
import type { InFlight } from "../api/types";
import { ErrorBanner } from "../ui/ErrorBanner";
import { plural } from "../ui/format";

type Group = InFlight["groups"][number];
type Choice = "finish" | "move" | "cancel";
export type InFlightChoice = { version: number; stepId: string | null; choice: Choice; reason?: string };

const groupKey = (g: Group) => `${g.version}:${g.stepId ?? ""}`;

/**
 * Publishing the draft: the executions still running on older versions, counted by the step they are at, and for each
 * group the person's choice — finish on their version (the default), move to the new version at their next step (only
 * where the new version still has the step they are at; otherwise the choice says why not), or cancel, with the reason
 * kept with each.
 */
export function PublishDialog({
  open,
  workflowId,
  name,
  busy,
  onPublish,
  onCancel,
}: {
  open: boolean;
  workflowId: string;
  name: string;
  busy: boolean;
  onPublish: (choices: InFlightChoice[]) => void;
  onCancel: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [choices, setChoices] = useState<Record<string, { choice: Choice; reason: string }>>({});
  const inFlight = useQuery({
    queryKey: keys.inFlight(workflowId),
    enabled: open,
    queryFn: ({ signal }) => call(api.GET("/api/workflows/{id}/in-flight", { params: { path: { id: workflowId } }, signal })),
  });
  useEffect(() => {
    const element = dialog.current;
    if (element && open && !element.open) {
      setChoices({});
      void inFlight.refetch();
      element.showModal();
    } else if (element && !open && element.open) {
      element.close();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- refetch on each opening only
  }, [open]);

  const groups = inFlight.data?.groups ?? [];
  const chosen = (g: Group) => choices[groupKey(g)] ?? { choice: "finish" as const, reason: "" };
  const missingReason = groups.some((g) => chosen(g).choice === "cancel" && chosen(g).reason.trim() === "");
  const set = (g: Group, change: Partial<{ choice: Choice; reason: string }>) =>
    setChoices((c) => ({ ...c, [groupKey(g)]: { ...chosen(g), ...change } }));

  return (
    <dialog ref={dialog} aria-labelledby={titleId} onCancel={onCancel} className="dialog publish-dialog">
      <h2 id={titleId}>Publish “{name}”?</h2>
      <p>New executions will take the new version at once.</p>
      {inFlight.isError && <ErrorBanner error={inFlight.error} title="The executions in flight could not be counted." onRetry={() => void inFlight.refetch()} />}
      {inFlight.data && groups.length === 0 && <p>No execution is running or waiting now.</p>}
      {groups.length > 0 && (
        <>
          <p>
            {plural(inFlight.data!.total, "execution")} {inFlight.data!.total === 1 ? "is" : "are"} running or waiting on the live version. What happens to
            them?
          </p>
          {groups.map((g) => {
            const key = groupKey(g);
            const current = chosen(g);
            const where = g.stepId === null ? "not started yet" : `at “${g.step}”`;
            const cannotMove =
              g.stepId === null
                ? "They have not begun a step, so there is no step to continue from."
                : g.inDraft
                  ? undefined
                  : `The new version has no “${g.step}” step, so they cannot continue on it.`;
            const moveHelpId = `move-help-${key}`;
            return (
              <fieldset key={key} className="in-flight-group">
                <legend>
                  {plural(g.count, "execution")} on version {g.version}, {where}
                  {g.waiting > 0 ? ` (${g.waiting} waiting)` : ""}
                </legend>
                <label>
                  <input type="radio" name={`choice-${key}`} checked={current.choice === "finish"} onChange={() => set(g, { choice: "finish" })} />
                  Finish on version {g.version}
                </label>
                <label title={cannotMove}>
                  <input
                    type="radio"
                    name={`choice-${key}`}
                    checked={current.choice === "move"}
                    disabled={cannotMove !== undefined}
                    aria-describedby={cannotMove ? moveHelpId : undefined}
                    onChange={() => set(g, { choice: "move" })}
                  />
                  Move to the new version
                </label>
                {cannotMove ? (
                  <p id={moveHelpId} className="muted">
                    {cannotMove}
                  </p>
                ) : (
                  current.choice === "move" && <p className="muted">They finish the step they are at (a wait keeps its time), then go on with the new version.</p>
                )}
                <label>
                  <input type="radio" name={`choice-${key}`} checked={current.choice === "cancel"} onChange={() => set(g, { choice: "cancel" })} />
                  Cancel them
                </label>
                {current.choice === "cancel" && (
                  <label className="field">
                    Why (kept with each execution)
                    <input type="text" value={current.reason} onChange={(e) => set(g, { reason: e.target.value })} required />
                  </label>
                )}
              </fieldset>
            );
          })}
        </>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          Keep editing
        </button>
        <button
          type="button"
          className="button button-primary"
          disabled={busy || inFlight.isPending || missingReason}
          title={missingReason ? "Say why the executions are cancelled." : undefined}
          onClick={() =>
            onPublish(groups.map((g) => ({ version: g.version, stepId: g.stepId ?? null, choice: chosen(g).choice, reason: chosen(g).reason.trim() || undefined })))
          }
        >
          {busy ? "Publishing…" : "Publish"}
        </button>
      </div>
    </dialog>
  );
}
